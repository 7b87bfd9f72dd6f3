"""Tables and Sections as Markdown (report.md, compare.md)."""

from __future__ import annotations

from speedlab.markup import md_escape
from speedlab.sections import Bullets, Chart, Details, Paragraph, Part, Section
from speedlab.table import Table, Value


def cell(value: Value) -> str:
    text = md_escape(value.main)
    if value.kind == "ratio" and value.measured:
        text = f"**{text}**"
    return f"{text} `{md_escape(value.detail)}`" if value.detail else text


def render(table: Table, level: int = 2) -> list[str]:
    lines = [f"{'#' * level} {md_escape(table.heading)}", ""] if table.heading else []
    if table.intro:
        lines += [md_escape(table.intro), ""]
    if table.columns:
        lines.append("| " + " | ".join(md_escape(c.name) for c in table.columns) + " |")
        lines.append("|" + "|".join(":---" if c.align == "left" else "---:" for c in table.columns) + "|")
        lines += ["| " + " | ".join(cell(v) for v in row.values) + " |" for row in table.rows]
        lines.append("")
    for index, note in enumerate(table.notes, 1):
        lines.append(f"{index}. {md_escape(note)}")
    if table.notes:
        lines.append("")
    for line in table.footer:
        lines += [md_escape(line), ""]
    return lines


def _words(text: str, markup: bool) -> str:
    return text if markup else md_escape(text)


def part(item: Part, level: int, charts: dict[str, str]) -> list[str]:
    """One part of a section; `level` is the section's, a Table's heading one below it."""
    if isinstance(item, Section):
        return section(item, charts)
    if isinstance(item, Table):
        return render(item, level + 1)
    if isinstance(item, Paragraph):
        words = _words(item.text, item.markup)
        return [f"*{words}*" if item.style == "lesson" else words, ""]
    if isinstance(item, Bullets):
        return [f"- {_words(entry, item.markup)}" for entry in item.items] + ([""] if item.items else [])
    if isinstance(item, Chart):
        return [f"![{item.alt}]({charts[item.chart_id]})", ""] if item.chart_id in charts else []
    if isinstance(item, Details):
        lines = [f"<details><summary>{item.summary}</summary>", ""]
        lines += [f"- `{code}`: {md_escape(words)}" for code, words in item.items]
        return lines + ["", "</details>", ""]
    return []  # HTML only: the race, the tier legend


def section(item: Section, charts: dict[str, str]) -> list[str]:
    lines = [f"{'#' * item.level} {md_escape(item.heading)}", ""] if item.heading else []
    for entry in item.parts:
        lines += part(entry, item.level, charts)
    return lines


def page(title: str, intro: list[Paragraph], sections: list[Section], charts: dict[str, str] | None = None) -> str:
    """A whole Markdown document: its title, opening paragraphs and sections; `charts` maps chart ids to the
    SVG files beside it."""
    lines = [f"# {title}", ""]
    for paragraph in intro:
        lines += part(paragraph, 1, charts or {})
    for item in sections:
        lines += section(item, charts or {})
    return "\n".join(lines)
