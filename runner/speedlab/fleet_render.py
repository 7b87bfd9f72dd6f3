"""fleet.md / fleet.html and history.md / history.html from the neutral FleetTables."""

from __future__ import annotations

from pathlib import Path

from speedlab import html
from speedlab.fleet_tables import MISSING, FleetTable
from speedlab.markup import md_escape
from speedlab.sections import Bullets, Chart, Section
from speedlab.table import Table, columns, text

LEFT = ("workload", "size", "impl", "tier", "machine", "", "changes")


def markdown(title: str, intro: str, tables: list[FleetTable], charts: dict[str, str] | None = None) -> str:
    lines = [f"# {title}", "", md_escape(intro), ""]
    for table in tables:
        lines += [f"## {md_escape(table.heading)}", ""]
        lines += [
            "| " + " | ".join(md_escape(c) for c in table.columns) + " |",
            "|" + "|".join(["---"] * len(table.columns)) + "|",
        ]
        lines += ["| " + " | ".join(md_escape(v) for v in row) + " |" for row in table.rows]
        lines.append("")
        lines += [f"- {md_escape(note)}" for note in table.notes]
        if table.notes:
            lines.append("")
    for name, file in (charts or {}).items():
        lines += [f"![{name}]({file})", ""]
    return "\n".join(lines)


def _section(index: int, table: FleetTable) -> Section:
    out = Table("", columns(table.columns, left=LEFT), anchor=f"t{index}-table")
    for row in table.rows:
        out.add([text(v) for v in row], "muted" if MISSING in row else "")
    return Section(table.heading, f"t{index}").add(out, Bullets(table.notes))


def render_html(title: str, intro: str, tables: list[FleetTable], charts: list[str] | None = None) -> str:
    sections = [_section(i, t) for i, t in enumerate(tables)]
    svgs = {f"fleet-chart-{i}": svg for i, svg in enumerate(charts or [])}
    if svgs:
        sections.append(Section("Charts", f"t{len(tables)}").add(*(Chart(name, name) for name in svgs)))
    return html.page(title, intro, sections, svgs, "speedlab fleet report")


def write(
    output: Path, stem: str, title: str, intro: str, tables: list[FleetTable], charts: dict[str, str] | None = None
) -> list[Path]:
    """stem.md (charts as SVG files in charts/) and stem.html (charts inline) in `output`."""
    output.mkdir(parents=True, exist_ok=True)
    files: dict[str, str] = {}
    if charts:
        (output / "charts").mkdir(exist_ok=True)
        for name, svg in charts.items():
            (output / "charts" / f"{stem}-{name}.svg").write_text(svg)
            files[name] = f"charts/{stem}-{name}.svg"
    md_path, html_path = output / f"{stem}.md", output / f"{stem}.html"
    md_path.write_text(markdown(title, intro, tables, files))
    html_path.write_text(render_html(title, intro, tables, list((charts or {}).values())))
    return [md_path, html_path]
