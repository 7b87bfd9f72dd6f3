"""chunked_reduction: the exact mean and variance of the generated values (impls: python_baselines/workloads/chunked_reduction.py)."""

from __future__ import annotations

import numpy as np

from references.prng import mantissa_array

BLOCK_VALUES = 1 << 20  # values turned into integers at a time (bounded memory at any n)


def exact_sums(n: int, seed: int) -> tuple[int, int]:
    """(sum of k_i, sum of k_i^2) in integers, where x_i = k_i 2^-53. Each k < 2^53 is split into 18-bit
    digits a, b, c (k = a 2^36 + b 2^18 + c), so every product of digits summed over a chunk of 2^20 values
    stays below 2^56 in uint64; the chunk totals are combined in Python integers."""
    total = squares = 0
    digit = np.uint64(18)
    mask = np.uint64((1 << 18) - 1)
    for start in range(0, n, BLOCK_VALUES):
        k = mantissa_array(min(BLOCK_VALUES, n - start), seed, start)
        a, b, c = k >> (digit + digit), (k >> digit) & mask, k & mask

        def total_of(x: np.ndarray) -> int:
            return int(np.sum(x, dtype=np.uint64))

        total += (total_of(a) << 36) + (total_of(b) << 18) + total_of(c)
        squares += (
            (total_of(a * a) << 72)
            + (total_of(a * b) << 55)
            + ((2 * total_of(a * c) + total_of(b * b)) << 36)
            + (total_of(b * c) << 19)
            + total_of(c * c)
        )
    return total, squares


def reference(params: dict[str, int], seed: int = 42) -> dict[str, float]:
    """Exact, rounded once: mean = S / (n 2^53), variance = (n Q - S^2) / (n^2 2^106) with S and Q the exact
    integer sums of exact_sums (Python's int / int is correctly rounded)."""
    n = params["n"]
    total, squares = exact_sums(n, seed)
    return {"mean": total / (n << 53), "variance": (n * squares - total * total) / ((n * n) << 106)}
