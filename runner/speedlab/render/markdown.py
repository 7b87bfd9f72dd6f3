"""A table.Table as Markdown lines (report.md)."""

from __future__ import annotations

from speedlab.markup import md_escape
from speedlab.table import Table, Value


def cell(value: Value) -> str:
    text = md_escape(value.main)
    if value.kind == "ratio" and value.number is not None:
        text = f"**{text}**"
    return f"{text} `{md_escape(value.detail)}`" if value.detail else text


def render(table: Table, level: int = 2) -> list[str]:
    lines = [f"{'#' * level} {md_escape(table.heading)}", ""] if table.heading else []
    if table.intro:
        lines += [md_escape(table.intro), ""]
    lines.append("| " + " | ".join(md_escape(c.name) for c in table.columns) + " |")
    lines.append("|" + "|".join(":---" if c.align == "left" else "---:" for c in table.columns) + "|")
    for row in table.rows:
        lines.append("| " + " | ".join(cell(v) for v in row.values) + " |")
    lines.append("")
    for index, note in enumerate(table.notes, 1):
        lines.append(f"{index}. {md_escape(note)}")
    if table.notes:
        lines.append("")
    for line in table.footer:
        lines += [md_escape(line), ""]
    return lines
