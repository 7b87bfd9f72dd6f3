"""Report tables from a golden results document: values, not looks."""

import json
from pathlib import Path

from speedlab import report, report_markdown, results

GOLDEN = Path(__file__).resolve().parents[1] / "fixtures" / "results_golden.json"


def rows_by_impl(document):
    (block,) = report.blocks(document)
    return block, {(row.impl, row.threads): row for row in block.rows}


def test_speedups_and_formatting():
    document = json.loads(GOLDEN.read_text())
    block, rows = rows_by_impl(document)
    assert block.heading == "leibniz_pi (n = 10,000,000)"
    assert [row.tier for row in block.rows] == [
        "interpreted",
        "jit",
        "compiled",
        "optimized",
        "optimized",
        "vectorized",
        "gpu",
    ]
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
    text = report_markdown.markdown(json.loads(GOLDEN.read_text()))
    assert "## The machine and how it was measured" in text and "| CPU | Test CPU, 2 cores / 2 threads |" in text
    assert "| jit | java.loops [1] | 1 | — | ✗ wrong checksum |" in text
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


def test_gpu_rows_say_kernel_only_and_carry_the_end_to_end_time():
    """A CUDA row's median is the kernel alone; every table says so and shows the end-to-end time beside it."""
    from speedlab import html

    document = json.loads((GOLDEN.parent / "golden_axes.json").read_text())
    block = next(b for b in report.blocks(document) if b.workload == "matmul" and b.params == {"n": 1024})
    gpu_row = next(row for row in block.rows if row.impl == "cuda.cublas")
    cpu_row = next(row for row in block.rows if row.tier != "gpu")
    gpu_values, cpu_values = report.values(gpu_row), report.values(cpu_row)
    assert gpu_values[1] == "cuda.cublas (kernel only)"
    median = report.HEADERS.index("median")
    assert gpu_values[median] == "8 ms (end to end 20 ms)"  # kernel 8 ms, copies in and out included 20 ms
    assert "kernel only" not in cpu_values[1] and "end to end" not in cpu_values[median]
    markdown = report_markdown.markdown(document)
    assert "| cuda.cublas (kernel only) |" in markdown and "8 ms (end to end 20 ms)" in markdown
    assert "**(kernel only)**" in markdown  # the reading guide explains it
    page = html.render_run(document, {})
    assert "cuda.cublas (kernel only)" in page and "8 ms (end to end 20 ms)" in page
    # A transfer cell times the copy itself (no end_to_end): not labelled.
    transfer = next(b for b in report.blocks(document) if b.workload == "transfer")
    assert all("kernel only" not in report.values(row)[1] for row in transfer.rows)


def test_gpu_rows_of_the_axis_tables_say_kernel_only():
    from speedlab import axes

    document = json.loads((GOLDEN.parent / "golden_axes.json").read_text())
    dtype = next(t for t in axes.tables(document) if t.param == "dtype")
    rows = axes.as_table(dtype).texts()
    labels = {row[1] for row in rows}
    assert "cuda.cublas (kernel only)" in labels and "cpp.openblas" in labels
