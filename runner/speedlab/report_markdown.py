"""report.md and compare.md: the sections analysis builds (report_sections.py, compare.py) as Markdown."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from speedlab import compare, report_sections
from speedlab.profile import report_links  # profiles made into this run (speedlab profile --into RUN)
from speedlab.render import markdown as render_markdown
from speedlab.sections import Bullets


def markdown(document: dict[str, Any], charts: dict[str, str] | None = None) -> str:
    """report.md; `charts` maps chart ids to SVG file names next to it."""
    sections = report_sections.sections(document)
    return render_markdown.page("speedlab report", [report_sections.intro(document)], sections, charts)


def write_markdown(document: dict[str, Any], path: Path, charts: dict[str, str] | None = None) -> None:
    path.write_text("\n".join([markdown(document, charts), *report_links(path.parent)]))


def compare_markdown(comparison: compare.Comparison) -> str:
    a, b = comparison.a["run"].get("id"), comparison.b["run"].get("id")
    title = f"speedlab compare: {a} (A) vs {b} (B)"
    return render_markdown.page(title, [Bullets(compare.notes(comparison))], compare.sections(comparison)) + "\n"
