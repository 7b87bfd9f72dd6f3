"""dataloader: every impl computes the reference at smoke sizes (1 and 2 workers, from the page cache and
from the disk); a batch skipped, fed twice or out of order is rejected; the step idle share's arithmetic on
a fake clock; python.torch's skip reason without torch."""

import importlib.util
import json
import os
import subprocess
from pathlib import Path

import numpy as np
import pytest

from python_baselines.registry import Params, SkipBenchmark, load_all
from python_baselines.workloads import dataloader_data as data
from validation import validate

REGISTRY = load_all()
SMOKE = {"batches": 5, "batch": 4, "features": 96, "outputs": 8}
IMPLS = ["python.serial", "python.threads", "python.processes", "python.shared"]


def epoch(impl, threads=1, **overrides):
    params = {**SMOKE, "from_disk": 0, **overrides}
    prepared = REGISTRY[("dataloader", impl)].prepare(Params(values=params, threads=threads))
    if prepared.before_each is not None:
        prepared.before_each()
    outputs = prepared.kernel()
    return params, outputs, prepared.checksums(outputs)


@pytest.mark.parametrize("impl", IMPLS)
@pytest.mark.parametrize("threads", [1, 2])
def test_every_impl_agrees_with_the_reference(impl, threads):
    params, outputs, counters = epoch(impl, threads)
    assert len(outputs) == SMOKE["batches"] and outputs[0].dtype == np.float32
    assert 0.0 <= counters["step_idle_share"] <= 1.0
    checks = validate("dataloader", impl, params, counters)
    assert checks["ok"], checks["reason"]


def test_from_disk_drops_the_files_and_still_agrees():
    params, _, counters = epoch("python.serial", from_disk=1)
    assert validate("dataloader", "python.serial", params, counters)["ok"]


def corrupted(outputs, how):
    outputs = [y.copy() for y in outputs]
    if how == "skipped":
        outputs[2] = np.zeros_like(outputs[2])
    elif how == "twice":
        outputs[3] = outputs[2].copy()
    elif how == "swapped":
        outputs[1], outputs[2] = outputs[2], outputs[1]
    elif how == "one_value":
        outputs[4][1, 3] *= 2
    return outputs


@pytest.mark.parametrize("how", ["skipped", "twice", "swapped", "one_value"])
def test_a_wrong_epoch_is_rejected(how):
    params, outputs, counters = epoch("python.serial")
    assert validate("dataloader", "python.serial", params, data.checksums(outputs))["ok"]
    bad = data.checksums(corrupted(outputs, how))
    result = validate("dataloader", "python.serial", params, bad)
    assert not result["ok"], how
    if how == "swapped":  # same values in another order: only the weighted checksum sees it
        assert result["checksums"]["checksum"]["ok"] and not result["checksums"]["checksum_weighted"]["ok"]


def test_the_idle_share_on_a_fake_clock():
    """Each batch takes 3 s to arrive and 1 s to step: the step is idle 3/4 of the epoch."""
    now = [0.0]
    clock = data.EpochClock(lambda: now[0])

    def batches():
        for index in range(4):
            now[0] += 3.0  # the loader's time, seen by the training loop as a wait
            yield np.full((1, 1), index, dtype=np.float32)

    def step(x):
        now[0] += 1.0
        return x

    outputs = clock.run(batches(), step)
    assert [float(y[0, 0]) for y in outputs] == [0.0, 1.0, 2.0, 3.0]
    assert (clock.epoch_s, clock.step_s) == (16.0, 4.0) and clock.idle_share() == 0.75
    clock.run(iter([np.zeros((1, 1), np.float32)]), step)  # a second epoch with no wait: pooled
    assert clock.idle_share() == pytest.approx(12.0 / 17.0)
    clock.reset()
    assert clock.idle_share() == 0.0


def test_the_files_hold_the_generators_bytes():
    folder = data.ensure_samples(6, 96, 42)
    expected = data.sample_values(0, 6, 96, 42)
    assert data.sample_path(folder, 5).read_bytes() == expected[5].tobytes()
    assert np.array_equal(data.load_batch(str(folder), 1, 3, 96), expected[3:6].astype(np.float32) / np.float32(255))


