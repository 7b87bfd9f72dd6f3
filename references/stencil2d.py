"""stencil2d: both checksums of the sweeps computed once more in extended precision (impls:
python_baselines/workloads/stencil2d.py)."""

from __future__ import annotations

import math

import numpy as np

from references.checksums import position_weights
from references.prng import mantissa_array, uniform_array

# Not the impls' code: an independent computation of the same sweeps in extended precision
# (np.longdouble: 64-bit significands on x86-64), which tests pin to exact rational arithmetic at small
# sizes. The impls round every point of every sweep to float64; against the exact grid their checksums
# differ by ~1e-16 (the manifest's tolerance has room for that, not for a wrong point).
REFERENCE_BLOCK_ROWS = 256  # rows of the reference grid summed at a time (bounded temporaries)


def extended_grid(n: int, sweeps: int, seed: int) -> np.ndarray:
    """The final grid computed in np.longdouble, rows written separately from stencil_numpy: each sweep's
    interior point is (sum of its 4 neighbours) / 4 of the previous grid."""
    previous = uniform_array(n * n, seed, 0).reshape(n, n).astype(np.longdouble)
    current = previous.copy()
    quarter = np.longdouble(1) / 4
    for _ in range(sweeps):
        neighbours = previous[0 : n - 2, 1 : n - 1] + previous[2:n, 1 : n - 1]
        neighbours += previous[1 : n - 1, 0 : n - 2]
        neighbours += previous[1 : n - 1, 2:n]
        current[1 : n - 1, 1 : n - 1] = neighbours * quarter
        previous, current = current, previous
    return previous


def exact_grid(n: int, sweeps: int, seed: int) -> tuple[np.ndarray, int]:
    """The final grid in exact integers: (G, d) with the grid = G / 2**d (Python ints; small sizes only).
    Starting from the generator's integers (value = m 2**-53), each sweep sums 4 neighbours and the
    boundary is scaled by 4 to keep one denominator: d = 53 + 2 k."""
    grid = mantissa_array(n * n, seed, 0).astype(object).reshape(n, n)
    for _ in range(sweeps):
        new = grid * 4
        new[1:-1, 1:-1] = grid[:-2, 1:-1] + grid[2:, 1:-1] + grid[1:-1, :-2] + grid[1:-1, 2:]
        grid = new
    return grid, 53 + 2 * sweeps


def reference(params: dict[str, int], seed: int = 42) -> dict[str, float]:
    """Both checksums of the extended-precision final grid: each term (a value, or a value times its two
    weights) rounded once to float64, then summed exactly (math.fsum), a block of rows at a time."""
    grid = extended_grid(params["n"], params["k"], seed)
    n = grid.shape[0]
    row_weights = position_weights(n).astype(np.longdouble)
    column_weights = position_weights(n, n).astype(np.longdouble)
    plain, weighted = [], []
    for first in range(0, n, REFERENCE_BLOCK_ROWS):
        block = grid[first : first + REFERENCE_BLOCK_ROWS]
        plain.append(math.fsum(block.astype(np.float64).ravel()))
        terms = block * column_weights[None, :] * row_weights[first : first + block.shape[0], None]
        weighted.append(math.fsum(terms.astype(np.float64).ravel()))
    return {"checksum": math.fsum(plain), "checksum_weighted": math.fsum(weighted)}
