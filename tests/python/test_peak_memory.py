"""Peak memory over the harness *and* its worker processes (speedlab_spawn's sampled sum), and cores used
that count worker processes a Dask LocalCluster runs (python_baselines/cpu_clock.py).

No timing is asserted: the fake harness holds its children's memory until it has seen both ready, for far
longer than the launcher's 50 ms sampling period, and the CPU checks compare CPU time with CPU time."""

from __future__ import annotations

import sys

import pytest

from conftest import BUILD_DIR, require_build
from speedlab import peak_memory
from speedlab.process import run_process

PYTHON = sys.executable
CHILD_MIB = 120
HOLD_S = 0.5  # 10 samples of the launcher

# Each child touches CHILD_MIB (bytes * n writes every page), says so, and holds it until released.
CHILD = f"""
import os, sys, time
held = b"x" * ({CHILD_MIB} << 20)
open(sys.argv[1], "w").close()
while not os.path.exists(sys.argv[2]):
    time.sleep(0.01)
"""
# The fake harness: two such children at once, released once both hold their memory and HOLD_S has passed.
HARNESS = f"""
import os, subprocess, sys, time
folder = sys.argv[1]
release = os.path.join(folder, "release")
children = [subprocess.Popen([sys.executable, "-c", {CHILD!r}, os.path.join(folder, f"ready{{i}}"), release])
            for i in range(2)]
deadline = time.time() + 60
while not all(os.path.exists(os.path.join(folder, f"ready{{i}}")) for i in range(2)) and time.time() < deadline:
    time.sleep(0.01)
time.sleep({HOLD_S})
open(release, "w").close()
sys.exit(sum(child.wait() for child in children))
"""


@pytest.fixture
def spawner():
    return require_build(BUILD_DIR / "bin" / "speedlab_spawn")


def test_the_summed_peak_counts_both_workers_and_the_single_figure_does_not(spawner, tmp_path):
    result = run_process([PYTHON, "-c", HARNESS, str(tmp_path)], 120, spawner=spawner)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "ready0").exists() and (tmp_path / "ready1").exists()
    child_kib = CHILD_MIB * 1024
    assert child_kib <= result.max_rss_kib < 1.5 * child_kib  # ru_maxrss: the largest single process
    assert result.max_rss_all_kib >= 2 * child_kib  # the sum: both children at once, and the harness
    shown, summed = peak_memory.figures({"max_rss_kib": result.max_rss_kib, "max_rss_all_kib": result.max_rss_all_kib})
    assert summed and shown == result.max_rss_all_kib


def test_one_process_reads_the_same_in_both_figures(spawner):
    result = run_process(
        [PYTHON, "-c", f"import time; b = b'x' * ({CHILD_MIB} << 20); time.sleep({HOLD_S})"], 60, spawner=spawner
    )
    assert result.returncode == 0
    assert result.max_rss_kib <= result.max_rss_all_kib < 1.1 * result.max_rss_kib
    assert (
        peak_memory.figures({"max_rss_kib": result.max_rss_kib, "max_rss_all_kib": result.max_rss_all_kib})[1] is False
    )


def test_the_column_marks_the_sum_only_where_it_exceeds_one_process():
    assert peak_memory.text({"max_rss_kib": 100 * 1024, "max_rss_all_kib": 300 * 1024}) == "300 MiB Σ"
    assert peak_memory.text({"max_rss_kib": 100 * 1024, "max_rss_all_kib": 105 * 1024}) == "100 MiB"
    assert peak_memory.text({"max_rss_kib": 100 * 1024}) == "100 MiB"  # a result from before the sum
    assert peak_memory.text(None) == peak_memory.units.MISSING


def test_cores_used_of_a_local_cluster_counts_its_worker_processes():
    """The harness's CPU clock (process + live descendants) sees the CPU time the LocalCluster's worker
    processes spend in tasks, though the harness's own threads only wait."""
    distributed = pytest.importorskip("distributed", reason="distributed is not installed (requirements.txt pins it)")
    from python_baselines import cpu_clock

    def burn(seconds: float) -> float:  # a local function: pickled by value to the workers
        import time

        start = time.thread_time()
        total = 0
        while time.thread_time() - start < seconds:
            total += sum(range(1000))
        return time.thread_time() - start

    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        client.gather(client.map(burn, [0.01, 0.01], pure=False))  # both workers up and warm
        clock = cpu_clock.TreeClock()
        assert len(clock.children) >= 2  # the worker processes are the harness's descendants
        own_start, start = cpu_clock.time.process_time_ns(), clock.read_ns()
        burnt = sum(client.gather(client.map(burn, [0.3, 0.3], pure=False, workers=None)))
        own, total = cpu_clock.time.process_time_ns() - own_start, clock.read_ns() - start
    assert burnt >= 0.59
    assert total - own >= 0.95 * burnt * 1e9  # the workers' burn is in the clock, beyond the harness's own


