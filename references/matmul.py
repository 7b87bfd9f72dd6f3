"""matmul: both checksums of the exact product (impls: python_baselines/workloads/matmul.py)."""

from __future__ import annotations

from references.checksums import position_weights
from references.exact import integer_sums
from references.prng import mantissa_array

REFERENCE_ROWS = 256  # rows of A or B turned into integers at a time (bounded memory at any n)


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
        weighted_column_sums = [
            x + y
            for x, y in zip(
                weighted_column_sums, integer_sums(a, axis=0, weights=row_weights[first : first + rows, None])
            )
        ]
        b = mantissa_array(rows * n, seed, n * n + first * n).reshape(rows, n)
        row_sums += integer_sums(b, axis=1)
        weighted_row_sums += integer_sums(b, axis=1, weights=column_weights)
    total = sum(s * u for s, u in zip(column_sums, row_sums))
    weighted = sum(t * v for t, v in zip(weighted_column_sums, weighted_row_sums))
    scale = 1 << 106
    return {"checksum": total / scale, "checksum_weighted": weighted / scale}  # int / int rounds correctly
