"""Dense matrix multiply C = A @ B: square n×n float64, A from the generator
at offset 0, B at offset n*n (row-major), checksums: the sum of C and the
position-weighted sum sum_ij C[i][j] * w(i) * w(n + j) (the 2-D weight of
python_baselines/checksums.py)."""

from __future__ import annotations

import numpy as np

from python_baselines import optional
from python_baselines import precision
from python_baselines.checksums import weighted_sum_2d
from python_baselines.prng import uniform_array
from python_baselines.registry import Params, Prepared, implementation
from references.matmul import reference  # noqa: F401  (the reference lives in references/; re-exported)

MAX_N = 16384  # as the C++ and Java impls (3 matrices of 16384^2 doubles are 6 GiB)


def input_arrays(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """A and B as NumPy arrays (the same values in every language)."""
    return (uniform_array(n * n, seed, 0).reshape(n, n), uniform_array(n * n, seed, n * n).reshape(n, n))


def matmul_loops(a: list[list[float]], b: list[list[float]]) -> list[list[float]]:
    """The textbook i-j-k loop with a scalar accumulator, as java.loops and cpp.naive."""
    n = len(a)
    c = [[0.0] * n for _ in range(n)]
    for i in range(n):
        a_row = a[i]
        c_row = c[i]
        for j in range(n):
            total = 0.0
            for k in range(n):
                total += a_row[k] * b[k][j]
            c_row[j] = total
    return c


def checksums_of_array(c) -> dict[str, float]:
    """Both checksums of C (an array of either dtype, or lists of lists), in float64."""
    c = np.asarray(c, dtype=np.float64)
    return {"checksum": float(c.sum()), "checksum_weighted": weighted_sum_2d(c)}


checksums_of_lists = checksums_of_array  # python.loops's list of lists: the same definition


@implementation("matmul", "python.loops")
def _loops(params: Params) -> Prepared:
    n = params.get("n", 1, MAX_N)
    a, b = (m.tolist() for m in input_arrays(n, params.seed))
    return Prepared(kernel=lambda: matmul_loops(a, b), checksums=checksums_of_lists)


@implementation("matmul", "python.numpy")
def _numpy(params: Params) -> Prepared:
    n = params.get("n", 1, MAX_N)
    dtype = precision.dtype_of(params)
    a, b = input_arrays(n, params.seed)
    if dtype is np.float64:
        return Prepared(kernel=lambda: a @ b, checksums=checksums_of_array)
    a32, b32 = a.astype(dtype), b.astype(dtype)  # sgemm: the same BLAS in float32

    exact: list[np.ndarray] = []  # the float64 product, computed at the first checksums (after timing), kept:
    # the harness takes every repetition's checksums

    def checksums(c: np.ndarray) -> dict[str, float]:
        if not exact:
            exact.append(a @ b)
        return {**checksums_of_array(c), **precision.error_counters(c, exact[0])}

    return Prepared(kernel=lambda: a32 @ b32, checksums=checksums)


# ----------------------------------------------------------------- Python's own lessons
# Glue (python.cpp_ext) and a JIT (python.numba*).


def matmul_row(a: np.ndarray, b: np.ndarray, c: np.ndarray, i: int) -> None:
    """Row i of C by python.loops's j-k loops with a scalar accumulator, on 2-d arrays: what Numba compiles
    (it compiles loops over arrays, not lists of lists)."""
    n = a.shape[0]
    for j in range(n):
        total = 0.0
        for k in range(n):
            total += a[i, k] * b[k, j]
        c[i, j] = total


def matmul_rows(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """C = A·B row by row (i-j-k)."""
    n = a.shape[0]
    c = np.zeros((n, n))
    for i in range(n):
        matmul_row(a, b, c, i)
    return c


@implementation("matmul", "python.cpp_ext")
def _cpp_ext(params: Params) -> Prepared:
    n = params.get("n", 1, MAX_N)
    native = optional.native()
    a, b = input_arrays(n, params.seed)
    threads = params.threads
    return Prepared(kernel=lambda: native.matmul("tiled", a, b, threads), checksums=checksums_of_array)


@implementation("matmul", "python.numba")
def _numba(params: Params) -> Prepared:
    n = params.get("n", 1, MAX_N)
    kernels = optional.numba_kernels()
    a, b = input_arrays(n, params.seed)
    rows = kernels.compile_now(kernels.matmul_rows, *input_arrays(1, params.seed))  # untimed (numba_kernels.py)
    return Prepared(kernel=lambda: rows(a, b), checksums=checksums_of_array)


@implementation("matmul", "python.numba_parallel")
def _numba_parallel(params: Params) -> Prepared:
    n = params.get("n", 1, MAX_N)
    kernels = optional.numba_kernels(params.threads)
    a, b = input_arrays(n, params.seed)
    parallel = kernels.compile_now(kernels.matmul_parallel, *input_arrays(1, params.seed))
    return Prepared(kernel=lambda: parallel(a, b), checksums=checksums_of_array)
