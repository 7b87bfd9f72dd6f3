"""End to end: the real harnesses, the smoke preset, every output file."""

import csv
import json
import os
from pathlib import Path

from conftest import BUILD_DIR, load_latest, require_build, speedlab


def test_smoke_run_end_to_end(results_dir):
    require_build(BUILD_DIR / "bin" / "speedlab_cpp")
    done = speedlab("run", "--preset", "smoke", "--workloads", "leibniz_pi", "--results-dir", str(results_dir))
    assert done.returncode == 0, done.stdout + done.stderr
    document = load_latest(results_dir)
    assert document["run"]["status"] == "complete"
    cells = {(c["impl"], c["threads"]): c for c in document["cells"]}
    for impl in ("python.loops", "python.numpy", "java.loops", "cpp.naive", "cpp.simd"):
        assert cells[(impl, 1)]["status"] == "ok", cells[(impl, 1)]["reason"]
        assert cells[(impl, 1)]["validation"]["ok"]
    cuda = cells[("cuda.naive", 1)]
    assert cuda["status"] in ("ok", "skipped")
    if cuda["status"] == "skipped":
        assert "CUDA" in cuda["reason"] or "nvcc" in cuda["reason"]

    machine = document["machine"]
    assert machine["cpu"]["logical_cpus"] == os.cpu_count()
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    if meminfo:  # MemTotal is in KiB
        assert machine["memory"]["total_bytes"] == int(meminfo.split("MemTotal:")[1].split()[0]) * 1024
    assert "present" in machine["gpu"]
    assert machine["harnesses"]["cpp"]["cxx_flags"]  # how the C++ was built is recorded
    assert machine["harnesses"]["java"]["java_version"]
    assert machine["harnesses"]["python"]["numpy_version"]
    assert machine["toolchain"]["build"]["build_type"] == "Release"

    run_dir = (results_dir / "latest").resolve()
    rows = list(csv.DictReader((run_dir / "results.csv").open()))
    assert {row["impl"] for row in rows} >= {"python.loops", "cpp.naive"}
    report = (run_dir / "report.md").read_text()
    assert "## The machine and how it was measured" in report and "leibniz_pi (n = 100,000)" in report
    assert "The headline" in done.stdout and "report.html" in done.stdout  # the matrix, then the pointer
    # A projector or laptop terminal: every line fits 100 columns but a path, which is never broken.
    assert max(len(line) for line in done.stdout.splitlines() if str(results_dir) not in line) <= 100
    gbench_doc = json.loads((run_dir / "gbench.json").read_text())
    assert any(e["impl"] == "cpp.naive" for e in gbench_doc["benchmarks"])
