"""A cell above its measured ceiling is flagged, never shown as a share over 100%, in every table and the chart.

golden_above_ceiling.json (tests/fixtures/make_golden.py, run_above_ceiling): method-2 ceilings of 50/100
GFLOP/s and 10/20 GB/s; stream_triad cpp.openmp (2 threads, n = 1e8) at 25 GB/s against 20 (125%) and
leibniz_pi cpp.simd (1 thread, n = 1e7) at 60 GFLOP/s against 50 (120%).
"""

import json
import re
from pathlib import Path

import pytest

from conftest import NestingChecker
from speedlab import analysis, charts, html, report, report_guide, report_markdown, terminal_report

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def over_100(text):
    """Every percentage over 100 in the text."""
    return [match for match in re.findall(r"(\d+(?:\.\d+)?)\s?%", text) if float(match) > 100]


FLAG = "above the measured ceiling"
ADVICE = "re-measure with `speedlab sysinfo --remeasure`"


@pytest.fixture(scope="module")
def document():
    return json.loads((FIXTURES / "golden_above_ceiling.json").read_text())


def find(document, workload, impl, n, threads):
    return next(
        c
        for c in document["cells"]
        if c["workload"] == workload and c["impl"] == impl and c["params"]["n"] == n and c["threads"] == threads
    )


def test_the_over_100_check_can_fail():
    assert over_100("125%") == ["125"] and over_100("roof 100.5 %") and over_100("1200%")
    assert not over_100("100% 80% 9.5% 0.01%")


def test_roofline_flags_the_cells_above_their_bound(document):
    triad = analysis.roofline(find(document, "stream_triad", "cpp.openmp", 100_000_000, 2), document["ceilings"])
    assert triad["peak_gbps"] == 20.0 and triad["share"] == pytest.approx(1.25) and triad["above_ceiling"]
    pi = analysis.roofline(find(document, "leibniz_pi", "cpp.simd", 10_000_000, 1), document["ceilings"])
    assert pi["peak_gflops"] == 50.0 and pi["share"] == pytest.approx(1.2) and pi["above_ceiling"]
    naive = analysis.roofline(find(document, "stream_triad", "cpp.naive", 100_000_000, 1), document["ceilings"])
    assert naive["share"] == pytest.approx(0.8) and not naive["above_ceiling"]


def test_the_table_cell_and_its_note(document):
    rows = {
        (b.params["n"], r.impl, r.threads): (b, r)
        for b in report.blocks(document)
        for r in b.rows
        if b.workload == "stream_triad"
    }
    block, row = rows[(100_000_000, "cpp.openmp", 2)]
    assert row.roofline == report.ABOVE_CEILING
    note = block.notes[row.note_index - 1]
    assert FLAG in note and ADVICE in note and "(25 GB/s against the 20 GB/s bandwidth ceiling)" in note
    assert rows[(100_000_000, "cpp.naive", 1)][1].roofline == "80%"
    pi = {
        (b.params["n"], r.impl, r.threads): (b, r)
        for b in report.blocks(document)
        for r in b.rows
        if b.workload == "leibniz_pi"
    }
    pi_block, pi_row = pi[(10_000_000, "cpp.simd", 1)]
    assert pi_row.roofline == report.ABOVE_CEILING
    assert "(60 GFLOP/s against the 50 GFLOP/s peak)" in pi_block.notes[pi_row.note_index - 1]
    assert pi[(10_000_000, "cpp.simd", 2)][1].roofline == "15%"
    assert rows[(1_000_000, "cpp.openmp", 2)][1].roofline == "75%"  # the other size is unchanged


def test_format_share_never_prints_over_100():
    assert report.format_share(1.25) == report.ABOVE_CEILING
    assert report.format_share(1.0) == "100%" and report.format_share(0.75) == "75%"


def test_markdown_flags_and_never_shows_a_share_over_100(document):
    text = report_markdown.markdown(document)
    assert not over_100(text), over_100(text)
    assert text.count(report.ABOVE_CEILING) >= 2 + 1  # two cells, and the reading guide
    assert text.count(ADVICE) == 2


