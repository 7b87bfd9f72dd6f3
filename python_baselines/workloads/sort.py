"""Sort n float64 values from the shared generator, ascending.

Every timed iteration sorts a fresh copy of the same unsorted input; the copy
(n x 8 bytes) is part of every tier's time (sorted() and np.sort copy
internally, the others copy explicitly).

Checksum: a position-weighted sum of the sorted output, in exact integer
arithmetic. Every input is k * 2^-53 for an integer k < 2^53 (the generator's
definition), so with k_i the integer of the i-th output value

    checksum = sum over i of (i + 1) * k_i, modulo 2^52

(64-bit wrap-around arithmetic, then the low 52 bits, so the counter is exact
in a float64). Any misplaced, lost or duplicated value changes it: moving
values changes the weights, changing contents changes the k_i.
"""

from __future__ import annotations

import numpy as np

from python_baselines.prng import uniform_array, uniform_list
from python_baselines.registry import Params, Prepared, implementation

MAX_N = 1 << 28
TWO_53 = 9007199254740992.0  # 2^53: scales a generator value to its integer k exactly
CHECKSUM_MASK = (1 << 52) - 1


def quicksort(a: list[float], lo: int = 0, hi: int | None = None) -> None:
    """The hand-written quicksort of python.loops, java.loops and cpp.naive, in place on a[lo..hi]:
    pivot = the middle element's value, Hoare-style partition (two indices moving inwards, swapping
    out-of-place pairs), recursion on the smaller part and a loop on the larger (depth <= log2 n)."""
    if hi is None:
        hi = len(a) - 1
    while lo < hi:
        pivot = a[(lo + hi) // 2]
        i, j = lo, hi
        while i <= j:
            while a[i] < pivot:
                i += 1
            while a[j] > pivot:
                j -= 1
            if i <= j:
                a[i], a[j] = a[j], a[i]
                i += 1
                j -= 1
        if j - lo < hi - i:
            quicksort(a, lo, j)
            lo = i
        else:
            quicksort(a, i, hi)
            hi = j


def sort_loops(data: list[float]) -> list[float]:
    work = list(data)
    quicksort(work)
    return work


def checksum_list(values: list[float]) -> float:
    total = 0
    for i, value in enumerate(values):
        total += (i + 1) * int(value * TWO_53)
    return float(total & CHECKSUM_MASK)


def checksum_array(values: np.ndarray) -> float:
    """The same checksum, vectorized: uint64 products and sum wrap modulo 2^64 like the C++ and Java code."""
    k = (values * TWO_53).astype(np.uint64)
    weights = np.arange(1, values.size + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        total = np.sum(k * weights, dtype=np.uint64)
    return float(int(total) & CHECKSUM_MASK)


def _n(params: Params) -> int:
    return params.get("n", 1, MAX_N)


@implementation("sort", "python.loops")
def _loops(params: Params) -> Prepared:
    data = uniform_list(_n(params), params.seed)
    return Prepared(kernel=lambda: sort_loops(data), checksums=lambda out: {"checksum": checksum_list(out)})


@implementation("sort", "python.builtin")
def _builtin(params: Params) -> Prepared:
    data = uniform_list(_n(params), params.seed)
    return Prepared(kernel=lambda: sorted(data), checksums=lambda out: {"checksum": checksum_list(out)})


@implementation("sort", "python.numpy")
def _numpy(params: Params) -> Prepared:
    data = uniform_array(_n(params), params.seed)
    return Prepared(kernel=lambda: np.sort(data), checksums=lambda out: {"checksum": checksum_array(out)})


def reference(params: dict[str, int], seed: int = 42) -> dict[str, float]:
    """Exact: the checksum of the input sorted by NumPy (sorting is exact, any correct sort gives the same array)."""
    return {"checksum": checksum_array(np.sort(uniform_array(params["n"], seed)))}
