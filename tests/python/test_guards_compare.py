"""speedlab compare's statistics: untestable cells, the Benjamini-Hochberg correction, impossible times."""

import pytest
from scipy.stats import mannwhitneyu

from speedlab import compare, report_markdown


def cell(name, repetitions, status="ok", processes=1):
    median = sorted(repetitions)[len(repetitions) // 2] if repetitions else None
    return {
        "name": name,
        "workload": "w",
        "impl": name,
        "tier": "compiled",
        "params": {"n": 10},
        "threads": 1,
        "status": status,
        "reason": "",
        "summary": {"median_s": median, "cv": 0.0},
        "repetitions_s": list(repetitions),
        "processes": [{"index": i} for i in range(processes)],
    }


def document(cells, cpu="CPU"):
    return {
        "schema": "speedlab-results/1",
        "run": {"id": "run"},
        "machine": {"cpu": {"model": cpu}},
        "manifest": {"tiers": {"compiled": ""}},
        "cells": cells,
    }


def test_three_repetitions_cannot_reach_significance_and_say_so():
    a = document([cell("x", [1.0, 1.01, 1.02])])
    b = document([cell("x", [2.0, 2.01, 2.02])])  # fully separated, yet p >= 2 / C(6, 3) = 0.1
    (row,) = compare.compare(a, b).rows
    assert row.verdict == "too few repetitions to test" and row.p_value is None
    assert compare.smallest_p(3, 3) == pytest.approx(0.1) and compare.smallest_p(4, 4) == pytest.approx(2 / 70)
    notes = " ".join(compare.notes(compare.compare(a, b)))
    assert "1 cell(s) have too few repetitions to test" in notes and "rerun with -r 4 or more" in notes


def test_nine_repetitions_are_testable():
    a = document([cell("x", [1.0 + 0.01 * i for i in range(9)])])
    b = document([cell("x", [2.0 + 0.01 * i for i in range(9)])])
    (row,) = compare.compare(a, b).rows
    assert row.verdict == "B slower" and row.p_value < 0.001 and row.p_adjusted == pytest.approx(row.p_value)


def test_many_cells_are_corrected_together():
    base = [1.0 + 0.01 * i for i in range(9)]
    shifted = [t + 0.035 for t in base]  # overlapping: significant alone, not among 20 tests
    p_alone = mannwhitneyu(base, shifted, alternative="two-sided").pvalue
    assert 0.01 < p_alone < 0.05
    alone = compare.compare(document([cell("x", base)]), document([cell("x", shifted)]))
    assert alone.rows[0].verdict == "B slower"
    others = [cell(f"same{i}", base) for i in range(19)]  # 19 cells with no difference at all
    together = compare.compare(document([cell("x", base)] + others), document([cell("x", shifted)] + others))
    row = next(r for r in together.rows if r.a["impl"] == "x")
    assert row.p_value == pytest.approx(p_alone)  # the cell's own test is unchanged...
    assert row.p_adjusted == pytest.approx(min(1.0, p_alone * 20))  # ...its adjusted p is BH's (rank 1 of 20)
    assert row.verdict == "no significant difference"
    assert "Benjamini-Hochberg" in " ".join(compare.notes(together))


def test_a_zero_or_negative_time_is_never_divided_by():
    a = document([cell("x", [1.0] * 5), cell("y", [1.0] * 5)])
    b = document([cell("x", [0.0] * 5), cell("y", [-1.41e-4] * 5)])  # results from before timings were checked
    rows = {row.a["impl"]: row for row in compare.compare(a, b).rows}
    assert rows["x"].speedup is None and rows["x"].verdict == "not compared: B's time is impossible (0.0 s)"
    assert rows["y"].speedup is None and "impossible" in rows["y"].verdict


def test_single_process_repetitions_are_noted():
    reps = [1.0 + 0.01 * i for i in range(9)]
    one = compare.compare(document([cell("x", reps)]), document([cell("x", reps)]))
    assert any("--processes" in note for note in compare.notes(one))
    several = compare.compare(document([cell("x", reps, processes=3)]), document([cell("x", reps, processes=3)]))
    assert not any("--processes" in note for note in compare.notes(several))


def test_compare_markdown_escapes_what_came_from_a_run():
    a = document([cell("x", [1.0] * 3)], cpu="<script>alert(1)</script> | x")
    text = report_markdown.compare_markdown(compare.compare(a, a))
    assert "<script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt; \\| x" in text
