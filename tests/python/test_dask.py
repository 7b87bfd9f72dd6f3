"""The Dask tier (python.dask): the same answers as NumPy on every scheduler, checks that can fail, and the
failures that must stay per cell (no dask, a bad scheduler address). Kept cheap: smoke sizes, 1-2 workers,
at most one LocalCluster per harness process (test_agreement.py runs every impl at every scheduler too)."""

from __future__ import annotations

import json
import math
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from conftest import REPO_ROOT, env, speedlab
from python_baselines.registry import Params, load_all
from python_baselines.workloads import chunked_reduction, dask_arrays, mandelbrot, matmul, stencil2d, stream_triad
from test_corruption import check_corruptions
from validation import validate

pytest.importorskip("dask.array", reason="dask is not installed (requirements.txt pins it)")
REGISTRY = load_all()
HARNESS = [sys.executable, "-m", "python_baselines"]


def prepared(workload: str, params: dict, threads: int = 2, impl: str = "python.dask"):
    return REGISTRY[(workload, impl)].prepare(Params(dict(params), threads=threads))


@pytest.mark.parametrize(
    "workload, params",
    [
        ("stream_triad", {"n": 10_000}),
        ("matmul", {"n": 64}),
        ("stencil2d", {"n": 64, "k": 10}),
        ("stencil2d", {"n": 1100, "k": 3}),
    ],
)
def test_threads_scheduler_matches_numpy(workload, params):
    """Bit for bit where the arithmetic is the same per element (triad, stencil: across block halos too, at
    1100 = a 1024 block and a 76 one); matmul's blocked sums are reassociated, so within its tolerance."""
    dask = prepared(workload, params)
    out = np.asarray(dask.kernel())
    numpy = np.asarray(prepared(workload, params, 1, "python.numpy").kernel())
    if workload == "matmul":
        np.testing.assert_allclose(out, numpy, rtol=1e-13)
    else:
        np.testing.assert_array_equal(out, numpy)
    assert validate(workload, "python.dask", params, dask.checksums(out))["ok"]
    facts = dask.context["dask"]
    assert facts["scheduler"] == "threads" and facts["workers"] == 2 and facts["tasks"] >= 1


