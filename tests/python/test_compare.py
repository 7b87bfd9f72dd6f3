"""speedlab compare on two golden runs: verdicts, per-tier geometric means, unmatched cells."""

import json
from pathlib import Path

import pytest

from conftest import speedlab
from speedlab import compare, report_markdown

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture
def comparison():
    a = json.loads((FIXTURES / "golden_run_a.json").read_text())
    b = json.loads((FIXTURES / "golden_run_b.json").read_text())
    return compare.compare(a, b)


def row(comparison, workload, impl, n, threads=1):
    return next(
        r
        for r in comparison.rows
        if r.a["workload"] == workload and r.a["impl"] == impl and r.a["params"]["n"] == n and r.a["threads"] == threads
    )


def test_a_clear_speedup_is_significant(comparison):
    naive = row(comparison, "leibniz_pi", "cpp.naive", 1_000_000)
    assert naive.speedup == pytest.approx(2.0)
    assert naive.p_value == pytest.approx(2 / 252)  # 5 vs 5, fully separated: the smallest two-sided p
    assert naive.verdict == "B faster"


def test_the_same_distribution_is_not_a_difference(comparison):
    numpy = row(comparison, "leibniz_pi", "python.numpy", 1_000_000)
    assert numpy.speedup == pytest.approx(1.0)
    assert numpy.p_value > 0.5 and numpy.verdict == "no significant difference"


def test_cells_that_did_not_run_are_not_compared(comparison):
    wrong = row(comparison, "stream_triad", "python.numpy", 1_000_000)
    assert wrong.speedup is None and wrong.verdict == "not compared: A wrong_checksum, B wrong_checksum"
    extrapolated = row(comparison, "leibniz_pi", "python.loops", 10_000_000)
    assert extrapolated.verdict == "not compared: A extrapolated, B extrapolated"


def test_unmatched_cells_are_listed(comparison):
    assert [c["impl"] for c in comparison.only_a] == ["java.loops", "java.loops"]
    assert [c["impl"] for c in comparison.only_b] == ["cpp.new"]


def test_geometric_mean_per_tier(comparison):
    summary = {tier: (mean, count) for tier, mean, count in comparison.tier_summary()}
    assert summary["compiled"] == (pytest.approx(2.0), 4)
    assert summary["optimized"] == (pytest.approx(2.0), 6)
    assert summary["interpreted"] == (pytest.approx(1.0), 3)
    assert summary["vectorized"] == (pytest.approx(1.0), 2)
    assert summary["all"][1] == 15
    assert summary["all"][0] == pytest.approx(2.0 ** (10 / 15))


def test_markdown_shows_both_machines_and_the_warning(comparison):
    text = report_markdown.compare_markdown(comparison)
    assert "| CPU | Golden CPU A, 2 cores / 2 threads | Golden CPU B, 2 cores / 2 threads |" in text
    assert "fewer than 9 repetitions" in text
    assert "## Only in A" in text and "cpp.new" in text


def test_compare_command_writes_both_files(tmp_path):
    done = speedlab(
        "compare", str(FIXTURES / "golden_run_a.json"), str(FIXTURES / "golden_run_b.json"), "--output", str(tmp_path)
    )
    assert done.returncode == 0, done.stderr
    assert "B faster" in done.stdout and "2 cell(s) only in A" in done.stdout
    assert (tmp_path / "compare.md").exists()
    assert "Golden CPU B" in (tmp_path / "compare.html").read_text()
