"""Mandelbrot escape-time counts over an n x n grid of [-2, 0.5] x [-1.25, 1.25].

The definition every language follows, operation for operation (so that all
CPU impls compute the identical integer):

    h = 1.25 / n                            # half a pixel
    pixel (row i, column j) is the centre of its cell, written symmetrically
    about the grid's centre (-0.75, 0):
        cr = -0.75 + (2*j + 1 - n) * h      ci = (2*i + 1 - n) * h
    (the same points as -2 + (j + 0.5) * 2.5/n and -1.25 + (i + 0.5) * 2.5/n;
    the integers are exact, so ci is one rounding in every language, a fused
    multiply-add cannot change it, and the middle row of an odd grid is exactly
    the real axis everywhere; with the textbook form, g++'s FMA moved that row
    1e-17 off the axis and ~0.1 n of its pixels, on the chaotic stretch
    [-2, -1.4] of the axis, escaped after ~60 iterations instead of counting 100)
    zr = zi = 0.0, count = 0
    while count < 100:
        zr2 = zr * zr;  zi2 = zi * zi
        if zr2 + zi2 > 4.0: break          # escaped
        zi = 2.0 * zr * zi + ci            # (2.0 * zr) * zi, then + ci
        zr = zr2 - zi2 + cr                # (zr2 - zi2), then + cr
        count += 1
    checksum = the sum of count over all n*n pixels (a pixel inside the set counts 100)
"""

from __future__ import annotations

import numpy as np

from python_baselines import optional
from python_baselines.parallel import ProcessWorkers, ThreadWorkers
from python_baselines.registry import Params, Prepared, implementation
from references.mandelbrot import HALF_EXTENT, MAX_ITERATIONS, X_CENTRE
from references.mandelbrot import reference  # noqa: F401  (the reference lives in references/; re-exported)

MAX_N = 65_536
NUMPY_BLOCK_PIXELS = 1 << 16  # rows per NumPy block hold about this many pixels: 512 KiB arrays stay in cache


def mandelbrot_loops(n: int) -> int:
    """Pixel by pixel, the escape loop written as in java.loops and cpp.naive."""
    return mandelbrot_rows(n, 0, 1)


def mandelbrot_rows(n: int, first: int, step: int) -> int:
    """The total of rows first, first + step, ... (every row: 0, 1). Workers take interleaved rows
    (first = worker, step = workers), so each gets a share of the costly middle rows."""
    h = HALF_EXTENT / n
    total = 0
    for i in range(first, n, step):
        ci = (2 * i + 1 - n) * h
        for j in range(n):
            cr = X_CENTRE + (2 * j + 1 - n) * h
            zr = zi = 0.0
            count = 0
            while count < MAX_ITERATIONS:
                zr2 = zr * zr
                zi2 = zi * zi
                if zr2 + zi2 > 4.0:
                    break
                zi = 2.0 * zr * zi + ci
                zr = zr2 - zi2 + cr
                count += 1
            total += count
    return total


def _block_counts(cr: np.ndarray, ci: np.ndarray, xp=np) -> int:
    """Total iterations of the pixels (cr, ci), vectorized: every step updates the pixels still active,
    in place, then drops those that escaped (a boolean mask compresses the arrays). xp: the array module
    (cupy for python.cupy: the same code, each step's count of survivors read back by the host)."""
    zr = xp.zeros_like(cr)
    zi = xp.zeros_like(cr)
    zr2 = xp.empty_like(cr)
    zi2 = xp.empty_like(cr)
    magnitude = xp.empty_like(cr)
    total = 0
    for count in range(MAX_ITERATIONS):
        xp.multiply(zr, zr, out=zr2)
        xp.multiply(zi, zi, out=zi2)
        xp.add(zr2, zi2, out=magnitude)
        active = magnitude <= 4.0  # the complement of the escape test "> 4.0"
        alive = int(xp.count_nonzero(active))
        if alive < cr.size:
            total += count * (cr.size - alive)  # each pixel escaping now has done `count` iterations
            if alive == 0:
                return total
            cr, ci, zr, zi, zr2, zi2 = cr[active], ci[active], zr[active], zi[active], zr2[active], zi2[active]
            magnitude = magnitude[:alive]
        zi *= zr  # (zi * zr) * 2 has the bits of (2 * zr) * zi: doubling is exact
        zi *= 2.0
        zi += ci
        xp.subtract(zr2, zi2, out=zr)
        zr += cr
    return total + MAX_ITERATIONS * cr.size  # never escaped: inside the set (as far as 100 iterations tell)


