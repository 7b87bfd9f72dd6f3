"""2-D Jacobi heat diffusion: 5-point stencil over an n×n grid, k sweeps,
fixed boundary. The initial grid comes from the generator (element (i, j) at
offset i*n + j); each sweep sets every interior point to
0.25 * (((up + down) + left) + right) of the previous grid, in that order in
every language, so all impls compute the same grid bit for bit. A run never
modifies the initial grid: sweep 1 writes work grid A, then A -> B -> A ...
Checksums: the sum of the final grid and its position-weighted sum (the 2-D
weight of python_baselines/checksums.py).

The work grids live from one iteration to the next, so before each timed
iteration their interiors are filled with NaN (untimed; the sweeps never write
the boundary): a kernel that skipped the sweeps would hand back NaNs, not the
grid of the previous iteration."""

from __future__ import annotations

import math

import numpy as np

from python_baselines.checksums import weighted_sum_2d
from python_baselines.prng import uniform_array
from python_baselines.registry import Params, Prepared, implementation
from references.stencil2d import reference  # noqa: F401  (the reference lives in references/; re-exported)

MIN_N = 3  # at least one interior point
MAX_N = 65536
MAX_SWEEPS = 1_000_000


def initial_grid(n: int, seed: int) -> np.ndarray:
    return uniform_array(n * n, seed, 0).reshape(n, n)


def stencil_loops(
    initial: list[list[float]], work_a: list[list[float]], work_b: list[list[float]], sweeps: int
) -> list[list[float]]:
    """Plain loops over rows and columns, as java.loops and cpp.naive; returns the final grid."""
    n = len(initial)
    source = initial
    for sweep in range(sweeps):
        target = work_a if sweep % 2 == 0 else work_b
        for i in range(1, n - 1):
            up, row, down, out = source[i - 1], source[i], source[i + 1], target[i]
            for j in range(1, n - 1):
                out[j] = 0.25 * (up[j] + down[j] + row[j - 1] + row[j + 1])
        source = target
    return source


def stencil_numpy(initial: np.ndarray, work_a: np.ndarray, work_b: np.ndarray, sweeps: int) -> np.ndarray:
    """One slicing expression per sweep (NumPy makes a temporary per + and *); returns the final grid."""
    source = initial
    for sweep in range(sweeps):
        target = work_a if sweep % 2 == 0 else work_b
        target[1:-1, 1:-1] = 0.25 * (source[:-2, 1:-1] + source[2:, 1:-1] + source[1:-1, :-2] + source[1:-1, 2:])
        source = target
    return source


def checksums_of(grid) -> dict[str, float]:
    """Both checksums of a final grid (an array or lists of rows), in float64."""
    values = np.asarray(grid, dtype=np.float64)
    return {"checksum": float(values.sum()), "checksum_weighted": weighted_sum_2d(values)}


def poison_interiors(*grids) -> None:
    """NaN into every interior point of the work grids (arrays or lists of rows); boundaries untouched."""
    for grid in grids:
        if isinstance(grid, np.ndarray):
            grid[1:-1, 1:-1] = np.nan
        else:
            nans = [math.nan] * (len(grid) - 2)
            for row in grid[1:-1]:
                row[1:-1] = nans


@implementation("stencil2d", "python.loops")
def _loops(params: Params) -> Prepared:
    n = params.get("n", MIN_N, MAX_N)
    sweeps = params.get("k", 1, MAX_SWEEPS)
    initial = initial_grid(n, params.seed).tolist()
    work_a = [row[:] for row in initial]  # the boundary, copied once
    work_b = [row[:] for row in initial]
    return Prepared(
        kernel=lambda: stencil_loops(initial, work_a, work_b, sweeps),
        checksums=checksums_of,
        before_each=lambda: poison_interiors(work_a, work_b),
    )


@implementation("stencil2d", "python.numpy")
def _numpy(params: Params) -> Prepared:
    n = params.get("n", MIN_N, MAX_N)
    sweeps = params.get("k", 1, MAX_SWEEPS)
    initial = initial_grid(n, params.seed)
    work_a = initial.copy()
    work_b = initial.copy()
    return Prepared(
        kernel=lambda: stencil_numpy(initial, work_a, work_b, sweeps),
        checksums=checksums_of,
        before_each=lambda: poison_interiors(work_a, work_b),
    )
