"""Cores used: the harness's CPU clock counts every thread and every live worker process, and the runner's
arithmetic turns cpu / wall into the table's column and the GIL section. A 'fake harness' kernel burns a
known amount of CPU time (each thread or worker until its own CPU clock has advanced by BURN_S), so the
measured CPU time is known whatever the machine's load; the wall time is not, and is never asserted."""

import hashlib
import threading
import time

from python_baselines import cpu_clock, harness
from python_baselines.parallel import ProcessWorkers
from speedlab import cores, gbench, report
from speedlab.render import markdown

BURN_S = 0.15
BLOCK = b"x" * (1 << 16)  # hashlib releases the GIL for inputs over 2 KiB: the threads really run at once


def burn_thread_cpu(seconds: float = BURN_S) -> float:
    """Burns `seconds` of this thread's CPU time; returns what it burnt."""
    start = time.thread_time()
    while time.thread_time() - start < seconds:
        hashlib.sha256(BLOCK).digest()
    return time.thread_time() - start


def burn_on_threads(count: int) -> float:
    burnt = [0.0] * count

    def work(index):
        burnt[index] = burn_thread_cpu()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(burnt)


def measured_cpu_s(kernel) -> tuple[float, float]:
    batch = harness.time_batch(kernel, 1)
    return batch.cpu_ns * 1e-9, batch.wall_ns * 1e-9


def test_the_cpu_clock_counts_every_thread_on_one_and_two_threads():
    for count in (1, 2):
        cpu, _ = measured_cpu_s(lambda: burn_on_threads(count))
        assert count * BURN_S * 0.98 <= cpu <= count * BURN_S + 0.1, (count, cpu)


def test_the_cpu_clock_counts_live_worker_processes():
    workers = ProcessWorkers(2)
    try:
        workers.map(burn_thread_cpu, [(0.01,), (0.01,)])  # both workers started and warm
        assert len(cpu_clock.descendants()) >= 2
        cpu, _ = measured_cpu_s(lambda: workers.map(burn_thread_cpu, [(BURN_S,), (BURN_S,)]))
        # Both workers' burn (the main thread only waits): without the workers it would read ~0.
        assert 2 * BURN_S * 0.98 <= cpu <= 2 * BURN_S + 0.1, cpu
    finally:
        workers.close()


def parsed_with(cpu_over_real: list[float]) -> gbench.Parsed:
    return gbench.Parsed(context={}, repetitions=[gbench.Repetition(1.0, ratio, 1, {}) for ratio in cpu_over_real])


def test_cores_used_is_the_median_ratio_and_the_process_figure_is_kept_beside():
    record = {"summary": {"median_s": 1.0}, "process": {"wall_s": 4.0, "user_s": 2.5, "sys_s": 0.5}}
    out = cores.figures(parsed_with([1.0, 1.96, 2.0]), record)
    assert out == {"cores_used": 1.96, "process_cores": 0.75}
    assert cores.figures(parsed_with([float("nan")]), {}) == {}  # an older harness without cpu_time


def test_a_gpu_cell_reports_gpu_busy_not_cores():
    record = {"summary": {"median_s": 0.002}, "end_to_end": {"median_s": 0.008}}
    assert cores.figures(parsed_with([0.5]), record) == {"gpu_busy": 0.25}
    assert cores.text({"status": "ok", "gpu_busy": 0.25}) == "GPU 25%"


def gil_document():
    def cell(impl, threads, used, workload="mandelbrot"):
        return {
            "name": f"{workload}/{impl}/{threads}",
            "workload": workload,
            "impl": impl,
            "language": "python",
            "tier": "interpreted",
            "params": {"n": 400},
            "threads": threads,
            "status": "ok",
            "reason": "",
            "summary": {"median_s": 1.0 / used, "cv": 0.01},
            "cores_used": used,
        }

    return {
        "run": {"settings": {}},
        "cells": [
            cell("python.loops", 1, 1.0),
            cell("python.threads", 1, 1.0),
            cell("python.threads", 2, 1.02),
            cell("python.processes", 2, 1.97),
            cell("cpp.openmp", 2, 1.99),
        ],
    }


def test_the_gil_section_quotes_the_runs_numbers():
    text = "\n".join(markdown.render(cores.gil_table(gil_document())))
    assert "## The GIL: cores used" in text
    assert "`python.threads` 1.02, `python.processes` 1.97, `cpp.openmp` 1.99" in text
    assert "| mandelbrot | n = 400 | python.processes | 2 | 508 ms | 1.97 |" in text


def test_the_table_shows_cores_beside_threads():
    assert report.HEADERS[2:4] == ["threads", "cores"]
    assert cores.text({"status": "ok", "cores_used": 1.974}) == "1.97"
    assert cores.text({"status": "skipped"}) == "—"


def test_the_html_report_has_the_gil_section():
    from speedlab import html

    document = gil_document()
    document["run"] = {"settings": {}, "id": "t"}
    page = html.render_run(document, {})
    assert "The GIL: cores used" in page and "1.97" in page


def test_on_a_busy_machine_the_section_says_the_gil_cannot_show():
    document = gil_document()
    for cell in document["cells"]:
        cell["cores_used"] = 0.5  # every cell got half a core: the neighbours had the rest
    text = "\n".join(markdown.render(cores.gil_table(document)))
    assert "`python.processes` 0.50" in text and "the machine was busy" in text and "take turns" not in text


def test_results_csv_has_cores_used_and_gpu_busy_columns(tmp_path):
    import csv

    from speedlab import results

    document = gil_document()
    gpu_cell = {**document["cells"][0], "impl": "python.cupy", "tier": "gpu", "cores_used": None, "gpu_busy": 0.25}
    document["cells"].append(gpu_cell)
    results.write_csv(document, tmp_path / "results.csv")
    rows = list(csv.DictReader((tmp_path / "results.csv").open()))
    assert [(r["impl"], r["threads"], r["cores_used"]) for r in rows[:5]] == [
        ("python.loops", "1", "1.0"),
        ("python.threads", "1", "1.0"),
        ("python.threads", "2", "1.02"),
        ("python.processes", "2", "1.97"),
        ("cpp.openmp", "2", "1.99"),
    ]
    assert rows[5]["cores_used"] == "" and rows[5]["gpu_busy"] == "0.25" and rows[0]["gpu_busy"] == ""
