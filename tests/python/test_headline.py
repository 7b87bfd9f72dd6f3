"""The headline matrix on the golden headline run: values, order, marks, footnotes, the claim line."""

import json
from pathlib import Path

import pytest

from speedlab import headline, reproduce, story
from speedlab.manifest_model import ManifestError
from speedlab.render import html as render_html
from speedlab.render import markdown as render_markdown

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture
def golden():
    return json.loads((FIXTURES / "golden_headline.json").read_text())


def grid(table):
    """workload -> column name -> the value's text and its impl."""
    names = [c.name for c in table.columns]
    return {row.values[0].text: {name: (v.main, v.detail) for name, v in zip(names, row.values)} for row in table.rows}


def test_rows_follow_the_story_not_the_cells(golden):
    table = headline.matrix(golden)
    assert [row.values[0].text for row in table.rows] == ["fib", "leibniz_pi", "matmul", "stream_triad", "nostory"]
    assert [c.name for c in table.columns] == [
        "workload",
        "interpreted",
        "jit",
        "compiled",
        "optimized 1 thread",
        "optimized all threads",
        "vectorized",
        "gpu",
        "what it teaches",
    ]
    assert table.notes[-1] == "not in the matrix (no python.loops time to compare with): transfer"


def test_best_speedup_per_tier_with_its_impl(golden):
    cells = grid(headline.matrix(golden))
    assert cells["leibniz_pi"]["interpreted"] == ("1×", "python.loops 150 ms")
    assert cells["leibniz_pi"]["jit"] == ("75×", "java.loops")  # 0.15 s / 2 ms
    assert cells["leibniz_pi"]["optimized 1 thread"] == ("375×", "cpp.simd")
    assert cells["leibniz_pi"]["optimized all threads"] == ("750×", "cpp.simd")
    assert cells["fib"]["jit"] == ("50×", "java.loops")  # java 4 ms beats numba 8 ms
    assert cells["fib"]["what it teaches"] == ("Calls cost.", "")
    assert cells["leibniz_pi"]["workload"] == ("leibniz_pi", "n=1,000,000")  # the larger size has no baseline here


def test_extrapolated_baseline_marks_the_row_and_threads_are_named(golden):
    cells = grid(headline.matrix(golden))
    matmul = cells["matmul"]
    assert matmul["interpreted"] == ("~1×", "python.loops 100 s")
    assert matmul["compiled"] == ("~100×", "cpp.naive")
    assert matmul["optimized all threads"] == ("~20,000×", "cpp.openblas")
    assert matmul["vectorized"] == ("~16,000×", "python.numpy (2 threads)")


def test_gpu_uses_the_end_to_end_time_and_says_so(golden):
    table = headline.matrix(golden)
    main, impl = grid(table)["matmul"]["gpu"]
    number = table.notes.index(headline.END_TO_END_NOTE) + 1
    assert (main, impl) == (f"~25,000× [{number}]", "cuda.cublas")  # 100 s / 4 ms, not / 1 ms


def test_not_measured_cells_say_why_once_per_reason(golden):
    table = headline.matrix(golden)
    cells = grid(table)
    skipped = cells["leibniz_pi"]["gpu"][0]
    assert skipped.startswith("skipped [") and cells["stream_triad"]["gpu"][0] == skipped  # one note for both
    assert sum("no usable CUDA device" in note for note in table.notes) == 1
    assert cells["fib"]["vectorized"][0].startswith("n/a [")
    assert cells["stream_triad"]["vectorized"][0].startswith("✗ failed [")  # a wrong answer is no speed
    assert cells["stream_triad"]["jit"] == ("—", "")  # no jit impl at all
    index = int(cells["fib"]["gpu"][0].split("[")[1].rstrip("]"))
    assert table.notes[index - 1] == "cuda.naive: one serial call tree"