@pytest.mark.skipif(importlib.util.find_spec("torch") is not None, reason="torch is installed here")
def test_torch_is_skipped_with_the_reason_without_torch():
    with pytest.raises(SkipBenchmark, match="torch is not installed: pip install torch"):
        REGISTRY[("dataloader", "python.torch")].prepare(Params(values=dict(SMOKE, from_disk=0)))


def loader_document():
    def cell(impl, threads, median, idle, from_disk=0):
        return {
            "workload": "dataloader",
            "impl": impl,
            "threads": threads,
            "status": "ok",
            "params": {**SMOKE, "from_disk": from_disk},
            "summary": {"median_s": median},
            "counters": {"step_idle_share": idle},
            "cores_used": 1.5,
        }

    return {
        "cells": [
            cell("python.serial", 1, 0.4, 0.6),
            cell("python.threads", 2, 0.25, 0.05),
            cell("python.processes", 2, 0.5, 0.3),
            cell("python.shared", 2, 0.25, 0.08),
            cell("python.serial", 1, 0.9, 0.8, from_disk=1),
        ]
    }


def test_the_report_says_where_the_step_stops_waiting_and_what_pickling_costs():
    from speedlab import cores, dataloader_report
    from speedlab.render import markdown

    text = "\n".join(markdown.render(dataloader_report.table(loader_document())))
    assert "first with `python.threads` at 2 worker(s): idle 5%, epoch 250 ms" in text
    assert "at 2 worker(s), batches = 5, batch = 4, features = 96, outputs = 8: 2.00× the epoch time" in text
    assert (
        "| python.serial | 1 | batches = 5, batch = 4, features = 96, outputs = 8 | yes | 900 ms | 80% | 1.50 |" in text
    )
    assert cores.gil_cells(loader_document()) == []  # no python.loops here: not the GIL's lesson


def test_a_gpu_cells_epoch_is_its_end_to_end_time_and_overlap_is_compared_with_sync():
    from speedlab import dataloader_report
    from speedlab.render import markdown

    def gpu(impl, step, epoch, idle):
        return {
            "workload": "dataloader",
            "impl": impl,
            "threads": 1,
            "status": "ok",
            "params": {**SMOKE, "from_disk": 0},
            "summary": {"median_s": step},
            "end_to_end": {"median_s": epoch},
            "counters": {"step_idle_share": idle},
            "gpu_busy": 1 - idle,
        }

    document = {"cells": [gpu("cuda.sync", 0.01, 0.04, 0.75), gpu("cuda.overlap", 0.01, 0.02, 0.5)]}
    text = "\n".join(markdown.render(dataloader_report.table(document)))
    assert "epoch 20 ms against 40 ms in one stream (2.00×; step idle 50% against 75%)" in text
    assert "| cuda.sync | 1 | batches = 5, batch = 4, features = 96, outputs = 8 | no | 40 ms | 75% | — |" in text


CUDA_HARNESS = (
    Path(os.environ.get("SPEEDLAB_BUILD_DIR", Path(__file__).resolve().parents[2] / "build")) / "bin" / "speedlab_cuda"
)


@pytest.mark.skipif(not CUDA_HARNESS.exists(), reason="the CUDA harness is not built (no nvcc at configure time)")
@pytest.mark.parametrize("impl", ["cuda.sync", "cuda.overlap"])
def test_the_cuda_impls_are_built_and_skip_with_the_reason_without_a_gpu(impl):
    listing = json.loads(
        subprocess.run([str(CUDA_HARNESS), "--list"], capture_output=True, text=True, check=True).stdout
    )
    assert {"workload": "dataloader", "impl": impl} in listing["implementations"]
    args = [part for k, v in {**SMOKE, "from_disk": 0}.items() for part in ("--param", f"{k}={v}")]
    done = subprocess.run(
        [str(CUDA_HARNESS), "--run", f"dataloader/{impl}", *args, "--repetitions", "1"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    entry = json.loads(done.stdout)["benchmarks"][0]
    if not entry.get("skipped"):  # a machine with a GPU: the epoch must be right (the GPU check script's job)
        counters = {k: entry[k] for k in ("checksum", "checksum_weighted")}
        assert validate("dataloader", impl, {**SMOKE, "from_disk": 0}, counters)["ok"]
        assert 0.0 <= entry["step_idle_share"] <= 1.0
        return
    assert "CUDA" in entry["skip_message"] or "GPU" in entry["skip_message"]
