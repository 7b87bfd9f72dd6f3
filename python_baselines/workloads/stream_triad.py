"""STREAM triad: a[i] = b[i] + s*c[i] over n float64 values; b from the
generator at offset 0, c at offset n; checksums: the sum of a and its
position-weighted sum (python_baselines/checksums.py).

`a` lives from one iteration to the next, so before each timed iteration it
is filled with NaN (untimed): a kernel that skipped the work would hand back
NaNs, not the previous iteration's correct array."""

from __future__ import annotations

import math

import numpy as np

from python_baselines import precision
from python_baselines.checksums import weighted_sum
from python_baselines.prng import uniform_array
from python_baselines.registry import Params, Prepared, implementation
from references.stream_triad import SCALAR
from references.stream_triad import reference  # noqa: F401  (the reference lives in references/; re-exported)

MAX_N = (1 << 31) - 1  # Java arrays stop here


def triad_loops(a: list[float], b: list[float], c: list[float], s: float) -> list[float]:
    """The plain loop over lists, as java.loops and cpp.naive."""
    for i in range(len(a)):
        a[i] = b[i] + s * c[i]
    return a


def triad_numpy(b: np.ndarray, c: np.ndarray, s: float) -> np.ndarray:
    """The idiomatic expression: s*c makes a temporary array, + makes the result (a fresh array each time)."""
    return b + s * c


def triad_numpy_inplace(a: np.ndarray, b: np.ndarray, c: np.ndarray, s: float) -> np.ndarray:
    """Into the existing a with out=: no allocation, but two passes (a = s*c; a += b) instead of one."""
    np.multiply(c, s, out=a)
    np.add(a, b, out=a)  # a + b == b + a bit for bit: the same values as the other impls
    return a


def checksums_of(a) -> dict[str, float]:
    """Both checksums of the output (a list or an array of either dtype), in float64."""
    values = np.asarray(a, dtype=np.float64)
    return {"checksum": float(values.sum()), "checksum_weighted": weighted_sum(values)}


def poison_list(a: list[float]) -> None:
    a[:] = [math.nan] * len(a)


@implementation("stream_triad", "python.loops")
def _loops(params: Params) -> Prepared:
    n = params.get("n", 1, MAX_N)
    a = [0.0] * n
    b = uniform_array(n, params.seed, 0).tolist()
    c = uniform_array(n, params.seed, n).tolist()
    return Prepared(
        kernel=lambda: triad_loops(a, b, c, SCALAR), checksums=checksums_of, before_each=lambda: poison_list(a)
    )


def _typed_inputs(params: Params, n: int) -> tuple[np.ndarray, np.ndarray, type]:
    """b and c in the dtype parameter's type (float32: rounded once from the float64 values)."""
    dtype = precision.dtype_of(params)
    return uniform_array(n, params.seed, 0).astype(dtype), uniform_array(n, params.seed, n).astype(dtype), dtype


def _checksums_for(params: Params, n: int, dtype: type):
    """The checksums; for float32 also the error counters against the float64 triad (after timing)."""
    if dtype is np.float64:
        return checksums_of

    def checksums(a: np.ndarray) -> dict[str, float]:
        exact = triad_numpy(uniform_array(n, params.seed, 0), uniform_array(n, params.seed, n), SCALAR)
        return {**checksums_of(a), **precision.error_counters(a, exact)}

    return checksums


@implementation("stream_triad", "python.numpy")
def _numpy(params: Params) -> Prepared:
    n = params.get("n", 1, MAX_N)
    b, c, dtype = _typed_inputs(params, n)  # SCALAR is a Python float: NumPy keeps float32 arrays float32
    return Prepared(kernel=lambda: triad_numpy(b, c, SCALAR), checksums=_checksums_for(params, n, dtype))


@implementation("stream_triad", "python.numpy_inplace")
def _numpy_inplace(params: Params) -> Prepared:
    n = params.get("n", 1, MAX_N)
    b, c, dtype = _typed_inputs(params, n)
    a = np.zeros(n, dtype=dtype)
    return Prepared(
        kernel=lambda: triad_numpy_inplace(a, b, c, SCALAR),
        checksums=_checksums_for(params, n, dtype),
        before_each=lambda: a.fill(np.nan),
    )