def test_a_cell_not_measured_for_two_reasons_cites_both(golden):
    """A GPU column whose cuda.* cells lack a device and whose python.cupy cell lacks cupy names both notes."""
    cuda = next(c for c in golden["cells"] if c["workload"] == "leibniz_pi" and c["tier"] == "gpu")
    golden["cells"].append({**cuda, "impl": "python.cupy", "language": "python", "reason": "cupy is not installed"})
    table = headline.matrix(golden)
    skipped = grid(table)["leibniz_pi"]["gpu"][0]
    cited = [int(n) for n in skipped.split("[")[1].rstrip("]").split(", ")]
    assert len(cited) == 2 and skipped.startswith("skipped [")
    assert sorted(table.notes[n - 1].split(":")[0] for n in cited)[-1] == "python.cupy"
    assert any("no usable CUDA device" in table.notes[n - 1] for n in cited)


def test_claim_line_words_the_python_claim_reproduction(golden):
    line = headline.claim_line(golden)
    source = reproduce.load_sources()["python-claim"]
    (result,) = reproduce.evaluate(source, golden, None, "default")
    rows = {row.spec.label: row for row in result.rows}
    java = rows["pure Python vs Java"].measured_relative
    assert f"pure Python is ~{java:.3g}× slower than Java" in line
    assert headline.matrix(golden).footer == [line]


def test_markdown_and_html_carry_values_impls_and_heat(golden):
    table = headline.matrix(golden)
    text = "\n".join(render_markdown.render(table))
    assert "| leibniz_pi `n=1,000,000` | **1×** `python.loops 150 ms` | **75×** `java.loops` |" in text
    page = render_html.render(table)
    assert 'id="headline"' in page and "background:#" in page and "cuda.cublas" in page
    assert '<td title="python.numpy: no array to vectorize">n/a [1]</td>' in page  # the reason on hover


def test_heat_colour_is_log_scaled_viridis():
    low, high = 1.0, 10_000.0
    assert render_html.heat_color(1.0, low, high) == render_html.VIRIDIS[0]
    assert render_html.heat_color(10_000.0, low, high) == render_html.VIRIDIS[-1]
    assert render_html.heat_color(100.0, low, high) == render_html.VIRIDIS[4]  # the middle of the log scale
    steps = [render_html.VIRIDIS.index(render_html.heat_color(r, low, high)) for r in (1, 3, 10, 100, 1000, 1e4)]
    assert steps == sorted(steps)


def test_story_comes_from_the_manifest_for_an_older_run(golden):
    del golden["manifest"]["story"]
    found = story.of(golden)  # benchmarks/: every real workload has a [story]
    assert found.ordered(["stream_triad", "matmul", "fib"]) == ["fib", "matmul", "stream_triad"]
    assert [c.name for c in found.columns][3:5] == ["optimized 1 thread", "optimized all threads"]
    assert "lesson" in found.chapters["matmul"] and found.lessons["gil"]["impls"]


def test_every_workload_tells_its_place_in_the_story():
    saved = story.from_directory(story.DEFAULT_DIR)
    workloads = sorted(p.stem for p in (story.DEFAULT_DIR / "workloads").glob("*.toml"))
    assert sorted(saved["workloads"]) == workloads
    assert all(entry["lesson"].endswith(".") for entry in saved["workloads"].values())
    orders = [entry["order"] for entry in saved["workloads"].values()]
    assert len(set(orders)) == len(orders)


def test_a_bad_story_or_headline_is_a_clear_error():
    with pytest.raises(ManifestError, match="order must be an integer"):
        story.check_story({"order": "first"}, "w.toml")
    with pytest.raises(ManifestError, match="tier = one of interpreted"):
        story.check_headline({"columns": [{"tier": "quantum"}]}, ["interpreted"], "suite.toml")
    with pytest.raises(ManifestError, match='threads must be "1" or "all"'):
        story.check_headline({"columns": [{"tier": "interpreted", "threads": "2"}]}, ["interpreted"], "s.toml")