def mandelbrot_numpy(n: int, xp=np, block_pixels: int = NUMPY_BLOCK_PIXELS) -> int:
    """NumPy over blocks of rows: whole-array steps on the active pixels, escaped ones masked out.
    xp and block_pixels: the array module and the block's size (python.cupy: cupy, far larger blocks)."""
    h = HALF_EXTENT / n
    columns = X_CENTRE + (2.0 * xp.arange(n, dtype=xp.float64) + (1 - n)) * h
    rows_per_block = max(1, block_pixels // n)
    total = 0
    for first in range(0, n, rows_per_block):
        rows = (2.0 * xp.arange(first, min(first + rows_per_block, n), dtype=xp.float64) + (1 - n)) * h
        cr = xp.tile(columns, rows.size)
        ci = xp.repeat(rows, n)
        total += _block_counts(cr, ci, xp)
    return total


def _params(params: Params) -> int:
    return params.get("n", 1, MAX_N)


@implementation("mandelbrot", "python.loops")
def _loops(params: Params) -> Prepared:
    n = _params(params)
    return Prepared(kernel=lambda: mandelbrot_loops(n), checksums=lambda total: {"checksum": total})


@implementation("mandelbrot", "python.numpy")
def _numpy(params: Params) -> Prepared:
    n = _params(params)
    return Prepared(kernel=lambda: mandelbrot_numpy(n), checksums=lambda total: {"checksum": total})


# ----------------------------------------------------------------- Python's own lessons
# The GIL (python.threads vs python.processes), glue (python.cpp_ext), a JIT (python.numba*).


def mandelbrot_workers(n: int, workers) -> int:
    """Worker w of W takes rows w, w + W, ... (interleaved: every worker gets some of the costly middle)."""
    return sum(workers.map(mandelbrot_rows, [(n, first, workers.count) for first in range(workers.count)]))


@implementation("mandelbrot", "python.threads")
def _threads(params: Params) -> Prepared:
    n = _params(params)
    workers = ThreadWorkers(params.threads)
    return Prepared(kernel=lambda: mandelbrot_workers(n, workers), checksums=lambda total: {"checksum": total})


@implementation("mandelbrot", "python.processes")
def _processes(params: Params) -> Prepared:
    n = _params(params)
    workers = ProcessWorkers(params.threads)
    return Prepared(kernel=lambda: mandelbrot_workers(n, workers), checksums=lambda total: {"checksum": total})


@implementation("mandelbrot", "python.cpp_ext")
def _cpp_ext(params: Params) -> Prepared:
    n = _params(params)
    native = optional.native()
    return Prepared(kernel=lambda: native.mandelbrot_naive(n), checksums=lambda total: {"checksum": total})


@implementation("mandelbrot", "python.numba")
def _numba(params: Params) -> Prepared:
    n = _params(params)
    kernels = optional.numba_kernels()
    loops = kernels.compile_now(kernels.mandelbrot_loops, 1)  # compiled in prepare, untimed (numba_kernels.py)
    return Prepared(kernel=lambda: loops(n), checksums=lambda total: {"checksum": total})


@implementation("mandelbrot", "python.numba_parallel")
def _numba_parallel(params: Params) -> Prepared:
    n = _params(params)
    kernels = optional.numba_kernels(params.threads)
    parallel = kernels.compile_now(kernels.mandelbrot_parallel, 1)
    return Prepared(kernel=lambda: parallel(n), checksums=lambda total: {"checksum": total})
