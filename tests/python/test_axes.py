"""Axis tables (isa, dtype), transfer shares and GPU crossovers, from golden results files: numbers, not looks.

tests/fixtures/make_golden.py run_axes() says which numbers went in."""

import json
from pathlib import Path

import pytest

from conftest import NestingChecker
from speedlab import axes, gpu, html, report, report_markdown, terminal_report

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture(scope="module")
def golden():
    return json.loads((FIXTURES / "golden_axes.json").read_text())


@pytest.fixture(scope="module")
def no_gpu():
    return json.loads((FIXTURES / "golden_axes_no_gpu.json").read_text())


def rendered(axis):
    """Headers, rows as words, and notes: the numbered reasons, then the table's footer."""
    out = axes.as_table(axis)
    return out.headers, out.texts(), [f"[{i}] {note}" for i, note in enumerate(out.notes, 1)] + out.footer


def table(document, workload, param):
    return next(t for t in axes.tables(document) if t.workload == workload and t.param == param)


def test_the_main_tables_hold_only_cells_at_the_default_choices(golden):
    for block in report.blocks(golden):
        assert all(not isinstance(v, str) for v in block.params.values()), block.heading
        assert all("isa" not in row.cell["params"] and "dtype" not in row.cell["params"] for row in block.rows)
    matmul_256 = next(b for b in report.blocks(golden) if b.workload == "matmul" and b.params == {"n": 256})
    assert {row.impl for row in matmul_256.rows} == {"cpp.naive", "cpp.openblas", "cuda.cublas"}


def test_isa_table_speedups_over_the_baseline_build(golden):
    isa = table(golden, "matmul", "isa")
    assert isa.values == ["x86-64", "avx2", "avx512", "native"]
    assert (isa.default, isa.baseline) == ("native", "x86-64")
    assert not isa.with_errors  # an instruction set changes the speed, not the result
    (row,) = isa.rows
    assert (row.impl, row.threads, row.others) == ("cpp.naive", 1, {"n": 256})
    assert isa.speedup(row, "avx2") == pytest.approx(2.0)
    assert isa.speedup(row, "native") == pytest.approx(2.5)  # the main build's cell, at the default
    assert isa.speedup(row, "avx512") is None
    head, rows, notes = rendered(isa)
    assert head == ["tier", "impl", "threads", "params", "x86-64 (baseline)", "avx2", "avx512", "native"]
    assert rows == [["compiled", "cpp.naive", "1", "n=256", "20 ms", "10 ms (2×)", "skipped [1]", "8 ms (2.5×)"]]
    assert notes[0].startswith("[1] this CPU lacks avx512f")
    assert "isa = avx2: 2× the speed of x86-64 (geometric mean of 1 row)" in notes
    assert any(note.startswith("isa = avx512: not measured here — this CPU lacks avx512f") for note in notes)


def test_dtype_table_shows_the_measured_error_beside_the_speed(golden):
    dtype = table(golden, "matmul", "dtype")
    assert dtype.values == ["float64", "float32", "tf32", "bf16"]
    assert dtype.with_errors
    head, rows, notes = rendered(dtype)
    assert head == [
        "tier",
        "impl",
        "threads",
        "params",
        "float64 (baseline)",
        "float32",
        "float32 error",
        "tf32",
        "tf32 error",
        "bf16",
        "bf16 error",
    ]
    by_impl = {row[1]: row for row in rows}
    assert by_impl["cpp.openblas"][4:] == ["30 ms", "15 ms (2×)", "2.0e-07", "—", "—", "—", "—"]
    assert by_impl["cuda.cublas (kernel only)"][4:] == [
        "8 ms",
        "4 ms (2×)",
        "2.0e-07",
        "2 ms (4×)",
        "3.0e-04",
        "1 ms (8×)",
        "2.0e-03",
    ]
    summary = {value: mean for value, mean, _, _ in dtype.summary()}
    assert summary["float32"] == pytest.approx(2.0)
    assert summary["bf16"] == pytest.approx(8.0)
    assert (
        "checksums are checked against the float64 reference with rtol checksum: float64 1e-12, float32 1e-05, "
        "tf32 2e-03, bf16 1e-02"
    ) in " ".join(notes)
    assert "dtype = float64 only (no other values implemented): cpp.naive" in notes


def test_transfer_share_and_the_transfer_benchmark(golden):
    section = gpu.section(golden)
    assert section.measured
    row = next(r for r in section.copies if r.cell.params == {"n": 256})
    assert row.share == pytest.approx(0.9)  # (1 ms - 0.1 ms) / 1 ms
    assert row.copy_bytes == 1_048_576 + 524_288
    assert row.predicted_pageable_s == pytest.approx((1_048_576 + 524_288) / 10e9)
    assert row.predicted_pinned_s == pytest.approx((1_048_576 + 524_288) / 20e9)
    assert section.bandwidth == [
        "host → device: pageable up to 10 GB/s, pinned up to 20 GB/s",
        "device → host: pageable up to 10 GB/s, pinned up to 20 GB/s",
    ]
    index = section.copies.index(row)
    assert gpu.copy_table(section).texts()[index][4:] == ["1 ms", "90%", "1.5 MiB", "157 µs", "78.6 µs"]


