"""A fake cupy for tests on machines without a GPU: NumPy under cupy's names, so the python.cupy impls run
every line of their code (copies in and out, CUDA events, the device checks) on the CPU.

Not a package anything installs: a test puts tests/python/fake_cupy first on sys.path (or PYTHONPATH, for a
harness subprocess), as test_dask.py does with a fake dask. What it does is set by environment variables,
read at each call, so one subprocess or one test can choose:

    FAKE_CUPY_DEVICES     the device count cupy.cuda.runtime.getDeviceCount() returns (default 1); "error":
                          it raises as CUDA does without a driver
    FAKE_CUPY_KERNEL_MS   what cupy.cuda.get_elapsed_time returns, in ms (default 2.0)
    FAKE_CUPY_CAPABILITY  cupy.cuda.Device().compute_capability (default "90", a Hopper GPU)
    FAKE_CUPY_CORRUPT=1   cupy.asnumpy hands back the array with its middle element off by one (a bad copy back)
"""

from __future__ import annotations

import os

import numpy

from cupy import cuda  # noqa: F401 - cupy.cuda, as the real package

FAKE = True  # tests assert they are running this module, not a real cupy


def asarray(a, dtype=None):
    """A copy, as a real host-to-device copy is: an impl that wrote into its host input would show."""
    return numpy.array(a, dtype=dtype, copy=True)


def asnumpy(a, stream=None):
    out = numpy.array(a, copy=True)
    if os.environ.get("FAKE_CUPY_CORRUPT") == "1" and out.size:
        out.flat[out.size // 2] += 1
    return out


def __getattr__(name: str):
    """Everything else (arange, sort, float32, sqrt, ...) is NumPy's."""
    return getattr(numpy, name)
