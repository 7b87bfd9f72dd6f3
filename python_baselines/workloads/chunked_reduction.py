"""chunked_reduction: the mean and variance of n float64 values in a file on disk.

The definition every language follows (benchmarks/cpp/chunked_reduction.hpp):

    the file: n raw native-endian float64 values, value i = uniform01(seed, i), named
        chunked_reduction-n{n}-seed{seed}.f64 in the data folder (python_baselines/data_files.py),
        generated once per (n, seed) and read by every impl of the run
    S = sum of x_i,  Q = sum of x_i^2,  mean = S / n,  variance = Q / n - mean^2  (population)

One pass over the file. The impls differ in how the bytes get into memory,
which is what decides whether a file larger than memory can be reduced at all:
python.loops reads 1 MiB at a time and adds every value in the interpreter,
python.numpy reads the whole file into one array (peak memory = the file),
python.memmap maps a 16 MiB window at a time, cpp.mmap maps the file and
releases each window after reading it, cpp.stream read()s 1 MiB at a time.

With from_disk = 0 the file comes from the page cache (it was just written,
and stays cached while it fits in memory): the time is that of copying or
mapping cached pages. With from_disk = 1 every iteration is preceded, untimed, by asking the kernel
to drop the file's cached pages (posix_fadvise DONTNEED), so the bytes come
from the disk.
"""

from __future__ import annotations

import math
from array import array
from pathlib import Path

import numpy as np

from python_baselines import data_files
from python_baselines.prng import uniform_array
from python_baselines.registry import Params, Prepared, implementation
from references.chunked_reduction import reference  # noqa: F401  (the reference lives in references/; re-exported)

VALUE_BYTES = 8
MAX_N = 1 << 34  # 128 GiB
BLOCK_VALUES = 1 << 20  # NumPy reduces 8 MiB blocks; their totals are added exactly (math.fsum)
WINDOW_VALUES = 1 << 21  # python.memmap maps 16 MiB at a time (a whole number of blocks)
GENERATE_VALUES = 1 << 17  # the file is written (and python.loops reads it) 1 MiB at a time
LOOP_BLOCK_VALUES = 4096  # python.loops: values per block total, as in the C++ impls


def file_name(n: int, seed: int) -> str:
    return f"chunked_reduction-n{n}-seed{seed}.f64"


def input_file(n: int, seed: int) -> Path:
    """The run's input file, generated now unless another impl already wrote it."""

    def write(handle) -> None:
        for start in range(0, n, GENERATE_VALUES):
            handle.write(uniform_array(min(GENERATE_VALUES, n - start), seed, start))

    return data_files.ensure_file(file_name(n, seed), n * VALUE_BYTES, write)


class BlockTotals:
    """Sums and sums of squares of blocks of BLOCK_VALUES values (np.sum: pairwise; np.dot: BLAS with
    several accumulators), added exactly at the end: the error does not grow with the number of blocks."""

    def __init__(self) -> None:
        self.sums: list[float] = []
        self.squares: list[float] = []
        self.count = 0

    def add(self, values: np.ndarray) -> None:
        for start in range(0, values.size, BLOCK_VALUES):
            block = values[start : start + BLOCK_VALUES]
            self.sums.append(float(np.sum(block)))
            self.squares.append(float(np.dot(block, block)))
        self.count += values.size

    def moments(self) -> dict[str, float]:
        return moments(self.sums, self.squares, self.count)


def moments(sums: list[float], squares: list[float], count: int) -> dict[str, float]:
    """mean and variance from block totals, which are added exactly (math.fsum)."""
    if count == 0:
        return {"mean": 0.0, "variance": 0.0}
    mean = math.fsum(sums) / count
    return {"mean": mean, "variance": math.fsum(squares) / count - mean * mean}


def reduce_loops(path: Path, n: int) -> dict[str, float]:
    """Pure Python: the file read 1 MiB at a time into an array.array, every value added in a Python loop
    (a float sum and a sum of squares per block of LOOP_BLOCK_VALUES, as the C++ impls do)."""
    sums: list[float] = []
    squares: list[float] = []
    count = 0
    with open(path, "rb") as handle:
        while count < n:
            chunk = array("d")
            try:
                chunk.fromfile(handle, min(GENERATE_VALUES, n - count))
            except EOFError:  # fewer values than asked for: the file is short (checked below)
                pass
            if not chunk:
                break
            for start in range(0, len(chunk), LOOP_BLOCK_VALUES):
                total = total_squares = 0.0
                for x in chunk[start : start + LOOP_BLOCK_VALUES]:
                    total += x
                    total_squares += x * x
                sums.append(total)
                squares.append(total_squares)
            count += len(chunk)
    if count != n:
        raise RuntimeError(f"{path} ended after {count} values, expected {n}")
    return moments(sums, squares, count)


def reduce_numpy(path: Path, n: int) -> dict[str, float]:
    """The whole file into one array (np.fromfile), then reduced."""
    values = np.fromfile(path, dtype=np.float64)
    if values.size != n:
        raise RuntimeError(f"{path} holds {values.size} values, expected {n}")
    totals = BlockTotals()
    totals.add(values)
    return totals.moments()


def reduce_memmap(path: Path, n: int) -> dict[str, float]:
    """A numpy.memmap of one window at a time; dropping it unmaps the window, so resident memory stays at
    one window (mapped pages of a file count in the RSS while they are mapped)."""
    totals = BlockTotals()
    for start in range(0, n, WINDOW_VALUES):
        window = np.memmap(
            path, dtype=np.float64, mode="r", offset=start * VALUE_BYTES, shape=(min(WINDOW_VALUES, n - start),)
        )
        totals.add(window)
        del window
    return totals.moments()


def _params(params: Params) -> tuple[int, bool]:
    return params.get("n", 1, MAX_N), params.get("from_disk", 0, 1) == 1


def _prepare(params: Params, reduce) -> Prepared:
    n, from_disk = _params(params)
    path = input_file(n, params.seed)

    return Prepared(
        kernel=lambda: reduce(path, n),
        checksums=lambda moments: moments,
        context={"input_file_bytes": n * VALUE_BYTES, "from_disk": from_disk},
        before_each=(lambda: data_files.drop_from_page_cache(path)) if from_disk else None,
    )


@implementation("chunked_reduction", "python.loops")
def _loops(params: Params) -> Prepared:
    return _prepare(params, reduce_loops)


@implementation("chunked_reduction", "python.numpy")
def _numpy(params: Params) -> Prepared:
    # The whole file in memory: where it does not fit, the runner refuses the cell before it starts, from the
    # manifest's memory formula for this impl (runner/speedlab/memory.py).
    return _prepare(params, reduce_numpy)


@implementation("chunked_reduction", "python.memmap")
def _memmap(params: Params) -> Prepared:
    return _prepare(params, reduce_memmap)
