"""Numba-compiled kernels for python.numba and python.numba_parallel ("a JIT for Python").

Imported only through python_baselines.optional.numba_kernels (numba is an
optional dependency). Where the pure-Python loop is plain numeric code, Numba
compiles *that very function* (`same_source`): the lesson is that the loop of
python.loops, unchanged, runs at compiled speed once a JIT types it. Only the
parallel drivers (prange) and the array-based n-body driver are new code.

Nothing is compiled at import: a kernel compiles on its first call, for the
argument types it sees. Each impl's prepare makes that first call itself
(compile_now, on a tiny input of the same types), untimed: with no warm-up
(the smoke preset) the compile (0.8-2 s) would otherwise land in repetition 0
of a 10 us kernel and wreck the mean and every prediction made from it. The
cold (whole-process) time still includes the compile: it happens inside the
process, before the timed run.
"""

from __future__ import annotations

import types
from typing import Any, Callable

import numba
import numpy as np
from numba import prange

from python_baselines.workloads import fib as fib_workload
from python_baselines.workloads import leibniz_pi, mandelbrot, matmul, nbody, sort


def same_source(function: Callable[..., Any], **bindings: Any):
    """numba.njit of `function`'s own code, with its own global name, and any `bindings` given, bound to
    compiled code in a private copy of its globals, so recursive calls and calls to helpers stay compiled
    (Numba cannot call the interpreted originals)."""
    namespace = dict(function.__globals__)
    clone = types.FunctionType(
        function.__code__, namespace, function.__name__, function.__defaults__, function.__closure__
    )
    compiled = numba.njit(clone)
    namespace[function.__name__] = compiled
    namespace.update(bindings)
    return compiled


def compile_now(kernel, *small_args):
    """Calls `kernel` once on small arguments of the types the timed call uses (same dtypes, dimensions and
    layout: Numba compiles one specialization per signature), so it is compiled here, untimed; returns it."""
    kernel(*small_args)
    return kernel


# ----------------------------------------------------------------- leibniz_pi

leibniz_partial = same_source(leibniz_pi.leibniz_partial)
leibniz_pi_loops = same_source(leibniz_pi.leibniz_pi_loops, leibniz_partial=leibniz_partial)


@numba.njit(parallel=True)
def leibniz_pi_parallel(n, parts):
    """One contiguous range of terms per thread (prange), partial sums added in a fixed order."""
    partial = np.zeros(parts)
    for part in prange(parts):
        partial[part] = leibniz_partial(n * part // parts, n * (part + 1) // parts)
    total = 0.0
    for part in range(parts):
        total += partial[part]
    return 4.0 * total


# ----------------------------------------------------------------- mandelbrot

mandelbrot_rows = same_source(mandelbrot.mandelbrot_rows)
mandelbrot_loops = same_source(mandelbrot.mandelbrot_loops, mandelbrot_rows=mandelbrot_rows)


@numba.njit(parallel=True)
def mandelbrot_parallel(n):
    """Rows shared out by prange; the integer total is the same in any order."""
    total = 0
    for row in prange(n):
        total += mandelbrot_rows(n, row, n)  # from `row` in steps of n: that row alone
    return total


# ----------------------------------------------------------------- nbody

acceleration_of = same_source(nbody.acceleration_of)
accelerations_loops = same_source(nbody.accelerations_loops, acceleration_of=acceleration_of)


@numba.njit(parallel=True)
def accelerations_parallel(x, y, z, m, ax, ay, az):
    """Bodies i shared out by prange; each i sums over all j exactly as the serial loop does."""
    for i in prange(x.size):
        ax[i], ay[i], az[i] = acceleration_of(i, x, y, z, m)


def nbody_arrays(initial, steps):
    """python.loops's leapfrog, element by element on the (7, n) array of nbody.initial_arrays (Numba
    compiles loops over arrays, not lists of floats); returns the final (6, n) state."""
    state = initial[:6].copy()
    x, y, z, vx, vy, vz = state[0], state[1], state[2], state[3], state[4], state[5]
    m = initial[6]
    n = m.size
    ax, ay, az = np.zeros(n), np.zeros(n), np.zeros(n)
    accelerations_loops(x, y, z, m, ax, ay, az)
    for _ in range(steps):
        for i in range(n):
            vx[i] += nbody.HALF_DT * ax[i]
            vy[i] += nbody.HALF_DT * ay[i]
            vz[i] += nbody.HALF_DT * az[i]
            x[i] += nbody.DT * vx[i]
            y[i] += nbody.DT * vy[i]
            z[i] += nbody.DT * vz[i]
        accelerations_loops(x, y, z, m, ax, ay, az)
        for i in range(n):
            vx[i] += nbody.HALF_DT * ax[i]
            vy[i] += nbody.HALF_DT * ay[i]
            vz[i] += nbody.HALF_DT * az[i]
    return state


nbody_numba = same_source(nbody_arrays, accelerations_loops=accelerations_loops)
nbody_numba_parallel = same_source(nbody_arrays, accelerations_loops=accelerations_parallel)


# ----------------------------------------------------------------- matmul

matmul_row = same_source(matmul.matmul_row)
matmul_rows = same_source(matmul.matmul_rows, matmul_row=matmul_row)


@numba.njit(parallel=True)
def matmul_parallel(a, b):
    """Rows of C shared out by prange, each by the same j-k loops."""
    n = a.shape[0]
    c = np.zeros((n, n))
    for i in prange(n):
        matmul_row(a, b, c, i)
    return c


# ----------------------------------------------------------------- fib, sort

fib = same_source(fib_workload.fib)
quicksort = same_source(sort.quicksort)


@numba.njit
def sort_quicksort(work):
    """python.loops's quicksort (compiled), in place on the array (the harness wrote a fresh input into it)."""
    quicksort(work, 0, work.size - 1)
    return work
