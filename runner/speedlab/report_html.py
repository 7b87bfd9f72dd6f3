"""report.html, in the same order as report.md (report_markdown.py): headline, tiers, workloads in story
order, Python's lessons, know your hardware, cold vs warm, the machine last; a table of contents on top."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from speedlab import cupy_report, headline, html, lessons, race, report, story as story_module
from speedlab.manifest_model import format_params
from speedlab.render import html as render_html
from speedlab.report_markdown import reading_guide, workloads_in_story_order
from speedlab.units import seconds


def _rows(block: report.Block) -> list[dict[str, Any]]:
    rows, previous = [], None
    for row in block.rows:
        css = ["tier-start"] if previous is not None and row.tier != previous else []
        previous = row.tier
        if row.cell["status"] in report.FAILURES or row.check == "✗":
            css.append("failed")
        elif row.cell["status"] != "ok":
            css.append("muted")
        rows.append({"cells": report.values(row), "css": " ".join(css)})
    return rows


def _race(document: dict[str, Any], workload: str) -> Markup:
    try:
        return render_html.race(race.race(document, workload))
    except race.RaceError:  # fewer than two tiers timed: nothing to race
        return Markup("")


def _workload_sections(
    document: dict[str, Any], charts: dict[str, str], story: story_module.Story, toc: list[tuple[str, str]]
) -> list[dict[str, Any]]:
    info = document.get("manifest", {}).get("workloads", {})
    sections = []
    for workload, blocks in workloads_in_story_order(document, story):
        toc.append((f"workload-{workload}", workload))
        verdict = report.classification_line(document, workload)
        description = info.get(workload, {}).get("description", "")
        for index, block in enumerate(blocks):
            section_charts = [charts[c] for c in (report.chart_ids(block),) if c in charts]
            if index == len(blocks) - 1 and f"scaling-{workload}" in charts:
                section_charts.append(charts[f"scaling-{workload}"])
            sections.append(
                {
                    "part": f"{workload}: {block.title}" if index == 0 else "",
                    "part_anchor": f"workload-{workload}",
                    "lesson": story.lesson(workload) if index == 0 else "",
                    "level": 3,
                    "race": _race(document, workload) if index == 0 else "",
                    "anchor": report.chart_ids(block),
                    "heading": block.heading,
                    "headers": report.HEADERS,
                    "left": ("tier", "impl", "check"),
                    "description": f"{description}." if description and index == 0 else "",
                    "verdict": verdict.replace("**", "") if verdict and index == 0 else None,
                    "rows": _rows(block),
                    "notes": block.notes,
                    "charts": section_charts,
                    "descriptions": [
                        (row.impl, row.cell.get("description", "")) for row in block.rows if row.cell.get("description")
                    ],
                }
            )
    return sections


def _lesson_section(document: dict[str, Any], toc: list[tuple[str, str]]) -> list[dict[str, Any]]:
    tables = lessons.tables(document)
    own = html._lesson_sections(document) + html._dask_sections(document)  # GIL, data loader, Dask
    if not tables and not own:
        return []
    toc.append(("lessons", "Python's own lessons"))
    body = Markup("\n").join(render_html.render(table, level=3) for table in tables)
    return [
        {"part": "Python's own lessons", "part_anchor": "lessons", "html": body},
        *({**section, "level": 3} for section in own),
    ]


def _hardware_sections(
    document: dict[str, Any], charts: dict[str, str], toc: list[tuple[str, str]]
) -> list[dict[str, Any]]:
    toc.append(("hardware", "Know your hardware"))
    roofline = charts.get("roofline")
    intro = (
        Markup('<h3 id="roofline">Roofline</h3><div class="chart" id="chart-roofline">')
        + Markup(roofline)
        + Markup("</div>")
        if roofline
        else Markup("<!-- no roofline chart: no measured ceilings -->")
    )
    out = [
        {
            "part": "Know your hardware",
            "part_anchor": "hardware",
            "html": intro,
            "part_intro": "What the machine allows and what an instruction set, a precision or a GPU's copies change.",
        }
    ]
    for section in html._axis_sections(document) + html._gpu_sections(document):
        out.append({**section, "level": 3})
    out += [{"html": render_html.render(table, level=3)} for table in cupy_report.tables(document)]
    return out


def _cold(document: dict[str, Any]) -> list[tuple]:
    out = []
    for cell, split in report.cold_rows(document):
        threads = report.threads_text(cell["threads"], bool(cell.get("oversubscribed")))
        out.append(
            (
                cell["workload"],
                cell["impl"],
                threads,
                format_params(cell["params"]),
                seconds(split["warm_s"]),
                seconds(split["first_run_s"]),
                seconds(split["cold_s"]),
                seconds(split["startup_s"]),
                report._signed_seconds(split["first_run_penalty_s"]),
            )
        )
    return out


def render_run(document: dict[str, Any], charts: dict[str, str]) -> str:
    run = document["run"]
    settings = run.get("settings", {})
    story = story_module.of(document)
    lines = report.machine_lines(document)
    matrix = headline.matrix(document, story)
    toc = [(headline.ANCHOR, "The headline"), ("tiers", "The tiers"), ("reading", "How to read the tables")]
    sections = _workload_sections(document, charts, story, toc)
    sections += _lesson_section(document, toc) + _hardware_sections(document, charts, toc)
    cold = _cold(document)
    toc += ([("cold", "Cold vs warm")] if cold else []) + [("machine", "The machine and how it was measured")]
    return html.TEMPLATE.render(
        title="speedlab report",
        subtitle=f"Run {run.get('id')}: preset {settings.get('preset')}, status {run.get('status')}.",
        toc=toc,
        headline=render_html.render(matrix),
        tiers=list(document.get("manifest", {}).get("tiers", {}).items()),
        machines_last=True,
        machine_heading="The machine and how it was measured",
        measured=f"{settings.get('repetitions')} repetitions per cell (min {settings.get('min_time_s')} s each, "
        f"{settings.get('warmup_s')} s warm-up), seed {settings.get('seed')}; started "
        f"{run.get('started_utc')}.",
        machines=[("this machine", dict(lines))],
        card_labels=[label for label, _ in lines],
        guide=[item.lstrip("- ").replace("**", "").replace("`", "") for item in reading_guide(document)],
        tier_colors=html._tier_colors(),
        roofline=None,
        sections=sections,
        cold=cold,
        extra="",
    )
