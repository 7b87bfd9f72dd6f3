"""mandelbrot: the exact escape-count total, from the definition written once more (impls and the grid's
description: python_baselines/workloads/mandelbrot.py). The grid constants are the definition; the impls
import them from here."""

from __future__ import annotations

import numpy as np

MAX_ITERATIONS = 100
X_CENTRE = -0.75
HALF_EXTENT = 1.25  # the grid is square: [-2, 0.5] x [-1.25, 1.25]
BLOCK_PIXELS = 1 << 16  # rows per reference block hold about this many pixels (bounded temporaries)


def reference_counts(n: int, first_row: int = 0, rows: int | None = None) -> np.ndarray:
    """The escape counts of rows [first_row, first_row + rows) as an int array: the definition once more,
    not the impls' code. Every pixel of the block is stepped together; a pixel that has escaped is frozen
    (np.where keeps its z) instead of being compressed out as python.numpy does."""
    rows = n - first_row if rows is None else rows
    h = HALF_EXTENT / n
    ci = ((2 * np.arange(first_row, first_row + rows) + 1 - n) * h)[:, None] * np.ones((1, n))
    cr = (X_CENTRE + (2 * np.arange(n) + 1 - n) * h)[None, :] * np.ones((rows, 1))
    zr = np.zeros_like(cr)
    zi = np.zeros_like(cr)
    counts = np.zeros(cr.shape, dtype=np.int64)
    running = np.ones(cr.shape, dtype=bool)
    for _ in range(MAX_ITERATIONS):
        zr2, zi2 = zr * zr, zi * zi
        running &= ~(zr2 + zi2 > 4.0)
        if not running.any():
            break
        zi, zr = np.where(running, 2.0 * zr * zi + ci, zi), np.where(running, zr2 - zi2 + cr, zr)
        counts += running
    return counts


def reference(params: dict[str, int]) -> dict[str, float]:
    """The exact total, from reference_counts in blocks of rows (tests pin it to the pure-Python loop and
    to the totals the C++ and Java tests assert)."""
    n = params["n"]
    step = max(1, BLOCK_PIXELS // n)
    total = sum(int(reference_counts(n, first, min(step, n - first)).sum()) for first in range(0, n, step))
    return {"checksum": float(total)}
