"""Dense matrix multiply C = A @ B: square n×n float64, A from the generator
at offset 0, B at offset n*n (row-major), checksums: the sum of C and the
position-weighted sum sum_ij C[i][j] * (i*n + j + 1)."""

from __future__ import annotations

import numpy as np

from python_baselines import optional
from python_baselines import precision
from python_baselines.exact import integer_sums
from python_baselines.prng import mantissa_array, uniform_array
from python_baselines.registry import Params, Prepared, implementation

MAX_N = 16384  # as the C++ and Java impls (3 matrices of 16384^2 doubles are 6 GiB)
REFERENCE_ROWS = 256  # rows of A or B turned into integers at a time (bounded memory at any n)


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


def checksums_of_lists(c: list[list[float]]) -> dict[str, float]:
    """Both checksums, row by row (each row summed, then the row sums added), as the C++ code."""
    n = len(c)
    total = 0.0
    weighted = 0.0
    for i, row in enumerate(c):
        total += sum(row)
        base = i * n + 1
        weighted += sum(value * (base + j) for j, value in enumerate(row))
    return {"checksum": total, "checksum_weighted": weighted}


def checksums_of_array(c: np.ndarray) -> dict[str, float]:
    n = c.shape[0]
    weights = np.arange(1, n * n + 1, dtype=np.float64).reshape(n, n)
    return {"checksum": float(c.sum()), "checksum_weighted": float((c * weights).sum())}


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
        return {**checksums_of_array(c.astype(np.float64)), "output_rel_error": precision.relative_error(c, exact[0])}

    return Prepared(kernel=lambda: a32 @ b32, checksums=checksums)


def reference(params: dict[str, int], seed: int = 42) -> dict[str, float]:
    """Both checksums of the exact product, each rounded once to a double.

    With A = a * 2**-53 and B = b * 2**-53 (integer matrices a, b):
        sum_ij C_ij                  = 2**-106 * sum_k S_k U_k
        sum_ij C_ij (i*n + j + 1)    = 2**-106 * sum_k (n T_k U_k + S_k V_k)
    where S_k = sum_i a_ik, T_k = sum_i i a_ik (columns of a) and
    U_k = sum_j b_kj, V_k = sum_j (j+1) b_kj (rows of b): O(n^2) exact integer work.
    """
    n = params["n"]
    column_sums = [0] * n  # S
    weighted_column_sums = [0] * n  # T
    row_sums: list[int] = []  # U
    weighted_row_sums: list[int] = []  # V
    column_weights = np.arange(1, n + 1, dtype=np.uint64)
    for first in range(0, n, REFERENCE_ROWS):
        rows = min(REFERENCE_ROWS, n - first)
        a = mantissa_array(rows * n, seed, first * n).reshape(rows, n)
        row_index = np.arange(first, first + rows, dtype=np.uint64)[:, None]
        column_sums = [x + y for x, y in zip(column_sums, integer_sums(a, axis=0))]
        weighted_column_sums = [x + y for x, y in zip(weighted_column_sums, integer_sums(a, axis=0, weights=row_index))]
        b = mantissa_array(rows * n, seed, n * n + first * n).reshape(rows, n)
        row_sums += integer_sums(b, axis=1)
        weighted_row_sums += integer_sums(b, axis=1, weights=column_weights)
    total = sum(s * u for s, u in zip(column_sums, row_sums))
    weighted = sum(n * t * u + s * v for s, t, u, v in zip(column_sums, weighted_column_sums, row_sums,
                                                            weighted_row_sums))
    scale = 1 << 106
    return {"checksum": total / scale, "checksum_weighted": weighted / scale}  # int / int rounds correctly


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
