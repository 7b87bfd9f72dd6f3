"""Sort n float64 values from the shared generator, ascending.

Fresh inputs (benchmarks/workloads/sort.toml defines them for every language): the k-th sort a harness
process runs (warm-up and calibration included) sorts input k, a permutation of the generator's first n
values x_j = uniform01(seed, j):

    input_k[i] = x[(a_k * i + b_k) mod n]

with a_k, b_k from the generator's raw 64-bit words w(j) = splitmix64(seed + j) past the values:
b_k = w(n + 2k + 1) mod n; a_k = 1 for n <= 2, else 2 + w(n + 2k) mod (n - 2), raised to the next integer
coprime with n (n - 1 at the latest). Each input is written into the impl's work buffer before its
iteration, untimed; the timed work is the sort alone, in place. A sort measured on the same input every
time is timed after the branch predictor has learnt that input; here two inputs share an ordered pair of
neighbours only if their multipliers are equal (one of phi(n) - 1, drawn at random), so there is nothing
to learn.

Checksum: a position-weighted sum of the sorted output, in exact integer arithmetic. Every input is
k * 2^-53 for an integer k < 2^53 (the generator's definition), so with k_i the integer of the i-th output
value

    checksum = sum over i of (i + 1) * k_i, modulo 2^52

(64-bit wrap-around arithmetic, then the low 52 bits, so the counter is exact in a float64). Any misplaced,
lost or duplicated value changes it. Every input is a permutation of the same values, so every correct
output is the same array: the checksum of every iteration's output is computed (untimed) and each
repetition reports the smallest (`checksum`) and the largest (`checksum_max`); both must equal the one
reference, whatever the calibrated iteration count.
"""

from __future__ import annotations

import math

import numpy as np

from python_baselines import optional
from python_baselines.parallel import ProcessWorkers, SharedArray, ThreadWorkers
from python_baselines.prng import MASK64, splitmix64, uniform_array, uniform_list
from python_baselines.registry import Params, Prepared, implementation
from references.sort import CHECKSUM_MASK, TWO_53, checksum_array
from references.sort import reference  # noqa: F401  (the reference lives in references/; re-exported)

MAX_N = 1 << 28


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


def input_permutation(n: int, seed: int, k: int) -> tuple[int, int]:
    """(a_k, b_k): input k is x[(a_k * i + b_k) mod n] (the module docstring)."""
    offset = (seed + n + 2 * k) & MASK64
    b = splitmix64((offset + 1) & MASK64) % n
    if n <= 2:
        return 1, b
    a = 2 + splitmix64(offset) % (n - 2)
    while math.gcd(a, n) != 1:  # n - 1 is always coprime with n: a stays below n
        a += 1
    return a, b


def input_list(n: int, seed: int, k: int) -> list[float]:
    """Input k in pure Python, straight from the definition (the tests hold the NumPy version to it)."""
    values = uniform_list(n, seed)
    a, b = input_permutation(n, seed, k)
    return [values[(a * i + b) % n] for i in range(n)]


class FreshInputs:
    """The inputs of one harness process and the checksums of what it sorted.

    next_array()/next_list()/fill(out) give input k for the k-th call; record(output) checks an output
    (after_each); checksums() reports the smallest and largest checksum recorded since its last call
    (after every batch: the repetition's own outputs) and starts afresh. Inputs are written in chunks, so
    generating one adds a few MiB to the process's peak memory, not another n-element array.
    """

    CHUNK = 1 << 16

    def __init__(self, n: int, seed: int):
        self.n, self.seed = n, seed
        self.values = uniform_array(n, seed)
        self.index = 0  # the next input's k
        self._recorded: list[float] = []

    def _chunks(self):
        """(start, stop, positions): input k[start:stop] = values[positions]; advances k."""
        a, b = input_permutation(self.n, self.seed, self.index)
        self.index += 1
        for start in range(0, self.n, self.CHUNK):
            stop = min(self.n, start + self.CHUNK)
            positions = np.arange(start, stop, dtype=np.int64)  # a < n <= 2^28: a * i + b < 2^57, exact
            positions *= a
            positions += b
            positions %= self.n
            yield start, stop, positions

    def fill(self, out: np.ndarray) -> np.ndarray:
        for start, stop, positions in self._chunks():
            np.take(self.values, positions, out=out[start:stop], mode="clip")  # in range: clip never clips
        return out

    def next_array(self) -> np.ndarray:
        return self.fill(np.empty(self.n))

    def next_list(self) -> list[float]:
        out: list[float] = []
        for _, _, positions in self._chunks():
            out.extend(self.values[positions].tolist())
        return out

    def record(self, output) -> None:
        self._recorded.append(checksum_array(np.asarray(output, dtype=np.float64)))

    def checksums(self, last_output) -> dict[str, float]:
        if not self._recorded:  # called without after_each (a direct call): the output given
            self.record(last_output)
        low, high = min(self._recorded), max(self._recorded)
        self._recorded = []
        return {"checksum": low, "checksum_max": high}


