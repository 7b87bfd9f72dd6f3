"""Optional dependencies of some Python impls, imported only by the impls that use them.

A missing one raises SkipBenchmark with what to do, so the cell reads
"skipped: <reason>" instead of failing (and the other impls never pay for
importing it: the harness loads every workload module for every run).
"""

from __future__ import annotations

import os
from types import ModuleType

from python_baselines.registry import SkipBenchmark


def native() -> ModuleType:
    """speedlab_native, the pybind11 module over the C++ kernels (built by CMake into build/python;
    the runner puts that folder on the harness's PYTHONPATH)."""
    try:
        import speedlab_native
    except ImportError as error:
        raise SkipBenchmark(f"the C++ extension speedlab_native cannot be imported ({error}): run 'make build'; "
                            f"outside the runner put build/python on PYTHONPATH") from None
    return speedlab_native


def numba_kernels(threads: int = 1) -> ModuleType:
    """python_baselines.numba_kernels (which imports numba), with Numba's thread pool set to `threads`.
    Compilation is lazy: nothing is compiled here, so the first call of each kernel compiles it (the
    harness's warm-up absorbs that; the cold, whole-process time includes it)."""
    # Numba sizes its pool once, at import, from NUMBA_NUM_THREADS (default: the CPU count); a run may
    # ask for more threads than that (the tests use 2 on any machine).
    if threads > (os.cpu_count() or 1):
        os.environ.setdefault("NUMBA_NUM_THREADS", str(threads))
    try:
        import numba
    except ImportError:
        raise SkipBenchmark("numba is not installed: pip install numba (requirements.txt installs it on the "
                            "platforms numba publishes wheels for)") from None
    if threads > numba.config.NUMBA_NUM_THREADS:
        raise SkipBenchmark(f"Numba's thread pool has {numba.config.NUMBA_NUM_THREADS} threads "
                            f"(NUMBA_NUM_THREADS), fewer than the {threads} asked for")
    numba.set_num_threads(threads)
    from python_baselines import numba_kernels as kernels

    return kernels
