"""Golden outputs: for each golden input, the headline matrix in Markdown and the whole report.md and
report.html, compared with the files kept in tests/fixtures/expected/. A rendering change shows as a diff of
those files; after checking it, regenerate:

    SPEEDLAB_REGENERATE_GOLDEN=1 pytest tests/python/test_golden_outputs.py

The rendering is made deterministic here: the input's own story (or none), never benchmarks/ on disk; the
charts stand in as their ids (an SVG's bytes belong to matplotlib's version, not to the report layer).
"""

import os
from pathlib import Path

import pytest

from speedlab import compare, headline, html, report, report_markdown, results
from speedlab.render import markdown

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
EXPECTED = FIXTURES / "expected"
INPUTS = ["golden_headline.json", "golden_run_a.json", "golden_axes.json"]
REPORT_INPUTS = [
    *INPUTS,
    "golden_run_b.json",
    "golden_axes_no_gpu.json",
    "golden_above_ceiling.json",
    "golden_lessons.json",
    "results_golden.json",
]


def golden(name: str) -> dict:
    document = results.load(FIXTURES / name)  # as every report reads it: migrated to the current layout
    document["manifest"].setdefault("story", {})  # the fixture's own story (or none), not benchmarks/ on disk
    return document


def check(rendered: str, expected: Path) -> None:
    if os.environ.get("SPEEDLAB_REGENERATE_GOLDEN"):
        expected.write_text(rendered)
    assert expected.exists(), f"no golden output {expected}: run with SPEEDLAB_REGENERATE_GOLDEN=1"
    assert rendered == expected.read_text(), f"{expected.name} changed: diff it, then regenerate if meant"


@pytest.mark.parametrize("name", INPUTS)
def test_headline_markdown_matches_its_golden_output(name):
    rendered = "\n".join(markdown.render(headline.matrix(golden(name)))) + "\n"
    check(rendered, EXPECTED / f"{Path(name).stem}.headline.md")


def chart_ids(document: dict) -> list[str]:
    """The ids of the charts a report of `document` may show (rendering them with matplotlib would take a
    minute on a busy machine and prove nothing about the report layer)."""
    workloads = dict.fromkeys(cell["workload"] for cell in document["cells"])
    blocks = [report.chart_ids(block) for block in report.blocks(document)]
    return ["roofline", *blocks, *(f"scaling-{workload}" for workload in workloads)]


@pytest.mark.parametrize("name", REPORT_INPUTS)
def test_report_md_and_html_match_their_golden_outputs(name):
    document = golden(name)
    ids = chart_ids(document)
    stem = Path(name).stem
    check(
        report_markdown.markdown(document, {i: f"charts/{i}.svg" for i in ids}) + "\n", EXPECTED / f"{stem}.report.md"
    )
    page = html.render_run(document, {i: f'<svg id="{i}"></svg>' for i in ids})
    check(page, EXPECTED / f"{stem}.report.html")


def test_compare_md_and_html_match_their_golden_outputs():
    comparison = compare.compare(golden("golden_run_a.json"), golden("golden_run_b.json"))
    check(report_markdown.compare_markdown(comparison), EXPECTED / "golden_run_a_vs_b.compare.md")
    check(html.render_compare(comparison), EXPECTED / "golden_run_a_vs_b.compare.html")
