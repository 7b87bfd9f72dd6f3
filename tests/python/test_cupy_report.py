"""The GPU section's CuPy table (cupy_report.py) from fake cells (tests/fixtures/golden_cupy.json): CuPy's
kernel against the hand-written CUDA and the library CuPy calls, its end-to-end time against NumPy, and the
sentences the report prints, numbers asserted."""

import copy
import json
from pathlib import Path

from speedlab import cupy_report, html, report_markdown

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
DOCUMENT = json.loads((FIXTURES / "golden_cupy.json").read_text())


def numbers(table, column: str) -> list:
    index = [c.name for c in table.columns].index(column)
    return [row.values[index].number for row in table.rows]


def test_every_measured_cupy_cell_is_a_row_with_its_ratios():
    (table,) = cupy_report.tables(DOCUMENT)
    assert [row.values[0].text for row in table.rows] == ["matmul", "stream_triad", "mandelbrot", "nbody", "sort"]
    assert numbers(table, "CuPy kernel") == [0.003, 2e-05, 0.04, 0.008, 1.6e-04]
    assert numbers(table, "÷ hand") == [0.25, 2.0, 400.0, None, None]  # matmul: cuda.tiled, not cuda.naive
    assert numbers(table, "÷ library") == [1.2, None, None, None, 1.6]  # stream_triad's thrust is no CuPy call
    assert [round(r, 6) if r else r for r in numbers(table, "÷ NumPy")] == [0.12, 3.0, 2.05, None, 0.083333]
    kinds = {row.values[4].kind for row in table.rows}
    assert kinds == {"ratio", "text"}  # a ratio is typed (a renderer colours it), a missing one is a dash
    hand = table.rows[0].values[3]
    assert (hand.kind, hand.number, hand.detail) == ("duration", 0.012, "cuda.tiled")
    assert table.rows[0].values[8].detail == "2t"  # NumPy's best time was on 2 threads


def test_the_sentences_say_what_the_library_and_the_copies_cost():
    (table,) = cupy_report.tables(DOCUMENT)
    hand, library, copies, slower, won = table.footer
    assert "CuPy's kernel time is 0.25× to 400× (median 2× over 3 cells) theirs" in hand
    assert "(cuBLAS for matmul, Thrust's sort): 1.2× to 1.6× (median 1.4× over 2 cells)" in library
    assert copies == (
        "The copies make the GPU lose to NumPy at stream_triad n=262,144 (kernel 0.04× NumPy's time, end to end 3×)."
    )
    assert slower == "Slower than NumPy even without the copies at mandelbrot n=400 (kernel 2× NumPy's time)."
    assert won.startswith("CuPy beats NumPy with the copies at matmul n=1,024 (0.12× NumPy's time); sort n=200,000")


def test_without_a_measured_cupy_cell_there_is_no_table():
    document = copy.deepcopy(DOCUMENT)
    for cell in document["cells"]:
        if cell["impl"] == "python.cupy":
            cell["status"] = "skipped"
    assert cupy_report.tables(document) == []
    assert cupy_report.compare({"cells": []}) is None


def test_the_table_is_in_the_gpu_part_of_both_reports():
    """Hooked into report.md's and report.html's 'Know your hardware' (a full golden run plus the CuPy cells)."""
    document = json.loads((FIXTURES / "golden_axes.json").read_text())
    template = next(c for c in document["cells"] if c["impl"] == "cuda.cublas")
    for fake in DOCUMENT["cells"]:
        cell = {k: v for k, v in copy.deepcopy(template).items() if k not in ("end_to_end", "counters")}
        summary = {**cell["summary"], **fake["summary"]} if fake["status"] == "ok" else {}
        document["cells"].append({**cell, **fake, "summary": summary, "name": f"{fake['workload']}/{fake['impl']}"})
    markdown = report_markdown.markdown(document)
    assert "### CuPy beside the hand-written CUDA, cuBLAS and NumPy" in markdown
    assert markdown.index("GPU: the host-device copy") < markdown.index("### CuPy beside")
    assert "| mandelbrot | n=400 | 40 ms | 100 µs `cuda.naive` | **400×** |" in markdown
    page = html.render_run(document, {})
    assert 'id="gpu-cupy"' in page and "The copies make the GPU lose to NumPy at stream_triad" in page