def fresh_prepared(inputs: FreshInputs, before_each, kernel) -> Prepared:
    """A sort impl: before_each writes the next input (untimed), the kernel sorts, every output is checked."""
    return Prepared(kernel=kernel, checksums=inputs.checksums, before_each=before_each, after_each=inputs.record)


def _n(params: Params) -> int:
    return params.get("n", 1, MAX_N)


@implementation("sort", "python.loops")
def _loops(params: Params) -> Prepared:
    inputs, work = FreshInputs(_n(params), params.seed), [None]

    def before_each():
        work[0] = inputs.next_list()

    def kernel():
        quicksort(work[0])
        return work[0]

    return fresh_prepared(inputs, before_each, kernel)


@implementation("sort", "python.builtin")
def _builtin(params: Params) -> Prepared:
    inputs, work = FreshInputs(_n(params), params.seed), [None]

    def before_each():
        work[0] = inputs.next_list()

    def kernel():
        work[0].sort()
        return work[0]

    return fresh_prepared(inputs, before_each, kernel)


@implementation("sort", "python.numpy")
def _numpy(params: Params) -> Prepared:
    inputs = FreshInputs(_n(params), params.seed)
    work = np.empty(inputs.n)

    def kernel():
        work.sort()
        return work

    return fresh_prepared(inputs, lambda: inputs.fill(work), kernel)


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
    out[start : start + bucket.size] = bucket
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
    inputs = FreshInputs(_n(params), params.seed)
    work = np.empty(inputs.n)
    kernels = optional.numba_kernels()
    quicksort = kernels.compile_now(kernels.sort_quicksort, uniform_array(2, params.seed))  # untimed
    return fresh_prepared(inputs, lambda: inputs.fill(work), lambda: quicksort(work))


@implementation("sort", "python.numpy_threads")
def _numpy_threads(params: Params) -> Prepared:
    inputs = FreshInputs(_n(params), params.seed)
    data, out = np.empty(inputs.n), np.empty(inputs.n)
    workers = ThreadWorkers(params.threads)
    return fresh_prepared(inputs, lambda: inputs.fill(data), lambda: sort_numpy_threads(data, out, workers))


@implementation("sort", "python.numpy_processes")
def _numpy_processes(params: Params) -> Prepared:
    inputs = FreshInputs(_n(params), params.seed)
    data = np.empty(inputs.n)
    workers = ProcessWorkers(params.threads)
    return fresh_prepared(inputs, lambda: inputs.fill(data), lambda: sort_numpy_processes(data, workers))


@implementation("sort", "python.numpy_shared")
def _numpy_shared(params: Params) -> Prepared:
    inputs = FreshInputs(_n(params), params.seed)
    shared_input, shared_output = SharedArray(inputs.n), SharedArray(inputs.n)
    workers = ProcessWorkers(params.threads, _attach_shared, (shared_input.name, shared_output.name, inputs.n))
    # Each input is written straight into shared memory (untimed); the workers see it with no copy.
    return fresh_prepared(
        inputs, lambda: inputs.fill(shared_input.array), lambda: sort_numpy_shared(shared_input, shared_output, workers)
    )
