"""Report tables from a golden results document: values, not looks."""

import json
from pathlib import Path

from speedlab import report, results

GOLDEN = Path(__file__).resolve().parents[1] / "fixtures" / "results_golden.json"


def rows_by_impl(document):
    (block,) = report.blocks(document)
    return block, {(row.impl, row.threads): row for row in block.rows}


def test_speedups_and_formatting():
    document = json.loads(GOLDEN.read_text())
    block, rows = rows_by_impl(document)
    assert block.heading == "leibniz_pi (n = 10,000,000)"
    assert [row.tier for row in block.rows] == ["interpreted", "jit", "compiled", "optimized", "optimized",
                                                "vectorized", "gpu"]
    assert rows[("python.loops", 1)].vs_python == "1×"
    assert rows[("cpp.naive", 1)].vs_python == "100×"  # 1.5 s / 15 ms
    assert rows[("cpp.simd", 2)].vs_cpp == "7.5×"  # 15 ms / 2 ms
    assert rows[("cpp.simd", 2)].time == "2 ms" and rows[("cpp.simd", 2)].spread == "±1.0%"
    assert rows[("cpp.naive", 1)].gflops == "2"
    assert rows[("java.loops", 1)].time == "✗ wrong checksum" and rows[("java.loops", 1)].vs_python == "—"
    assert rows[("cuda.naive", 1)].time == "skipped"
    assert block.notes[rows[("cuda.naive", 1)].note_index - 1] == "cuda.naive (threads=1): no usable CUDA device"


def test_extrapolated_baseline_marks_ratios():
    document = json.loads(GOLDEN.read_text())
    loops = next(c for c in document["cells"] if c["impl"] == "python.loops")
    loops.update(status="extrapolated", extrapolated={"median_s": 3.0}, reason="not run: predicted ...")
    _, rows = rows_by_impl(document)
    assert rows[("python.loops", 1)].time == "~3 s"
    assert rows[("cpp.naive", 1)].vs_python == "~200×"


def test_markdown_has_machine_notes_and_descriptions():
    text = report.markdown(json.loads(GOLDEN.read_text()))
    assert "## Machine" in text and "| CPU | Test CPU, 2 cores / 2 threads |" in text
    assert "| jit | java.loops [1] | 1 | ✗ wrong checksum |" in text
    assert "1. java.loops (threads=1): checksum = 3.0" in text
    assert "- `cpp.simd`: vector divides" in text


def test_format_helpers():
    assert report.format_seconds(1.5) == "1.5 s"
    assert report.format_seconds(0.0123) == "12.3 ms"
    assert report.format_seconds(250e-6) == "250 µs"
    assert report.format_seconds(3e-9) == "3 ns"
    assert report.format_speedup(12345.6) == "12,346×"
    assert report.format_speedup(0.0109) == "0.0109×"


def test_csv_has_one_row_per_cell(tmp_path):
    document = json.loads(GOLDEN.read_text())
    results.write_csv(document, tmp_path / "r.csv")
    lines = (tmp_path / "r.csv").read_text().splitlines()
    assert lines[0].startswith("workload,impl,language,tier,params,threads,status,median_s")
    assert len(lines) == 1 + len(document["cells"])
