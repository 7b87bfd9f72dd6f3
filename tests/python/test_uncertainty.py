"""The interval of a median from its processes and repetitions, and the ± a ratio carries when another run
may not repeat it within 5%. Numbers from constructed cells; nothing is timed."""

import math

import pytest

from speedlab import report, report_guide, uncertainty


def cell(name, *processes, status="ok"):
    reps = [t for p in processes for t in p]
    return {
        "name": name,
        "status": status,
        "repetitions_s": reps,
        "processes": [{"index": i, "repetitions_s": list(p)} for i, p in enumerate(processes)],
    }


def test_identical_repetitions_are_known_exactly():
    interval = uncertainty.median_interval(cell("a", [1.0, 1.0, 1.0], [1.0, 1.0, 1.0]))
    assert interval["half_width"] == 0.0 and interval["processes"] == 2


def test_two_processes_far_apart_give_a_wide_interval():
    """The Zen 4 VM's Python loop: 1.18 s in one process, 0.72 s in the next. The repetitions' own spread
    (under 3%) would hide it; the interval must reach over most of the gap."""
    slow, fast = [1.183, 1.168, 1.176], [0.716, 0.757, 0.724]
    interval = uncertainty.median_interval(cell("leibniz", slow, fast))
    assert interval["low_s"] < 0.76 and interval["high_s"] > 1.15
    assert 0.3 < interval["half_width"] < 0.8
    within = uncertainty.median_interval(cell("one", slow))
    assert within["processes"] == 1 and within["half_width"] < 0.02


def test_the_interval_is_reproducible_and_seeded_by_the_cell():
    a = cell("x", [1.0, 1.1, 0.9], [1.2, 1.0, 1.05])
    assert uncertainty.median_interval(a) == uncertainty.median_interval(dict(a))
    uneven = cell("y", [1.0, 1.1], [1.2, 1.0, 1.05, 0.95])
    interval = uncertainty.median_interval(uneven)
    assert interval["low_s"] < 1.025 < interval["high_s"]


def test_too_few_repetitions_or_no_measurement_has_no_interval():
    assert uncertainty.median_interval(cell("a", [1.0, 1.0])) is None
    assert uncertainty.median_interval(cell("b", [1.0, 1.0, 1.0], status="extrapolated")) is None
    assert uncertainty.median_interval(cell("c", [1.0, float("nan"), -1.0, 2.0])) is None
    assert uncertainty.ratio_half_width(cell("d", [1.0] * 3), None) is None


def test_a_ratio_adds_the_two_half_widths_in_quadrature():
    a, b = cell("a", [1.0, 1.1, 0.9], [1.2, 1.0, 1.05]), cell("b", [2.0, 2.2, 1.8], [2.1, 1.9, 2.0])
    ha, hb = (uncertainty.median_interval(c)["half_width"] for c in (a, b))
    assert uncertainty.ratio_half_width(a, b) == pytest.approx(math.hypot(ha, hb))


@pytest.mark.parametrize("half_width,text", [(None, ""), (0.0, ""), (0.035, ""), (0.036, " ±4%"), (0.23, " ±23%")])
def test_a_ratio_carries_its_plus_minus_only_when_it_may_not_repeat_within_5_percent(half_width, text):
    assert uncertainty.suffix(half_width) == text


def table_document():
    steady = [[1e-3, 1.001e-3, 0.999e-3], [1.0005e-3, 1e-3, 0.9995e-3]]
    cells = []
    for impl, tier, times in (
        ("python.loops", "interpreted", [[1.183, 1.168, 1.176], [0.716, 0.757, 0.724]]),
        ("cpp.naive", "compiled", steady),
        ("cpp.simd", "vectorized", [[t / 4 for t in p] for p in steady]),
    ):
        record = cell(f"w/{impl}/n:10/threads:1", *times)
        record.update(
            workload="w",
            impl=impl,
            tier=tier,
            params={"n": 10},
            threads=1,
            language=impl.split(".")[0],
            summary={"median_s": sorted(record["repetitions_s"])[3], "cv": 0.01, "repetitions": 6},
        )
        cells.append(record)
    return {
        "run": {"settings": {}},
        "manifest": {"tiers": {"interpreted": "", "compiled": "", "vectorized": ""}},
        "cells": cells,
    }


def test_the_table_marks_the_ratios_that_may_not_repeat():
    rows = {row.impl: row for row in report.blocks(table_document())[0].rows}
    assert rows["cpp.naive"].vs_cpp == "1×" and rows["cpp.simd"].vs_cpp == "4×"  # steady: no ±
    assert rows["cpp.naive"].vs_python.endswith("%") and " ±" in rows["cpp.naive"].vs_python  # against the loop
    assert rows["python.loops"].vs_python == "1×"


def test_the_report_says_how_well_the_run_knows_its_medians():
    text = uncertainty.sentence(table_document())
    assert (
        text.startswith("**Repeatability**") and "median over 3 cells" in text and "2 cells are known to ±2.5%" in text
    )
    assert "printed with its ±" in text and "one process" not in text
    guide = report_guide.reading_guide(table_document())
    assert guide[:-1] == report_guide.READING_GUIDE and guide[-1] == f"- {text}"
    single = table_document()
    single["cells"][0]["processes"] = single["cells"][0]["processes"][:1]
    assert "1 cell(s) ran in one process" in uncertainty.sentence(single)


def test_results_csv_carries_the_interval(tmp_path):
    import csv

    from speedlab import results

    document = table_document()
    for record in document["cells"]:
        record["language"] = "cpp"
    results.write_csv(document, tmp_path / "results.csv")
    rows = {row["impl"]: row for row in csv.DictReader((tmp_path / "results.csv").open())}
    loops = rows["python.loops"]
    assert float(loops["median_low_s"]) < 0.76 and float(loops["median_high_s"]) > 1.15 and loops["processes"] == "2"
