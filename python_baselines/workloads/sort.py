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

from python_baselines import optional
from python_baselines.parallel import ProcessWorkers, SharedArray, ThreadWorkers
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


# ----------------------------------------------------------------- Python's own lessons
# A JIT (python.numba), and moving data to workers: threads share it for free (and NumPy releases
# the GIL while it sorts), processes need it pickled to them, or placed in shared memory.
#
# The parallel impls are a bucket sort by value: the range [min, max] is cut into one bucket per
# worker, each worker np.sorts the values of its bucket, and the buckets laid end to end are the
# sorted array (the same array as np.sort gives, so the same exact checksum). The buckets are
# balanced because this input is uniform.

def bucket_edges(data: np.ndarray, buckets: int) -> list[float]:
    """buckets + 1 edges; bucket w holds the values v with edges[w] <= v < edges[w + 1]."""
    if buckets == 1 or data.size == 0:
        return [-np.inf, np.inf]
    low, high = float(data.min()), float(data.max())
    return [-np.inf] + [low + (high - low) * w / buckets for w in range(1, buckets)] + [np.inf]


def select_bucket(data: np.ndarray, low: float, high: float) -> np.ndarray:
    """The values in [low, high), comparing only against finite edges (one worker: the whole array)."""
    if low == -np.inf:
        return data if high == np.inf else data[data < high]
    return data[data >= low] if high == np.inf else data[(data >= low) & (data < high)]


def values_below(data: np.ndarray, low: float) -> int:
    """Where the bucket starting at `low` goes in the sorted output."""
    return 0 if low == -np.inf else int(np.count_nonzero(data < low))


def sort_bucket_into(data: np.ndarray, out: np.ndarray, low: float, high: float) -> int:
    """Selects the bucket [low, high) of `data`, sorts it and writes it to its place in `out` (after the
    values below `low`); returns its size. A worker that can see both arrays needs only the two edges."""
    start = values_below(data, low)
    bucket = np.sort(select_bucket(data, low, high))
    out[start:start + bucket.size] = bucket
    return bucket.size


def sort_numpy_threads(data: np.ndarray, out: np.ndarray, workers) -> np.ndarray:
    """Threads: every thread reads the one input array and writes its bucket into the one output array."""
    edges = bucket_edges(data, workers.count)
    workers.map(lambda low, high: sort_bucket_into(data, out, low, high), zip(edges[:-1], edges[1:]))
    return out


def sort_numpy_processes(data: np.ndarray, workers) -> np.ndarray:
    """Processes, the plain way: the parent cuts the buckets out and pool.map pickles each one to a worker;
    the sorted bucket comes back pickled; the parent concatenates them."""
    edges = bucket_edges(data, workers.count)
    buckets = [(select_bucket(data, low, high),) for low, high in zip(edges[:-1], edges[1:])]
    return np.concatenate(workers.map(np.sort, buckets))


_SHARED: dict[str, SharedArray] = {}  # in each worker process: the input and output blocks


def _attach_shared(input_name: str, output_name: str, n: int) -> None:
    """Pool initializer: map the parent's shared-memory blocks into this worker, once."""
    _SHARED["input"] = SharedArray.attach(input_name, n)
    _SHARED["output"] = SharedArray.attach(output_name, n)


def _sort_bucket_shared(low: float, high: float) -> int:
    """In a worker: sort_bucket_into on the shared blocks. Only the two edges and the size cross the pipe."""
    return sort_bucket_into(_SHARED["input"].array, _SHARED["output"].array, low, high)


def sort_numpy_shared(shared_input: SharedArray, shared_output: SharedArray, workers) -> np.ndarray:
    edges = bucket_edges(shared_input.array, workers.count)
    workers.map(_sort_bucket_shared, zip(edges[:-1], edges[1:]))
    return shared_output.array


@implementation("sort", "python.numba")
def _numba(params: Params) -> Prepared:
    data = uniform_array(_n(params), params.seed)
    kernels = optional.numba_kernels()
    quicksort = kernels.compile_now(kernels.sort_quicksort, uniform_array(2, params.seed))  # untimed
    return Prepared(kernel=lambda: quicksort(data), checksums=lambda out: {"checksum": checksum_array(out)})


@implementation("sort", "python.numpy_threads")
def _numpy_threads(params: Params) -> Prepared:
    data = uniform_array(_n(params), params.seed)
    out = np.empty_like(data)
    workers = ThreadWorkers(params.threads)
    return Prepared(kernel=lambda: sort_numpy_threads(data, out, workers),
                    checksums=lambda result: {"checksum": checksum_array(result)})


@implementation("sort", "python.numpy_processes")
def _numpy_processes(params: Params) -> Prepared:
    data = uniform_array(_n(params), params.seed)
    workers = ProcessWorkers(params.threads)
    return Prepared(kernel=lambda: sort_numpy_processes(data, workers),
                    checksums=lambda result: {"checksum": checksum_array(result)})


@implementation("sort", "python.numpy_shared")
def _numpy_shared(params: Params) -> Prepared:
    n = _n(params)
    shared_input, shared_output = SharedArray(n), SharedArray(n)
    shared_input.array[:] = uniform_array(n, params.seed)  # the input is generated into shared memory (untimed)
    workers = ProcessWorkers(params.threads, _attach_shared, (shared_input.name, shared_output.name, n))
    return Prepared(kernel=lambda: sort_numpy_shared(shared_input, shared_output, workers),
                    checksums=lambda result: {"checksum": checksum_array(result)})
