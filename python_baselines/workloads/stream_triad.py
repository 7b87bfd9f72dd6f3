"""STREAM triad: a[i] = b[i] + s*c[i] over n float64 values; b from the
generator at offset 0, c at offset n; checksum: the sum of a."""

from __future__ import annotations

import numpy as np

from python_baselines.exact import integer_sums
from python_baselines.prng import mantissa_array, uniform_array
from python_baselines.registry import Params, Prepared, implementation

SCALAR = 3.0  # s, the same in every language
MAX_N = (1 << 31) - 1  # Java arrays stop here
REFERENCE_CHUNK = 1 << 22  # values turned into integers at a time (bounded memory at any n)


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


def checksum_of_array(a: np.ndarray) -> dict[str, float]:
    return {"checksum": float(a.sum())}


@implementation("stream_triad", "python.loops")
def _loops(params: Params) -> Prepared:
    n = params.get("n", 1, MAX_N)
    a = [0.0] * n
    b = uniform_array(n, params.seed, 0).tolist()
    c = uniform_array(n, params.seed, n).tolist()
    return Prepared(kernel=lambda: triad_loops(a, b, c, SCALAR), checksums=lambda out: {"checksum": sum(out)})


@implementation("stream_triad", "python.numpy")
def _numpy(params: Params) -> Prepared:
    n = params.get("n", 1, MAX_N)
    b = uniform_array(n, params.seed, 0)
    c = uniform_array(n, params.seed, n)
    return Prepared(kernel=lambda: triad_numpy(b, c, SCALAR), checksums=checksum_of_array)


@implementation("stream_triad", "python.numpy_inplace")
def _numpy_inplace(params: Params) -> Prepared:
    n = params.get("n", 1, MAX_N)
    a = np.zeros(n)
    b = uniform_array(n, params.seed, 0)
    c = uniform_array(n, params.seed, n)
    return Prepared(kernel=lambda: triad_numpy_inplace(a, b, c, SCALAR), checksums=checksum_of_array)


def reference(params: dict[str, int], seed: int = 42) -> dict[str, float]:
    """The exact sum of b[i] + 3*c[i] over all i, rounded once: 2**-53 * (sum m_b + 3 sum m_c) in integers."""
    n = params["n"]
    total = 0
    for first in range(0, n, REFERENCE_CHUNK):
        count = min(REFERENCE_CHUNK, n - first)
        total += integer_sums(mantissa_array(count, seed, first))[0]
        total += 3 * integer_sums(mantissa_array(count, seed, n + first))[0]
    return {"checksum": total / (1 << 53)}  # int / int rounds correctly
