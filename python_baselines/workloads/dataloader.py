"""dataloader: an epoch of batches loaded from files and fed to a training step (the definition and the
step idle share: dataloader_data.py).

The guide's point: in machine learning the data loader is the most common bottleneck; the step (compiled
code, the GIL released) waits for data from disk and host memory. The impls differ only in who loads:
- python.serial: the training loop loads each batch itself, then steps (idle share = the load's share);
- python.threads: a prefetch queue of 2T batches loaded by T threads (file reads and NumPy's casts release
  the GIL; the Python around them takes turns);
- python.processes: T spawned worker processes, each decoded batch pickled back through a pipe;
- python.shared: T workers write each decoded batch into one of 2T shared-memory slots; only the slot's
  index crosses the pipe;
- python.torch: torch.utils.data.DataLoader (optional: skipped without torch).
Worker pools are started in prepare (untimed) and reused: the warm epoch is loading + stepping.
"""

from __future__ import annotations

import atexit
import multiprocessing
from concurrent.futures import ThreadPoolExecutor
from multiprocessing import shared_memory
from typing import Any, Callable, Iterator

import numpy as np

from python_baselines.registry import Params, Prepared, SkipBenchmark, implementation
from python_baselines.workloads import dataloader_data as data

START_METHOD = "spawn"  # as parallel.py: a worker receives only what is pickled to it


def fixed_step_threads() -> None:
    """One BLAS thread for the training step (the harness set BLAS to --threads, which here counts loaders)."""
    try:
        from threadpoolctl import threadpool_limits

        threadpool_limits(limits=1, user_api="blas")  # applies now, for the rest of the process
    except ImportError:  # without threadpoolctl the runner's OPENBLAS_NUM_THREADS applies
        pass


class Cell:
    """What every impl shares: the files, the weights, the step, the epoch clock and the checksums."""

    def __init__(self, params: Params):
        self.batches = params.get("batches", 1, 1 << 20)
        self.batch = params.get("batch", 1, 1 << 16)
        self.features = params.get("features", 1, 1 << 24)
        self.outputs = params.get("outputs", 1, 1 << 16)
        self.from_disk = params.get("from_disk", 0, 1) == 1
        self.workers = params.threads  # loaders; the step stays one BLAS thread at every worker count:
        fixed_step_threads()  # a fixed step, and no BLAS threads spinning against the loaders for the cores
        self.folder = data.ensure_samples(self.batches * self.batch, self.features, params.seed)
        self.w = data.weights(self.features, self.outputs, params.seed)
        self.clock = data.EpochClock()

    def step(self, x: np.ndarray) -> np.ndarray:
        return x @ self.w  # float32 GEMM in BLAS, the GIL released

    def load(self, index: int) -> np.ndarray:
        return data.load_batch(str(self.folder), index, self.batch, self.features)

    def prepared(self, batches: Callable[[], Iterator[np.ndarray]]) -> Prepared:
        def checksums(outputs):
            out = data.checksums(outputs)
            out["step_idle_share"] = self.clock.idle_share()  # over the batch's epochs
            self.clock.reset()
            return out

        samples = self.batches * self.batch
        return Prepared(
            kernel=lambda: self.clock.run(batches(), self.step),
            checksums=checksums,
            before_each=(lambda: data.drop_samples(self.folder, samples)) if self.from_disk else None,
            context={"workers": self.workers, "from_disk": self.from_disk, "dataset_bytes": samples * self.features},
        )


def windowed(
    submit: Callable[[int], Any], result: Callable[[Any], np.ndarray], batches: int, depth: int
) -> Iterator[np.ndarray]:
    """Batches in order, at most `depth` loading ahead: batch b + depth is submitted once b is consumed."""
    pending = {b: submit(b) for b in range(min(depth, batches))}
    for b in range(batches):
        x = result(pending.pop(b))
        yield x
        if b + depth < batches:
            pending[b + depth] = submit(b + depth)


@implementation("dataloader", "python.serial")
def _serial(params: Params) -> Prepared:
    cell = Cell(params)
    return cell.prepared(lambda: (cell.load(b) for b in range(cell.batches)))


@implementation("dataloader", "python.threads")
def _threads(params: Params) -> Prepared:
    cell = Cell(params)
    pool = ThreadPoolExecutor(max_workers=cell.workers, thread_name_prefix="speedlab-loader")
    return cell.prepared(
        lambda: windowed(lambda b: pool.submit(cell.load, b), lambda f: f.result(), cell.batches, 2 * cell.workers)
    )


def _ready(_: int) -> bool:
    return True


def process_pool(workers: int, initializer=None, initargs: tuple = ()):
    """A spawned pool, started and warm: this module (and NumPy) imported in every worker, in prepare."""
    pool = multiprocessing.get_context(START_METHOD).Pool(workers, initializer, initargs)
    atexit.register(lambda: (pool.terminate(), pool.join()))
    pool.map(_ready, range(4 * workers), chunksize=1)
    return pool


@implementation("dataloader", "python.processes")
def _processes(params: Params) -> Prepared:
    cell = Cell(params)
    pool = process_pool(cell.workers)
    args = (str(cell.folder), cell.batch, cell.features)
    return cell.prepared(
        lambda: windowed(
            lambda b: pool.apply_async(data.load_batch, (args[0], b, *args[1:])),
            lambda r: r.get(),
            cell.batches,
            2 * cell.workers,
        )
    )


_SLOTS: dict[str, Any] = {}  # in a shared-memory worker: the attached block and its slot views


def _attach(name: str, slots: int, batch: int, features: int) -> None:
    block = shared_memory.SharedMemory(name=name)  # spawned workers share the parent's resource tracker
    _SLOTS["block"] = block
    _SLOTS["views"] = np.ndarray((slots, batch, features), dtype=np.float32, buffer=block.buf)


def load_into_slot(folder: str, index: int, slot: int, batch: int, features: int) -> int:
    _SLOTS["views"][slot] = data.load_batch(folder, index, batch, features)
    return slot


@implementation("dataloader", "python.shared")
def _shared(params: Params) -> Prepared:
    cell = Cell(params)
    slots = 2 * cell.workers
    block = shared_memory.SharedMemory(create=True, size=slots * cell.batch * cell.features * 4)
    views = np.ndarray((slots, cell.batch, cell.features), dtype=np.float32, buffer=block.buf)
    pool = process_pool(cell.workers, _attach, (block.name, slots, cell.batch, cell.features))
    atexit.register(block.unlink)  # the name goes at exit; the workers' mappings stay valid until they end
    args = (str(cell.folder), cell.batch, cell.features)
    # Batch b always goes to slot b % slots; windowed() submits b + slots only after b was stepped, so a
    # slot is never overwritten while the step reads it.
    return cell.prepared(
        lambda: windowed(
            lambda b: pool.apply_async(load_into_slot, (args[0], b, b % slots, *args[1:])),
            lambda r: views[r.get()],
            cell.batches,
            slots,
        )
    )


@implementation("dataloader", "python.torch")
def _torch(params: Params) -> Prepared:
    try:
        import torch  # noqa: F401
    except ImportError:
        raise SkipBenchmark(
            "torch is not installed: pip install torch into .venv (PyPI's Linux wheel brings the whole "
            "CUDA stack, several GB, so it is left out of requirements.txt; PyTorch's CPU-only wheels "
            "come from its own package index)"
        ) from None
    from python_baselines import dataloader_torch  # outside workloads/: load_all imports those

    return dataloader_torch.prepare(Cell(params))
