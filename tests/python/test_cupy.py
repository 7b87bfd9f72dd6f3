"""python.cupy: skipped with the reason without cupy or a GPU; with NumPy standing in for cupy (the same array
API) the impls compute the reference, and the harness takes the kernel's event time as the iteration's."""

import importlib.util
import sys
import types

import numpy as np
import pytest

from python_baselines import harness
from python_baselines.registry import Params, SkipBenchmark, load_all
from validation import validate

REGISTRY = load_all()
CELLS = [
    ("matmul", {"n": 24}),
    ("matmul", {"n": 24, "dtype": "float32"}),
    ("stream_triad", {"n": 1000}),
    ("stream_triad", {"n": 1000, "dtype": "float32"}),
    ("leibniz_pi", {"n": 100000}),
    ("sort", {"n": 5000}),
]
KERNEL_MS = 2.0


@pytest.mark.skipif(importlib.util.find_spec("cupy") is not None, reason="cupy is installed here")
@pytest.mark.parametrize("workload", ["matmul", "stream_triad", "leibniz_pi", "sort"])
def test_without_cupy_every_cell_is_skipped_with_what_to_install(workload):
    with pytest.raises(SkipBenchmark, match="cupy is not installed: pip install cupy-cuda13x"):
        REGISTRY[(workload, "python.cupy")].prepare(Params(values={"n": 16}))


class FakeEvent:
    def record(self):
        pass

    def synchronize(self):
        pass


def fake_cupy(devices):
    """NumPy under cupy's names; getDeviceCount raises like CUDA without a driver when devices is None."""

    def device_count():
        if devices is None:
            raise RuntimeError("cudaErrorInsufficientDriver: CUDA driver version is insufficient")
        return devices

    module = types.ModuleType("cupy")
    for name in ("asarray", "arange", "reciprocal", "float64", "float32", "sort"):
        setattr(module, name, getattr(np, name))
    module.asnumpy = np.asarray
    module.cuda = types.SimpleNamespace(
        runtime=types.SimpleNamespace(getDeviceCount=device_count),
        Event=FakeEvent,
        get_elapsed_time=lambda start, stop: KERNEL_MS,
    )
    return module


def test_without_a_gpu_the_reason_is_the_drivers(monkeypatch):
    monkeypatch.setitem(sys.modules, "cupy", fake_cupy(None))
    with pytest.raises(SkipBenchmark, match="no usable CUDA device .*insufficient"):
        REGISTRY[("matmul", "python.cupy")].prepare(Params(values={"n": 16}))
    monkeypatch.setitem(sys.modules, "cupy", fake_cupy(0))
    with pytest.raises(SkipBenchmark, match="no usable CUDA device"):
        REGISTRY[("matmul", "python.cupy")].prepare(Params(values={"n": 16}))


@pytest.mark.parametrize("workload,params", CELLS)
def test_the_impls_compute_the_reference_and_report_kernel_and_end_to_end(monkeypatch, workload, params):
    monkeypatch.setitem(sys.modules, "cupy", fake_cupy(1))
    prepared = REGISTRY[(workload, "python.cupy")].prepare(Params(values=dict(params)))
    batch = harness.time_batch(
        prepared.kernel, 3, prepared.before_each, prepared.after_each, prepared.checksums, prepared.manual_time
    )
    assert batch.wall_ns == 3 * round(KERNEL_MS * 1e-3 * 1e9)  # the events' time, not the host clock's
    assert batch.checksums["end_to_end_s"] > 0
    result = validate(workload, "python.cupy", params, batch.checksums)
    assert result["ok"], result["reason"]


def test_a_cupy_cell_reads_as_a_gpu_row_beside_the_cuda_ones():
    from speedlab import gpu, report

    cell = {
        "language": "python",
        "tier": "gpu",
        "impl": "python.cupy",
        "status": "ok",
        "end_to_end": {"median_s": 0.02},
    }
    assert gpu.is_gpu(cell) and report.kernel_only_end_to_end(cell) == 0.02
    assert not gpu.is_gpu({"language": "python", "tier": "vectorized"})