def test_mandelbrot_and_chunked_reduction_agree(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("SPEEDLAB_DATA_DIR", str(tmp_path))
    total = prepared("mandelbrot", {"n": 128}).kernel()
    assert total == {"checksum": mandelbrot.mandelbrot_numpy(128)}
    params = {"n": 5_000_000, "from_disk": 0}  # three 2^21-value windows, the last one short
    moments = prepared("chunked_reduction", params).kernel()
    assert validate("chunked_reduction", "python.dask", params, moments)["ok"]
    numpy = chunked_reduction.reduce_numpy(chunked_reduction.input_file(params["n"], 42), params["n"])
    assert moments["mean"] == pytest.approx(numpy["mean"], rel=1e-15)


# ----------------------------------------------------------------- every new checksum path can fail


def test_gathered_arrays_are_rejected_when_corrupted():
    """stream_triad, matmul, stencil2d: the result dask gathers goes through the workload's checksums."""
    triad = np.asarray(prepared("stream_triad", {"n": 10_000}).kernel())
    check_corruptions("stream_triad", "python.dask", {"n": 10_000}, triad, stream_triad.checksums_of, 4321, 77, 512)
    product = np.asarray(prepared("matmul", {"n": 64}).kernel())
    check_corruptions(
        "matmul", "python.dask", {"n": 64}, product, matmul.checksums_of_array, 7 * 64 + 9, 50 * 64 + 1, 64
    )
    grid = np.asarray(prepared("stencil2d", {"n": 64, "k": 10}).kernel())
    check_corruptions(
        "stencil2d", "python.dask", {"n": 64, "k": 10}, grid, stencil2d.checksums_of, 20 * 64 + 5, 40 * 64 + 33, 40
    )


def test_mandelbrot_chunk_totals_are_rejected_when_one_is_off():
    rows = np.arange(128, dtype=np.int64)
    totals = np.concatenate([dask_arrays._mandelbrot_rows(rows[i : i + 16], 128) for i in range(0, 128, 16)])
    assert validate("mandelbrot", "python.dask", {"n": 128}, {"checksum": float(totals.sum())})["ok"]
    for what, change in [("one iteration short", -1), ("a chunk counted twice", int(totals[3]))]:
        assert not validate("mandelbrot", "python.dask", {"n": 128}, {"checksum": float(totals.sum() + change)})[
            "ok"
        ], what


def test_chunked_reduction_window_totals_are_rejected_when_one_is_wrong(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("SPEEDLAB_DATA_DIR", str(tmp_path))
    n = 65_536
    path = str(chunked_reduction.input_file(n, 42))
    halves = np.stack(
        [dask_arrays._file_block_totals(path, 0, n // 2), dask_arrays._file_block_totals(path, n // 2, n // 2)]
    )
    params = {"n": n, "from_disk": 0}

    def moments(values):
        return chunked_reduction.moments(list(values[:, 0]), list(values[:, 1]), n)

    assert validate("chunked_reduction", "python.dask", params, moments(halves))["ok"]
    twice = np.stack([halves[0], halves[0]])  # a window read twice, the other skipped
    assert not validate("chunked_reduction", "python.dask", params, moments(twice))["ok"]
    squares_wrong = halves.copy()
    squares_wrong[1, 1] *= 1 + 1e-9
    verdict = validate("chunked_reduction", "python.dask", params, moments(squares_wrong))
    assert verdict["checksums"]["mean"]["ok"] and not verdict["checksums"]["variance"]["ok"]


# ----------------------------------------------------------------- failures stay per cell


def harness(*args: str, extra_env: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*HARNESS, *args],
        capture_output=True,
        text=True,
        env={**env(), **(extra_env or {})},
        cwd=REPO_ROOT,
        timeout=timeout,
    )


RUN_STENCIL = [
    "--run",
    "stencil2d/python.dask",
    "--param",
    "n=64",
    "--param",
    "k=2",
    "--threads",
    "1",
    "--repetitions",
    "1",
    "--min-time",
    "0",
    "--warmup",
    "0",
]


def test_a_wrong_scheduler_address_fails_within_its_timeout():
    start = time.monotonic()
    done = harness(
        *RUN_STENCIL,
        "--param",
        "scheduler=cluster",
        extra_env={"SPEEDLAB_DASK_SCHEDULER": "tcp://127.0.0.1:9", "SPEEDLAB_DASK_CONNECT_TIMEOUT": "1"},
    )
    assert done.returncode == 2
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9 within 1 s" in done.stderr
    assert time.monotonic() - start < 60  # the timeout, interpreter start and imports; not a hang


def test_cluster_without_an_address_is_skipped_with_what_to_pass():
    done = harness(*RUN_STENCIL, "--param", "scheduler=cluster", extra_env={"SPEEDLAB_DASK_SCHEDULER": ""})
    assert done.returncode == 0
    entry = json.loads(done.stdout)["benchmarks"][0]
    assert entry["skipped"] and "--dask-scheduler tcp://HOST:8786" in entry["skip_message"]


def test_without_dask_the_cells_are_skipped(tmp_path: Path):
    fake = tmp_path / "dask"
    fake.mkdir()
    (fake / "__init__.py").write_text("raise ImportError('no dask here')\n")
    done = harness(*RUN_STENCIL, extra_env={"PYTHONPATH": str(tmp_path)})  # a fake dask first
    assert done.returncode == 0, done.stderr
    entry = json.loads(done.stdout)["benchmarks"][0]
    assert entry["skipped"] and entry["skip_message"].startswith("dask is not installed")


def test_the_run_goes_on_past_a_bad_cluster_and_reports_tasks(tmp_path: Path):
    results = tmp_path / "reports"
    bad = speedlab(
        "run",
        "--preset",
        "smoke",
        "-w",
        "stencil2d",
        "--dask-scheduler",
        "not-an-address",
        "--results-dir",
        str(results),
    )
    assert bad.returncode == 2 and "is not a Dask scheduler address" in bad.stderr
    import os

    os.environ["SPEEDLAB_DASK_CONNECT_TIMEOUT"] = "1"
    try:
        done = speedlab(
            "run",
            "--preset",
            "smoke",
            "-w",
            "stencil2d",
            "-i",
            "python.dask",
            "-i",
            "python.numpy",
            "-t",
            "1",
            "--no-cold",
            "--no-ceilings",
            "-r",
            "1",
            "--dask-scheduler",
            "tcp://127.0.0.1:9",
            "--results-dir",
            str(results),
        )
    finally:
        del os.environ["SPEEDLAB_DASK_CONNECT_TIMEOUT"]
    assert done.returncode == 1, done.stderr  # the cluster cell failed; the others measured
    document = json.loads((results / "latest" / "results.json").read_text())
    by_scheduler = {c["params"].get("scheduler", "threads"): c for c in document["cells"] if c["impl"] == "python.dask"}
    assert by_scheduler["threads"]["status"] == "ok" and by_scheduler["cluster"]["status"] == "failed"
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in by_scheduler["cluster"]["reason"]
    assert "not reached within 1 s" in document["machine"]["dask_cluster"]["error"]
    report = (results / "latest" / "report.md").read_text()
    assert "## The Dask tier: cost per task" in report and "| stencil2d | n=64 k=10 | threads | 1 | 64 × 64 |" in report
    assert not math.isnan(by_scheduler["threads"]["summary"]["median_s"])


def _cell(impl, params, seconds, threads=1, chunk=None):
    context = {"context": {"speedlab": {"dask": {"chunk": chunk, "tasks": 10, "workers": threads}}}} if chunk else {}
    return {
        "workload": "stream_triad",
        "impl": impl,
        "params": params,
        "threads": threads,
        "status": "ok",
        "summary": {"median_s": seconds},
        "harness_output": context,
        "tier": "vectorized",
    }


def test_the_report_finds_the_chunk_where_dask_stops_losing_to_numpy():
    from speedlab import dask_report

    n = {"n": 8_388_608}
    document = {
        "cells": [
            _cell("python.numpy", n, 0.020),
            _cell("python.dask", n, 0.030, chunk=1 << 20),
            _cell("python.dask", {**n, "chunk": "k16"}, 0.500, chunk=1 << 14),
            _cell("python.dask", {**n, "chunk": "m4"}, 0.018, chunk=1 << 22),
        ],
        "machine": {},
    }
    (line,) = dask_report.crossovers(document)
    assert "stops losing to python.numpy (20 ms) at chunks of 4,194,304 values" in line
    rows = dask_report.table(document).texts()
    assert [row[4] for row in rows] == ["16,384", "1,048,576", "4,194,304"]  # sorted by chunk
    assert rows[1][:8] == ["stream_triad", "n=8,388,608", "threads", "1", "1,048,576", "30 ms", "10", "3 ms"]
    document["cells"][-1]["summary"]["median_s"] = 0.025
    assert "never reaches python.numpy" in dask_report.crossovers(document)[0]


def test_predictions_count_the_fixed_cost_of_a_graph():
    """python.dask's own cost model (n + 2^24 for the triad): a probe at n = 10,000 that took 50 ms predicts
    ~75 ms at 8.4M values, not the 42 s that scaling by n alone predicts (the quick preset's scheduler sweep
    was extrapolated, not run, before this)."""
    from speedlab import predict
    from speedlab.manifest import load_manifest
    from speedlab.run import Cell, Settings

    manifest = load_manifest()
    workload = manifest.workload("stream_triad")
    settings = Settings.from_preset(manifest.presets["quick"])
    params = {"n": 8_388_608, "scheduler": "local_cluster"}
    dask = predict.scaled(
        Cell(workload, workload.impls["python.dask"], params, 1),
        settings,
        {"n": 10_000, "scheduler": "local_cluster"},
        1,
        0.05,
        "probe",
    )
    assert dask.seconds_per_iteration == pytest.approx(0.05 * (8_388_608 + 2**24) / (10_000 + 2**24))
    numpy = predict.scaled(
        Cell(workload, workload.impls["python.numpy"], {"n": 8_388_608}, 1), settings, {"n": 10_000}, 1, 0.05, "probe"
    )
    assert numpy.seconds_per_iteration == pytest.approx(0.05 * 838.8608)