def test_copy_time_interpolates_the_measured_bandwidth():
    curve = [(1e6, 1.0), (1e8, 100.0)]  # 1 GB/s at 1 MB, 100 GB/s at 100 MB: 10 GB/s at 10 MB (log-log)
    assert gpu.copy_seconds(curve, 1e7) == pytest.approx(1e7 / 10e9)
    assert gpu.copy_seconds(curve, 1e5) == pytest.approx(1e5 / 1e9)  # below: the smallest size's bandwidth
    assert gpu.copy_seconds(curve, 1e9) == pytest.approx(1e9 / 100e9)
    assert gpu.copy_seconds([], 1e6) is None


def test_crossover_with_and_without_the_copies(golden):
    (crossover,) = gpu.section(golden).crossovers
    assert crossover.workload == "matmul"
    assert [row["size"] for row in crossover.rows] == [256, 1024]
    assert crossover.rows[0]["cpu"].impl == "cpp.openblas"
    assert crossover.end_to_end == "GPU faster (with the copies) from n = 1,024 (CPU faster at n = 256)"
    assert crossover.kernel_only == "GPU faster (kernel only) at every measured size, from n = 256"
    (first, _) = gpu.crossover_table(crossover).rows
    assert [(v.main, v.detail) for v in first.values] == [
        ("n = 256", ""),
        ("500 µs", "cpp.openblas (2t)"),
        ("100 µs", "cuda.cublas"),
        ("1 ms", "cuda.cublas"),
        ("2×", "CPU faster"),
    ]


def test_verdicts_when_one_side_always_wins():
    rows = [
        {"size": 10, "cpu_s": 1.0, "end_to_end_s": 2.0, "kernel_s": 0.5},
        {"size": 100, "cpu_s": 1.0, "end_to_end_s": 3.0, "kernel_s": 0.5},
    ]
    assert gpu._verdict(rows, "n", "end_to_end_s", "with the copies") == (
        "CPU faster (with the copies) at every measured size: at n = 100 the GPU takes 3× the best CPU time"
    )
    assert gpu._verdict(rows, "n", "kernel_s", "kernel only") == (
        "GPU faster (kernel only) at every measured size, from n = 10"
    )


def test_without_a_gpu_the_section_says_why(no_gpu):
    section = gpu.section(no_gpu)
    assert not section.measured
    assert section.reason.startswith("no usable CUDA device")
    text = report_markdown.markdown(no_gpu)
    assert "Not measured: no GPU (no usable CUDA device" in text
    assert "scripts/gpu-check.sh" in text
    dtype = table(no_gpu, "matmul", "dtype")
    by_impl = {row[1]: row for row in rendered(dtype)[1]}
    assert by_impl["cuda.cublas"][5] == "skipped [1]"


def test_the_reason_is_the_missing_gpu_not_a_workload_that_is_n_a(no_gpu):
    """fib's cuda.naive is n/a (one serial call tree); that reason says nothing about the GPU."""
    document = json.loads(json.dumps(no_gpu))
    skipped = next(c for c in document["cells"] if c["language"] == "cuda")
    not_applicable = dict(
        skipped, workload="fib", status="not_applicable", reason="one call tree is one serial chain of dependent calls"
    )
    document["cells"].insert(0, not_applicable)
    assert gpu.section(document).reason.startswith("no usable CUDA device")


def test_a_run_without_cuda_cells_has_no_gpu_section():
    document = json.loads((FIXTURES / "golden_run_a.json").read_text())
    document["cells"] = [c for c in document["cells"] if c["language"] != "cuda"]
    assert gpu.section(document) is None
    assert "## GPU" not in report_markdown.markdown(document)


def test_markdown_and_html_carry_the_axis_and_gpu_sections(golden):
    text = report_markdown.markdown(golden)
    for heading in (
        "## matmul: isa (x86-64, avx2, avx512, native)",
        "## matmul: dtype (float64, float32, tf32, bf16)",
        "## GPU: the host-device copy",
        "### matmul: where the GPU pays off",
    ):
        assert heading in text
    page = html.render_run(golden, {})
    assert 'id="axis-matmul-isa"' in page and 'id="gpu-crossover-matmul"' in page
    assert "[1] this CPU lacks avx512f" in page and "[1] [1]" not in page

    checker = NestingChecker()
    checker.feed(page)
    assert not checker.errors


def test_terminal_tables_include_the_axes(golden):
    from rich.console import Console

    console = Console(record=True, width=240)
    terminal_report.print_tables(golden, console)
    text = console.export_text()
    assert "matmul: isa (x86-64, avx2, avx512, native)" in text
    assert "GPU faster (with the copies) from n = 1,024" in text


def test_old_results_without_choices_still_report(golden):
    document = json.loads((FIXTURES / "golden_run_a.json").read_text())
    assert axes.tables(document) == []
    assert "## leibniz_pi" in report_markdown.markdown(document)
