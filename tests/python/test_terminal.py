"""The terminal fits 100 columns: every table on every golden input, rows never wrapped; skips once per
reason during a run."""

import json
from pathlib import Path

import pytest
from rich.console import Console

from speedlab import lessons, terminal_report
from speedlab.render import terminal
from speedlab.table import Column, Table, text

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
GOLDEN = sorted(p.name for p in FIXTURES.glob("*.json"))


def printed(document, with_lessons=False, **kwargs):
    console = Console(record=True, width=250)  # wider than allowed: the renderer must hold to 100 itself
    terminal_report.print_summary(document, console, "reports/runs/golden", **kwargs)
    for table in lessons.tables(document) if with_lessons else []:
        terminal.show(table, console)
    return console.export_text()


@pytest.mark.parametrize("name", GOLDEN)
def test_every_table_fits_100_columns(name):
    document = json.loads((FIXTURES / name).read_text())
    text_out = printed(document, with_lessons=True, tables=True)
    widest = max(text_out.splitlines(), key=len)
    assert len(widest) <= terminal.WIDTH, widest
    assert "The headline" in text_out and "report.html" in text_out


def test_after_a_run_only_the_headline_unless_tables_are_asked():
    document = json.loads((FIXTURES / "golden_run_a.json").read_text())
    short, full = printed(document), printed(document, tables=True)
    assert "leibniz_pi (n = 1,000,000)" not in short and "leibniz_pi (n = 1,000,000)" in full
    assert len(short.splitlines()) < 40  # one screen


def test_narrow_columns_are_dropped_by_priority_never_wrapped():
    columns = [
        Column("name", "left"),
        Column("keep"),
        Column("drop first", priority=1),
        Column("drop later", priority=5),
    ]
    table = Table("t", columns)
    table.add([text("x" * 20), text("y" * 20), text("z" * 20), text("w" * 20)])  # 4 columns: 86 wide
    console = Console(record=True, width=250)
    terminal.show(table, console, width=70)
    lines = console.export_text().splitlines()
    assert all(len(line) <= 70 for line in lines)
    assert "drop later" in lines[1] and "drop first" not in lines[1] and "x" * 20 in lines[3]


def record(impl, status, reason="", workload="w"):
    return {
        "workload": workload,
        "impl": impl,
        "params": {"n": 1},
        "threads": 1,
        "status": status,
        "reason": reason,
        "summary": {"median_s": 0.001, "cv": 0.01},
    }


def test_skips_are_summarised_once_per_reason():
    cells = [record(f"cuda.{v}", "skipped", "no usable CUDA device", w) for v in ("naive", "tiled") for w in "abc"]
    cells += [record("python.numpy", "not_applicable", "no array"), record("cpp.naive", "ok")]
    assert terminal_report.progress_line(cells[0]) is None
    assert "cpp.naive" in terminal_report.progress_line(cells[-1])
    lines = terminal_report.skip_summary(cells)
    assert lines == [
        "  [dim]– 6 cuda.* cells skipped: no usable CUDA device[/]",
        "  [dim]– 1 python.numpy cell not applicable: no array[/]",
    ]