def test_terminal_flags_and_never_shows_a_share_over_100(document):
    from rich.console import Console

    console = Console(record=True, width=250)
    terminal_report.print_tables(document, console)  # fitted to 100 columns: the roofline column may go, its notes stay
    text = console.export_text()
    assert not over_100(text)
    assert text.count(FLAG) == 2
    wide = Console(record=True, width=250)
    terminal_report.print_tables(document, wide, width=250)  # room for every column
    text = wide.export_text()
    assert not over_100(text)
    assert text.count(report.ABOVE_CEILING) == 2 and text.count(FLAG) == 2


def test_html_flags_and_the_chart_marks_the_point(document):
    made = charts.all_charts(document)
    assert "above the measured ceiling" in made["roofline"]
    assert "cpp.openmp (2t): above the measured ceiling" in made["roofline"]
    assert "speedlab sysinfo --remeasure" in made["roofline"]  # the legend says what to do
    page = html.render_run(document, made)
    checker = NestingChecker()
    checker.feed(page)
    assert not checker.errors
    text = re.sub(r"<svg.*?</svg>", "", page, flags=re.DOTALL)  # tables and notes only
    assert not over_100(text)
    assert text.count(report.ABOVE_CEILING) >= 2 and text.count(FLAG) >= 2


def test_a_chart_without_cells_above_has_no_mark():
    document = json.loads((FIXTURES / "golden_run_a.json").read_text())
    assert FLAG not in charts.roofline_chart(document)


def test_the_card_names_the_candidates_that_set_each_ceiling(document):
    lines = dict(report_guide.machine_lines(document))
    assert lines["Peak FP64, 1 thread(s)"].startswith("50.0 GFLOP/s measured, set by dgemm")
    assert "candidates: fma128 24.0, fma256 48.0, dgemm 50.0" in lines["Peak FP64, 1 thread(s)"]
    assert lines["Peak FP64, 2 thread(s)"].startswith("100.0 GFLOP/s measured, set by fma256")
    assert lines["Memory bandwidth, 2 thread(s)"].startswith("20.0 GB/s measured, set by copy_nt")
    assert "triad_nt 19.0" in lines["Memory bandwidth, 2 thread(s)"]


def test_a_memory_bound_cell_in_cache_is_not_judged_against_the_dram_roof(document):
    """stream_triad at n = 1e6 moves 24 MB a pass: with a 32 MiB last-level cache it streams from the cache,
    so it gets no share of the DRAM roof (it can run at several times it), and says why."""
    ceilings = json.loads(json.dumps(document["ceilings"]))
    cell = find(document, "stream_triad", "cpp.openmp", 1_000_000, 2)
    assert analysis.roofline(cell, ceilings)["share"] == pytest.approx(0.75)  # the golden's 8 MiB cache: DRAM
    ceilings["cpu"]["last_level_cache_bytes"] = 32 << 20
    roof = analysis.roofline(cell, ceilings)
    assert roof["in_cache"] and roof["share"] is None and not roof["above_ceiling"]
    big = find(document, "stream_triad", "cpp.openmp", 100_000_000, 2)  # 2.4 GB: from DRAM, still judged
    assert not analysis.roofline(big, ceilings)["in_cache"]
    assert analysis.roofline(big, ceilings)["above_ceiling"]
    ceilings["cpu"]["last_level_cache_bytes"] = 8 << 20  # a smaller cache: the same cell is DRAM-bound again
    assert not analysis.roofline(cell, ceilings)["in_cache"]
    pi = find(document, "leibniz_pi", "cpp.simd", 10_000_000, 1)  # compute-bound: the FLOP roof holds in cache
    assert not analysis.roofline(pi, dict(ceilings, cpu=dict(ceilings["cpu"], last_level_cache_bytes=1 << 40)))[
        "in_cache"
    ]


def test_the_table_says_in_cache(document):
    doc = json.loads(json.dumps(document))
    doc["ceilings"]["cpu"]["last_level_cache_bytes"] = 32 << 20
    rows = {
        (b.params["n"], r.impl, r.threads): r
        for b in report.blocks(doc)
        for r in b.rows
        if b.workload == "stream_triad"
    }
    assert rows[(1_000_000, "cpp.openmp", 2)].roofline == report.IN_CACHE
    assert rows[(100_000_000, "cpp.openmp", 2)].roofline == report.ABOVE_CEILING
