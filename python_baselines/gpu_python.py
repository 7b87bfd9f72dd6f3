"""CuPy for the python.cupy impls: importing it (optional), and timing a GPU iteration like every CUDA impl.

CuPy is an optional dependency (`pip install cupy-cuda13x`, not in requirements.txt: a large wheel that
needs an NVIDIA driver). Without it, or without a usable GPU, the cells read "skipped: <reason>". This module
is outside workloads/ and imports cupy only when asked, so no other impl pays for it.

Every iteration, as benchmarks/cuda/gpu_timing.cuh: copy in (cupy.asarray), the work between two CUDA events
(cupy.cuda.Event) -- the kernel time, reported as the iteration's time (the harness's manual time) --
then copy out (cupy.asnumpy, which synchronizes); end_to_end_s is the host clock around all three.
"""

from __future__ import annotations

import time
from types import ModuleType
from typing import Any, Callable

from python_baselines.registry import SkipBenchmark

INSTALL = "pip install cupy-cuda13x (optional: needs an NVIDIA GPU and its driver)"


def cupy_module() -> ModuleType:
    """cupy, with a usable device; SkipBenchmark with the reason otherwise."""
    try:
        import cupy
    except ImportError:
        raise SkipBenchmark(f"cupy is not installed: {INSTALL}") from None
    except Exception as error:  # noqa: BLE001 - a broken CUDA install raises anything at import
        raise SkipBenchmark(f"cupy cannot be imported ({error}): {INSTALL}") from None
    try:
        count = cupy.cuda.runtime.getDeviceCount()
    except Exception as error:  # noqa: BLE001 - CUDARuntimeError: no driver, no device
        raise SkipBenchmark(f"no usable CUDA device ({error}); the python.cupy impls need an NVIDIA GPU") from None
    if count < 1:
        raise SkipBenchmark("no usable CUDA device; the python.cupy impls need an NVIDIA GPU")
    return cupy


class GpuIteration:
    """Copy in, compute between CUDA events, copy out; keeps the last kernel time and the end-to-end sum."""

    def __init__(
        self, cp: ModuleType, copy_in: Callable[[], Any], compute: Callable[[Any], Any], copy_out: Callable[[Any], Any]
    ):
        self.cp, self.copy_in, self.compute, self.copy_out = cp, copy_in, compute, copy_out
        self.start, self.stop = cp.cuda.Event(), cp.cuda.Event()
        self.kernel_s = 0.0
        self.end_to_end_s = 0.0
        self.iterations = 0

    def __call__(self) -> Any:
        begin = time.perf_counter()
        device = self.copy_in()
        self.start.record()
        result = self.compute(device)
        self.stop.record()
        host = self.copy_out(result)
        self.stop.synchronize()
        self.end_to_end_s += time.perf_counter() - begin
        self.iterations += 1
        self.kernel_s = self.cp.cuda.get_elapsed_time(self.start, self.stop) * 1e-3
        return host

    def last_kernel_s(self) -> float:
        return self.kernel_s

    def counters(self) -> dict[str, float]:
        """end_to_end_s per iteration of the batch just timed (then reset for the next batch)."""
        out = {"end_to_end_s": self.end_to_end_s / self.iterations if self.iterations else 0.0}
        self.end_to_end_s, self.iterations = 0.0, 0
        return out
