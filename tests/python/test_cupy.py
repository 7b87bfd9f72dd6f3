"""python.cupy: skipped with the reason without cupy or a GPU; with a fake cupy backed by NumPy
(tests/python/fake_cupy) every impl runs its code path here, computes the reference, rejects a corrupted
output, and the harness takes the kernel's event time as the iteration's and reports end_to_end_s."""

import importlib.util
import json
import sys
from pathlib import Path

import numpy as np
import pytest

from conftest import REPO_ROOT, env
from python_baselines import harness
from python_baselines.registry import Params, SkipBenchmark, load_all
from validation import validate

REGISTRY = load_all()
FAKE_DIR = Path(__file__).resolve().parent / "fake_cupy"
WORKLOADS = ["matmul", "stream_triad", "leibniz_pi", "sort", "nbody", "mandelbrot"]
CELLS = [  # every python.cupy impl at its smoke size, every dtype it has
    ("matmul", {"n": 64}),
    ("matmul", {"n": 64, "dtype": "float32"}),
    ("matmul", {"n": 64, "dtype": "tf32"}),
    ("stream_triad", {"n": 10_000}),
    ("stream_triad", {"n": 10_000, "dtype": "float32"}),
    ("leibniz_pi", {"n": 100_000}),
    ("sort", {"n": 3000}),
    ("nbody", {"n": 64, "k": 10}),
    ("nbody", {"n": 64, "k": 10, "dtype": "float32"}),
    ("mandelbrot", {"n": 128}),
]
SCALAR_OUTPUT = {"leibniz_pi", "mandelbrot"}  # a host number back, not an array (asnumpy cannot corrupt it)
KERNEL_MS = 2.0


def prepare(workload: str, params: dict):
    return REGISTRY[(workload, "python.cupy")].prepare(Params(values=dict(params)))


def time_three(prepared):
    return harness.time_batch(
        prepared.kernel, 3, prepared.before_each, prepared.after_each, prepared.checksums, prepared.manual_time
    )