def _reduction_cell(impl: str, params: dict, status: str = "ok", **fields) -> dict:
    return {"workload": "chunked_reduction", "impl": impl, "params": params, "threads": 2, "status": status, **fields}


def test_the_dask_section_states_the_out_of_core_run_from_its_cells():
    from speedlab import dask_out_of_core, dask_report, report_sections
    from speedlab.render import markdown

    size = {"n": 2**31, "from_disk": 0}
    refused = "needs ~16 GiB, over 50% of the 21.9 GiB available; the largest n that fits is 1,470,000,000"
    summed = {"max_rss_kib": 150 << 10, "max_rss_all_kib": 450 << 10}
    cells = [
        _reduction_cell("python.numpy", size, "skipped", reason=refused),
        _reduction_cell(
            "python.dask",
            {**size, "scheduler": "local_cluster"},
            summary={"median_s": 12.5},
            process=summed,
            cores_used=1.93,
            cold={"wall_s": 21.0},
        ),
        _reduction_cell("python.dask", size, summary={"median_s": 11.0}, process=summed, cores_used=1.8),
        _reduction_cell("cpp.stream", size, summary={"median_s": 9.0}, process={"max_rss_kib": 4 << 10}),
    ]
    (finding,) = dask_out_of_core.findings({"cells": cells})
    assert "(a 16.00 GiB file)" in finding and "python.numpy, which loads the whole file, was refused" in finding
    assert refused in finding
    threads, cluster = finding.index("scheduler threads"), finding.index("scheduler local_cluster")
    assert threads < cluster  # in scheduler order
    assert "12.5 s median; cold 21 s, one whole process, starting the cluster included" in finding
    assert "peak memory 450 MiB summed over the harness and its worker processes (2.7% of the file)" in finding
    assert "cores used 1.93" in finding and "cpp.stream 9 s, peak 4.0 MiB" in finding
    document = {"cells": cells, "machine": {}}
    assert any(finding in line for line in markdown.section(report_sections.dask_section(document), {}))
    assert finding in dask_report.notes(document)  # the HTML section's notes
    cells[0]["status"] = "ok"  # NumPy loaded it: nothing to state
    assert dask_out_of_core.findings({"cells": cells}) == []


def test_the_dask_rows_compare_with_a_multi_threaded_numpy_where_it_has_only_that():
    from speedlab import dask_report

    def cell(impl, threads, seconds):
        return {
            "workload": "matmul",
            "impl": impl,
            "params": {"n": 768},
            "threads": threads,
            "status": "ok",
            "summary": {"median_s": seconds},
        }

    document = {"cells": [cell("python.numpy", 2, 0.010), cell("python.dask", 2, 0.020)], "machine": {}}
    (row,) = dask_report.table(document).texts()
    assert row[8:10] == ["10 ms", "0.5×"]  # matmul's NumPy runs its BLAS on every thread
    document["cells"].append(cell("python.numpy", 1, 0.040))
    assert dask_report.table(document).texts()[0][8:10] == ["40 ms", "2×"]  # one thread, where the run has it


def test_results_csv_has_both_peak_memory_figures(tmp_path):
    import csv

    from speedlab import results

    cell = {
        "workload": "chunked_reduction",
        "impl": "python.dask",
        "language": "python",
        "tier": "vectorized",
        "params": {"n": 1024, "scheduler": "local_cluster"},
        "threads": 2,
        "status": "ok",
        "process": {"max_rss_kib": 120_000, "max_rss_all_kib": 360_000, "wall_s": 1.0, "user_s": 1.0, "sys_s": 0.1},
    }
    results.write_csv({"cells": [cell]}, tmp_path / "results.csv")
    (row,) = csv.DictReader((tmp_path / "results.csv").open())
    assert (row["max_rss_kib"], row["max_rss_all_kib"]) == ("120000", "360000")
