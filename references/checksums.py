"""The position weight behind every weighted checksum, and the weighted sums built on it.

A plain sum cannot see where a value sits: a swapped pair, a permuted block or
a chunk written at the wrong offset leave it unchanged. A weighted sum
sum_p x_p * w(p) does change, by (x_p - x_q) * (w(q) - w(p)) for a swap, so the
weight must differ a lot between neighbours. A linear weight (p + 1) does not:
at a million elements an adjacent swap moves a linear-weighted sum by ~1e-12
relative, under the rounding. This weight is a hash of the position:

    w(p) = 1 + (splitmix64(2**63 + p) >> 54)        an integer in [1, 1024]

(splitmix64 of the shared generator, references/prng.py; the stream
2**63 + p never meets the inputs' seed + i). A swap, a shift or a misplaced
chunk then moves the weighted sum by about as much, relative, as one element
wrong by its own size moves the plain sum (~1/N), at every N.

A 1-D output x of length N:       weighted = sum_p x[p] * w(p)
A 2-D output m of rows x cols:    weighted = sum_ij m[i][j] * w(i) * w(rows + j)
(rows and columns get weights of their own, so a transposed result changes it
too; the product form lets matmul's exact reference stay O(n^2)).

The same definition is in benchmarks/cpp/checksum.hpp (C++, and CUDA on the
host after the copy back) and java_baselines/.../Checksums.java; the test
vectors in each language's tests pin them together.
"""

from __future__ import annotations

import numpy as np

from references.exact import integer_sums
from references.prng import mantissa_array, splitmix64

WEIGHT_STREAM = 1 << 63
WEIGHT_BITS = 10  # weights 1 .. 2**10
_SHIFT_FROM_MANTISSA = np.uint64(53 - WEIGHT_BITS)  # mantissa_array drops 11 of splitmix64's 64 bits
CHUNK = 1 << 16  # values weighted at a time: bounded temporaries at any size
EXACT_CHUNK = 1 << 14  # values per exact integer sum (integer_sums' limit for weights below 2**15)


def position_weight(p: int) -> int:
    """w(p), in pure Python (the definition)."""
    return 1 + (splitmix64(WEIGHT_STREAM + p) >> (64 - WEIGHT_BITS))


def position_weights(count: int, offset: int = 0) -> np.ndarray:
    """w(offset), ..., w(offset + count - 1) as uint64."""
    return (mantissa_array(count, WEIGHT_STREAM, offset) >> _SHIFT_FROM_MANTISSA) + np.uint64(1)


def weighted_sum(values) -> float:
    """sum_p x[p] * w(p) over a 1-D output (any sequence of numbers), in float64."""
    x = np.asarray(values, dtype=np.float64).ravel()
    total = 0.0
    for first in range(0, x.size, CHUNK):
        part = x[first : first + CHUNK]
        total += float(np.dot(part, position_weights(part.size, first).astype(np.float64)))
    return total


def weighted_sum_2d(matrix) -> float:
    """sum_ij m[i][j] * w(i) * w(rows + j) over a 2-D output, in float64: each row against the column
    weights, then the row totals against the row weights."""
    m = np.asarray(matrix, dtype=np.float64)
    rows, cols = m.shape
    row_weights = position_weights(rows).astype(np.float64)
    column_weights = position_weights(cols, rows).astype(np.float64)
    step = max(1, CHUNK // max(cols, 1))
    total = 0.0
    for first in range(0, rows, step):
        block = m[first : first + step]
        total += float(np.dot(block @ column_weights, row_weights[first : first + block.shape[0]]))
    return total


def exact_weighted_sum(mantissas: np.ndarray, offset: int = 0) -> int:
    """sum_p m[p] * w(offset + p) in exact integers, for integer (uint64, < 2**53) values m: the references
    whose output values are integers times a power of two."""
    total = 0
    m = np.asarray(mantissas, dtype=np.uint64).ravel()
    for first in range(0, m.size, EXACT_CHUNK):
        part = m[first : first + EXACT_CHUNK]
        total += integer_sums(part, weights=position_weights(part.size, offset + first))[0]
    return total