@pytest.fixture
def fake_cupy(monkeypatch):
    """The fake cupy first on sys.path, imported fresh; gone from sys.modules afterwards."""
    monkeypatch.syspath_prepend(str(FAKE_DIR))
    for variable in ("FAKE_CUPY_DEVICES", "FAKE_CUPY_KERNEL_MS", "FAKE_CUPY_CAPABILITY", "FAKE_CUPY_CORRUPT"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("CUPY_TF32", "0")  # restored after the test: the tf32 cell sets it in os.environ
    _forget_cupy()
    import cupy

    assert cupy.FAKE
    yield cupy
    _forget_cupy()


def _forget_cupy() -> None:
    for name in [m for m in sys.modules if m == "cupy" or m.startswith("cupy.")]:
        del sys.modules[name]


# ----------------------------------------------------------------- the skips, with their reasons


@pytest.mark.skipif(importlib.util.find_spec("cupy") is not None, reason="cupy is installed here")
@pytest.mark.parametrize("workload", WORKLOADS)
def test_without_cupy_every_cell_is_skipped_with_what_to_install(workload):
    with pytest.raises(SkipBenchmark, match="cupy is not installed: pip install cupy-cuda13x"):
        prepare(workload, {"n": 16, "k": 1})


def test_without_a_gpu_the_reason_is_the_drivers(fake_cupy, monkeypatch):
    monkeypatch.setenv("FAKE_CUPY_DEVICES", "error")
    with pytest.raises(SkipBenchmark, match="no usable CUDA device .*insufficient"):
        prepare("nbody", {"n": 16, "k": 1})
    monkeypatch.setenv("FAKE_CUPY_DEVICES", "0")
    with pytest.raises(SkipBenchmark, match="no usable CUDA device"):
        prepare("mandelbrot", {"n": 16})


def test_tf32_needs_an_ampere_gpu_and_sets_cupys_switch(fake_cupy, monkeypatch):
    monkeypatch.setenv("FAKE_CUPY_CAPABILITY", "75")
    with pytest.raises(SkipBenchmark, match=r"tf32 needs TF32 tensor cores .*this GPU is 7\.5"):
        prepare("matmul", {"n": 16, "dtype": "tf32"})
    monkeypatch.setenv("FAKE_CUPY_CAPABILITY", "80")
    prepare("matmul", {"n": 16, "dtype": "tf32"})
    import os

    assert os.environ["CUPY_TF32"] == "1"
    prepare("matmul", {"n": 16, "dtype": "float32"})  # an inherited CUPY_TF32=1 would make it a TF32 product
    assert os.environ["CUPY_TF32"] == "0"


# ----------------------------------------------------------------- agreement and corruption, in process


@pytest.mark.parametrize("workload,params", CELLS)
def test_every_impl_computes_the_reference_and_reports_kernel_and_end_to_end(fake_cupy, workload, params):
    batch = time_three(prepare(workload, params))
    assert batch.wall_ns == 3 * round(KERNEL_MS * 1e-3 * 1e9)  # the events' time, not the host clock's
    assert batch.checksums["end_to_end_s"] > 0
    result = validate(workload, "python.cupy", params, batch.checksums)
    assert result["ok"], result["reason"]


@pytest.mark.parametrize("workload,params", [c for c in CELLS if c[0] in ("nbody", "mandelbrot")])
def test_nbody_and_mandelbrot_are_numpys_code_to_the_bit(fake_cupy, monkeypatch, workload, params):
    from python_baselines.workloads import cupy_gpu

    monkeypatch.setattr(cupy_gpu, "CUPY_BLOCK_PAIRS", 10 * 64)  # blocks of 10 rows: the last one short
    monkeypatch.setattr(cupy_gpu, "CUPY_BLOCK_PIXELS", 1000)  # 7 rows of 128 pixels a block
    gpu = prepare(workload, params)
    numpy = REGISTRY[(workload, "python.numpy")].prepare(Params(values=dict(params)))
    ours, theirs = gpu.checksums(gpu.kernel()), numpy.checksums(numpy.kernel())
    assert {k: v for k, v in ours.items() if k != "end_to_end_s"} == theirs


def corrupted(result):
    if isinstance(result, np.ndarray):
        wrong = result.copy()
        wrong.flat[wrong.size // 2] += 1
        return wrong
    return result + 1 if isinstance(result, int) else result * (1 + 1e-6)


@pytest.mark.parametrize("workload,params", CELLS)
def test_a_corrupted_output_is_rejected(fake_cupy, monkeypatch, workload, params):
    """Arrays through the fake's bad copy back (asnumpy); the scalar totals changed before their checksums."""
    prepared = prepare(workload, params)
    if workload in SCALAR_OUTPUT:
        checksums = prepared.checksums
        prepared.checksums = lambda result: checksums(corrupted(result))
    else:
        monkeypatch.setenv("FAKE_CUPY_CORRUPT", "1")
    result = validate(workload, "python.cupy", params, time_three(prepared).checksums)
    assert not result["ok"]


# ----------------------------------------------------------------- through the harness and the runner

HARNESS = [sys.executable, "-m", "python_baselines"]
ONE_RUN = ["--repetitions", "1", "--min-time", "0", "--warmup", "0"]


def run_harness(cell: str, params: list[str], pythonpath: Path, **variables: str):
    import subprocess

    args = [a for p in params for a in ("--param", p)]
    done = subprocess.run(
        [*HARNESS, "--run", cell, *args, *ONE_RUN],
        capture_output=True,
        text=True,
        env={**env(), "PYTHONPATH": str(pythonpath), **variables},
        cwd=REPO_ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)["benchmarks"][0]


def test_the_harness_reports_the_event_time_and_the_skip_reasons(tmp_path: Path):
    entry = run_harness("nbody/python.cupy", ["n=64", "k=10"], FAKE_DIR, FAKE_CUPY_KERNEL_MS="5")
    assert not entry.get("skipped") and entry["real_time"] == pytest.approx(5e6)  # ns: the events' 5 ms
    assert entry["end_to_end_s"] > 0
    entry = run_harness("mandelbrot/python.cupy", ["n=128"], FAKE_DIR, FAKE_CUPY_DEVICES="error")
    assert entry["skipped"] and "no usable CUDA device (cudaErrorInsufficientDriver" in entry["skip_message"]
    broken = tmp_path / "cupy"
    broken.mkdir()
    (broken / "__init__.py").write_text("raise ImportError('no cupy here')\n")
    entry = run_harness("mandelbrot/python.cupy", ["n=128"], tmp_path)
    assert entry["skipped"] and entry["skip_message"].startswith("cupy is not installed: pip install cupy-cuda13x")


def test_a_run_validates_the_cupy_cells_and_reports_them_in_the_gpu_section(tmp_path: Path, monkeypatch):
    """The whole path with the fake cupy: runner, validation, results.csv, the report's CuPy table; then a bad
    copy back (FAKE_CUPY_CORRUPT) is a wrong checksum, the NumPy cell beside it unharmed."""
    import csv

    from conftest import load_latest, speedlab

    monkeypatch.setenv("PYTHONPATH", str(FAKE_DIR))
    common = ["run", "--preset", "smoke", "-w", "nbody,mandelbrot", "-i", "python.cupy,python.numpy", "-r", "1"]
    done = speedlab(*common, "--results-dir", str(tmp_path / "good"))
    assert done.returncode == 0, done.stderr
    cells = {(c["workload"], c["impl"]): c for c in load_latest(tmp_path / "good")["cells"]}
    assert {key: c["status"] for key, c in cells.items() if key[1] == "python.cupy"} == {
        ("nbody", "python.cupy"): "ok",
        ("mandelbrot", "python.cupy"): "ok",
    }
    assert cells[("nbody", "python.cupy")]["summary"]["median_s"] == pytest.approx(KERNEL_MS * 1e-3)
    run_dir = (tmp_path / "good" / "latest").resolve()
    rows = {(r["workload"], r["impl"]): r for r in csv.DictReader((run_dir / "results.csv").open())}
    assert rows[("nbody", "python.cupy")]["gpu_busy"] and not rows[("nbody", "python.cupy")]["cores_used"]
    assert float(rows[("nbody", "python.numpy")]["cores_used"]) > 0
    assert "### CuPy beside the hand-written CUDA, cuBLAS and NumPy" in (run_dir / "report.md").read_text()
    monkeypatch.setenv("FAKE_CUPY_CORRUPT", "1")
    done = speedlab(*common, "--results-dir", str(tmp_path / "bad"))
    statuses = {(c["workload"], c["impl"]): c["status"] for c in load_latest(tmp_path / "bad")["cells"]}
    assert statuses[("nbody", "python.cupy")] == "wrong_checksum" and statuses[("nbody", "python.numpy")] == "ok"


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
