"""Dense matrix multiply C = A @ B: square n×n float64, A from the generator
at offset 0, B at offset n*n (row-major), checksums: the sum of C and the
position-weighted sum sum_ij C[i][j] * w(i) * w(n + j) (the 2-D weight of
python_baselines/checksums.py)."""

from __future__ import annotations

import numpy as np

from python_baselines import optional
from python_baselines import precision
from python_baselines.checksums import position_weights, weighted_sum_2d
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


def reference(params: dict[str, int], seed: int = 42) -> dict[str, float]:
    """Both checksums of the exact product, each rounded once (any dtype: a float32, tf32 or bf16 result is
    checked against these with its own tolerance).

    With A = a * 2**-53 and B = b * 2**-53 (integer matrices a, b) and the integer weights r_i = w(i),
    s_j = w(n + j):
        sum_ij C_ij                  = 2**-106 * sum_k S_k U_k
        sum_ij C_ij r_i s_j          = 2**-106 * sum_k T_k V_k
    where S_k = sum_i a_ik, T_k = sum_i r_i a_ik (columns of a) and
    U_k = sum_j b_kj, V_k = sum_j s_j b_kj (rows of b): O(n^2) exact integer work.
    """
    n = params["n"]
    column_sums = [0] * n  # S
    weighted_column_sums = [0] * n  # T
    row_sums: list[int] = []  # U
    weighted_row_sums: list[int] = []  # V
    row_weights = position_weights(n)
    column_weights = position_weights(n, n)
    for first in range(0, n, REFERENCE_ROWS):
        rows = min(REFERENCE_ROWS, n - first)
        a = mantissa_array(rows * n, seed, first * n).reshape(rows, n)
        column_sums = [x + y for x, y in zip(column_sums, integer_sums(a, axis=0))]
        weighted_column_sums = [x + y for x, y in zip(weighted_column_sums, integer_sums(
            a, axis=0, weights=row_weights[first:first + rows, None]))]
        b = mantissa_array(rows * n, seed, n * n + first * n).reshape(rows, n)
        row_sums += integer_sums(b, axis=1)
        weighted_row_sums += integer_sums(b, axis=1, weights=column_weights)
    total = sum(s * u for s, u in zip(column_sums, row_sums))
    weighted = sum(t * v for t, v in zip(weighted_column_sums, weighted_row_sums))
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
