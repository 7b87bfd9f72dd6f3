"""Optional dependencies of some Python impls, imported only by the impls that use them.

A missing one raises SkipBenchmark with what to do, so the cell reads
"skipped: <reason>" instead of failing (and the other impls never pay for
importing it: the harness loads every workload module for every run).
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

from python_baselines.registry import SkipBenchmark


def native() -> ModuleType:
    """speedlab_native, the pybind11 module over the C++ kernels: installed beside this package (cmake
    --install), or else built by CMake into BUILD/python, BUILD being $SPEEDLAB_BUILD_DIR (the runner sets
    it for its harnesses) or, in a checkout, its build/ folder."""
    if "speedlab_native" in sys.modules and sys.modules["speedlab_native"] is not None:
        return sys.modules["speedlab_native"]
    try:
        import speedlab_native

        return speedlab_native
    except ImportError as error:
        installed_error = error
    build = Path(os.environ.get("SPEEDLAB_BUILD_DIR", Path(__file__).resolve().parents[1] / "build"))
    suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
    built = sorted(path for path in (build / "python").glob("speedlab_native*") if path.name.endswith(suffixes))
    if not built:
        raise SkipBenchmark(
            f"the C++ extension speedlab_native cannot be imported ({installed_error}) and is not "
            f"built in {build / 'python'}: run 'make build' (or set SPEEDLAB_BUILD_DIR to the "
            f"build directory)"
        )
    spec = importlib.util.spec_from_file_location("speedlab_native", built[0])
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except ImportError as error:
        raise SkipBenchmark(f"the C++ extension {built[0]} cannot be loaded ({error}): run 'make build'") from None
    sys.modules["speedlab_native"] = module
    return module


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
        raise SkipBenchmark(
            "numba is not installed: pip install numba (requirements.txt installs it on the "
            "platforms numba publishes wheels for)"
        ) from None
    if threads > numba.config.NUMBA_NUM_THREADS:
        raise SkipBenchmark(
            f"Numba's thread pool has {numba.config.NUMBA_NUM_THREADS} threads "
            f"(NUMBA_NUM_THREADS), fewer than the {threads} asked for"
        )
    numba.set_num_threads(threads)
    from python_baselines import numba_kernels as kernels

    return kernels
