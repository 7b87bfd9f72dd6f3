"""Workers for the threads-vs-processes impls (python.threads, python.processes, ...).

The lesson these impls measure: CPython 3.11 has a global interpreter lock,
so threads running Python bytecode take turns (python.threads ~ 1x), while
processes each have their own interpreter and run in parallel
(python.processes ~ the core count), but everything a process works on has to
reach it: pickled through a pipe, or placed in shared memory.

Pools are created in prepare (untimed) and reused by every timed iteration, so
the warm time is the work plus the hand-off to the workers; starting the pool
(spawning interpreters that import numpy) shows up in the cold time.
"""

from __future__ import annotations

import atexit
import multiprocessing
import multiprocessing.pool
from concurrent.futures import ThreadPoolExecutor
from multiprocessing import shared_memory
from typing import Any, Callable, Iterable

import numpy as np

# "spawn": every worker is a fresh interpreter that receives only what is pickled
# to it (the default on macOS and Windows, and safe with threads in the parent).
# With "fork" the workers would see the parent's arrays for free, which hides
# the cost this module's shared-memory impls are about.
START_METHOD = "spawn"


def split_range(n: int, parts: int) -> list[tuple[int, int]]:
    """[0, n) cut into `parts` contiguous ranges whose lengths differ by at most one."""
    parts = max(1, min(parts, n)) if n > 0 else 1
    base, extra = divmod(n, parts)
    out, start = [], 0
    for index in range(parts):
        stop = start + base + (1 if index < extra else 0)
        out.append((start, stop))
        start = stop
    return out


class ThreadWorkers:
    """A thread pool of `count` threads; map() returns results in task order."""

    def __init__(self, count: int):
        self.count = count
        self._pool = ThreadPoolExecutor(max_workers=count, thread_name_prefix="speedlab-worker")

    def map(self, function: Callable[..., Any], tasks: Iterable[tuple]) -> list[Any]:
        return list(self._pool.map(lambda args: function(*args), tasks))


class ProcessWorkers:
    """A pool of `count` worker processes, all started now (multiprocessing.Pool starts them eagerly);
    map() pickles each task's arguments to a worker and its result back, in task order. `initializer`
    runs once in every worker (e.g. to attach shared memory)."""

    def __init__(self, count: int, initializer: Callable[..., None] | None = None, initargs: tuple = ()):
        self.count = count
        context = multiprocessing.get_context(START_METHOD)
        self._pool: multiprocessing.pool.Pool = context.Pool(count, initializer, initargs)
        atexit.register(self.close)

    def map(self, function: Callable[..., Any], tasks: Iterable[tuple]) -> list[Any]:
        return self._pool.starmap(function, tasks, chunksize=1)

    def close(self) -> None:
        self._pool.terminate()
        self._pool.join()


class SharedArray:
    """A float64 array in a multiprocessing.shared_memory block: the parent creates it, workers attach
    by name (attach()), and both see the same bytes with no copy and no pickling."""

    def __init__(self, size: int, name: str | None = None):
        create = name is None
        self.size = size
        self._block = shared_memory.SharedMemory(name=name, create=create, size=max(1, size) * 8)
        self._owner = create
        if create:
            atexit.register(self.close)  # the block outlives the process unless unlinked
        self.array = np.ndarray((size,), dtype=np.float64, buffer=self._block.buf)

    @property
    def name(self) -> str:
        return self._block.name

    @classmethod
    def attach(cls, name: str, size: int) -> "SharedArray":
        return cls(size, name)

    def close(self) -> None:
        if self.array is None:
            return
        self.array = None  # the buffer may not be released while a view exists
        try:
            self._block.close()
        except BufferError:  # a caller still holds a view: the mapping goes with the process
            pass
        if self._owner:
            self._block.unlink()
