"""Recursive Fibonacci: fib(n) = n for n < 2, else fib(n-1) + fib(n-2).

No arithmetic to speak of: the work is 2*fib(n+1) - 1 function calls, so this
workload measures what a call costs in each tier. The checksum is fib(n)
itself, an exact integer.
"""

from __future__ import annotations

from python_baselines import optional
from python_baselines.registry import Params, Prepared, implementation
from references.fib import reference  # noqa: F401  (the reference lives in references/; re-exported)

MAX_N = 78  # fib(78) < 2^53 < fib(79): the largest n whose result a float64 counter holds exactly


def fib(n: int) -> int:
    """The textbook doubly recursive definition, as in java.loops and cpp.naive."""
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


@implementation("fib", "python.loops")
def _loops(params: Params) -> Prepared:
    n = params.get("n", 1, MAX_N)
    return Prepared(kernel=lambda: fib(n), checksums=lambda value: {"checksum": value})


@implementation("fib", "python.numba")
def _numba(params: Params) -> Prepared:
    n = params.get("n", 1, MAX_N)
    kernels = optional.numba_kernels()
    fib = kernels.compile_now(kernels.fib, 1)  # compiled in prepare, untimed (numba_kernels.py)
    return Prepared(kernel=lambda: fib(n), checksums=lambda value: {"checksum": value})
