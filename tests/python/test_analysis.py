"""Roofline arithmetic, classification, noise flag and cold/warm split, on the golden run."""

import json
import math
from pathlib import Path

import pytest

from speedlab import analysis, report

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture
def golden():
    return json.loads((FIXTURES / "golden_run_a.json").read_text())


def find(document, workload, impl, n, threads=1):
    return next(
        c
        for c in document["cells"]
        if c["workload"] == workload and c["impl"] == impl and c["params"]["n"] == n and c["threads"] == threads
    )


def test_roofline_of_a_memory_bound_cell(golden):
    cell = find(golden, "stream_triad", "cpp.naive", 1_000_000)
    roof = analysis.roofline(cell, golden["ceilings"])
    assert roof["intensity"] == pytest.approx(1 / 12)
    assert roof["bound"] == pytest.approx(10.0 / 12)  # 10 GB/s x 1/12 FLOP/byte, below the 50 GFLOP/s peak
    assert roof["achieved"] == pytest.approx(8.0 / 12)  # ran at 8 GB/s
    assert roof["share"] == pytest.approx(0.8)
    assert roof["limited_by"] == "memory"


def test_roofline_uses_the_ceilings_of_the_cells_thread_count(golden):
    roof = analysis.roofline(find(golden, "stream_triad", "cpp.openmp", 1_000_000, 2), golden["ceilings"])
    assert roof["peak_gbps"] == 20.0 and roof["share"] == pytest.approx(0.75)
    compute = analysis.roofline(find(golden, "leibniz_pi", "cpp.simd", 1_000_000, 2), golden["ceilings"])
    assert compute["intensity"] == math.inf and compute["bound"] == 100.0
    assert compute["share"] == pytest.approx(0.15) and compute["limited_by"] == "compute"


def test_roofline_needs_a_time_and_ceilings(golden):
    assert analysis.roofline(find(golden, "leibniz_pi", "cuda.naive", 1_000_000), golden["ceilings"]) is None
    assert analysis.roofline(find(golden, "stream_triad", "cpp.naive", 1_000_000), None) is None
    extrapolated = find(golden, "leibniz_pi", "python.loops", 10_000_000)
    assert analysis.roofline(extrapolated, golden["ceilings"])["achieved"] == pytest.approx(30e6 / 1.5 / 1e9)


def test_classification_is_measured_against_the_ridge_point(golden):
    memory = analysis.classify(golden, "stream_triad")
    assert memory["class"] == "memory-bound"
    assert memory["ridge"] == pytest.approx(5.0)  # 100 GFLOP/s / 20 GB/s
    assert "0.0833 FLOP/byte < this machine's ridge point 5" in memory["why"]
    assert analysis.classify(golden, "leibniz_pi")["class"] == "compute-bound"
    faster_memory = json.loads(json.dumps(golden))
    faster_memory["ceilings"]["cpu"]["stream"][1]["triad_gbps"] = 2000.0  # ridge 0.05: now compute-bound
    assert analysis.classify(faster_memory, "stream_triad")["class"] == "compute-bound"


def test_noise_flag_threshold(golden):
    noisy = find(golden, "leibniz_pi", "java.loops", 1_000_000)
    assert noisy["summary"]["cv"] == 0.15 and analysis.is_noisy(noisy)
    assert not analysis.is_noisy(find(golden, "leibniz_pi", "cpp.naive", 1_000_000))
    (block, *_) = report.blocks(golden)
    row = next(r for r in block.rows if r.impl == "java.loops")
    assert row.spread == "±15.0% ⚠" and analysis.NOISE_ADVICE in block.notes[row.note_index - 1]
    noisy["summary"]["cv"] = 0.10
    assert not analysis.is_noisy(noisy)  # the threshold is "over 10%"


def test_cold_vs_warm_split(golden):
    split = analysis.cold_vs_warm(find(golden, "leibniz_pi", "python.loops", 1_000_000))
    assert split["cold_s"] == pytest.approx(0.3) and split["warm_s"] == pytest.approx(0.15)
    assert split["startup_s"] == pytest.approx(0.14)  # 0.3 s process - 0.16 s for its one run
    assert split["first_run_penalty_s"] == pytest.approx(0.01)
    assert analysis.cold_vs_warm(find(golden, "leibniz_pi", "cpp.simd", 1_000_000)) is None  # not measured cold


def test_table_columns_from_the_golden_run(golden):
    blocks = {b.heading: b for b in report.blocks(golden)}
    triad = {r.impl: r for r in blocks["stream_triad (n = 1,000,000)"].rows}
    assert triad["cpp.naive"].gbps == "8" and triad["cpp.naive"].roofline == "80%"
    assert triad["cpp.naive"].memory == "50 MiB"
    assert triad["python.numpy"].time == "✗ wrong checksum" and triad["python.numpy"].roofline == "—"
    leibniz = {(r.impl, r.threads): r for r in blocks["leibniz_pi (n = 10,000,000)"].rows}
    assert leibniz[("python.loops", 1)].time == "~1.5 s"
    assert leibniz[("cpp.naive", 1)].vs_python == "~100×"
    assert leibniz[("cpp.simd", 2)].roofline == "15%"
    assert leibniz[("java.loops", 1)].cold == "350 ms"
