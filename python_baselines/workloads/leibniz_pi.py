"""Leibniz series for pi: pi ~= 4 * sum_{k<n} (-1)^k / (2k+1)."""

from __future__ import annotations


import numpy as np

from python_baselines import optional
from python_baselines.parallel import ProcessWorkers, ThreadWorkers, split_range
from python_baselines.registry import Params, Prepared, implementation
from references.leibniz_pi import reference  # noqa: F401  (the reference lives in references/; re-exported)

MAX_TERMS = 1 << 50  # 2k+1 stays exact in a double
NUMPY_CHUNK = 1 << 20  # terms per NumPy block: bounded memory (8 MiB) at any n


def leibniz_pi_loops(n: int) -> float:
    """The textbook loop, written as in java.loops and cpp.naive."""
    return 4.0 * leibniz_partial(0, n)


def leibniz_partial(start: int, stop: int) -> float:
    """The loop over terms k in [start, stop): one float accumulator, the sign flipped each term.
    Workers (threads, processes, Numba's prange) each sum one range; the parent adds the partial
    sums in a fixed order."""
    total = 0.0
    sign = 1.0 if start % 2 == 0 else -1.0
    for k in range(start, stop):
        total += sign / (2 * k + 1)
        sign = -sign
    return total


def leibniz_pi_numpy(n: int, xp=np) -> float:
    """Vectorized in blocks: denominators by arange, reciprocal in place, odd terms negated, summed. xp: the
    array module (numpy; python.cupy passes cupy), the blocks' totals added on the host."""
    total = 0.0
    for start in range(0, n, NUMPY_CHUNK):  # NUMPY_CHUNK is even: every block starts with a + term
        stop = min(start + NUMPY_CHUNK, n)
        terms = xp.arange(2 * start + 1, 2 * stop + 1, 2, dtype=xp.float64)
        xp.reciprocal(terms, out=terms)
        terms[1::2] *= -1.0
        total += float(terms.sum())
    return 4.0 * total


@implementation("leibniz_pi", "python.loops")
def _loops(params: Params) -> Prepared:
    n = params.get("n", 1, MAX_TERMS)
    return Prepared(kernel=lambda: leibniz_pi_loops(n), checksums=lambda pi: {"checksum": pi})


@implementation("leibniz_pi", "python.numpy")
def _numpy(params: Params) -> Prepared:
    n = params.get("n", 1, MAX_TERMS)
    return Prepared(kernel=lambda: leibniz_pi_numpy(n), checksums=lambda pi: {"checksum": pi})


# ----------------------------------------------------------------- Python's own lessons
# The GIL (python.threads vs python.processes), glue (python.cpp_ext), a JIT (python.numba*).


def leibniz_pi_workers(n: int, workers) -> float:
    """The loop split into one contiguous range per worker; partial sums added in range order."""
    return 4.0 * sum(workers.map(leibniz_partial, split_range(n, workers.count)))


@implementation("leibniz_pi", "python.threads")
def _threads(params: Params) -> Prepared:
    n = params.get("n", 1, MAX_TERMS)
    workers = ThreadWorkers(params.threads)
    return Prepared(kernel=lambda: leibniz_pi_workers(n, workers), checksums=lambda pi: {"checksum": pi})


@implementation("leibniz_pi", "python.processes")
def _processes(params: Params) -> Prepared:
    n = params.get("n", 1, MAX_TERMS)
    workers = ProcessWorkers(params.threads)
    return Prepared(kernel=lambda: leibniz_pi_workers(n, workers), checksums=lambda pi: {"checksum": pi})


@implementation("leibniz_pi", "python.cpp_ext")
def _cpp_ext(params: Params) -> Prepared:
    n = params.get("n", 1, MAX_TERMS)
    native = optional.native()
    return Prepared(kernel=lambda: native.leibniz_pi_naive(n), checksums=lambda pi: {"checksum": pi})


@implementation("leibniz_pi", "python.numba")
def _numba(params: Params) -> Prepared:
    n = params.get("n", 1, MAX_TERMS)
    kernels = optional.numba_kernels()
    loops = kernels.compile_now(kernels.leibniz_pi_loops, 1)  # compiled in prepare, untimed (numba_kernels.py)
    return Prepared(kernel=lambda: loops(n), checksums=lambda pi: {"checksum": pi})


@implementation("leibniz_pi", "python.numba_parallel")
def _numba_parallel(params: Params) -> Prepared:
    n = params.get("n", 1, MAX_TERMS)
    kernels = optional.numba_kernels(params.threads)
    parts = params.threads
    parallel = kernels.compile_now(kernels.leibniz_pi_parallel, 1, parts)
    return Prepared(kernel=lambda: parallel(n, parts), checksums=lambda pi: {"checksum": pi})
