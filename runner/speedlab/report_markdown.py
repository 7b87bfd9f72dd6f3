"""report.md, told top to bottom: the headline matrix, what each tier is, each workload in story order
(its lesson, its tables, its charts), Python's own lessons, know your hardware (roofline, instruction
sets, precision, the GPU's copies), cold vs warm, and last the machine card and how it was measured."""

from __future__ import annotations

from typing import Any

from speedlab import axes, cupy_report, gpu, headline, lessons, report, story as story_module
from speedlab.manifest_model import format_params
from speedlab.markup import md_escape
from speedlab.render import markdown as render_markdown
from speedlab.units import seconds


def _intro(document: dict[str, Any]) -> list[str]:
    run = document["run"]
    settings = run.get("settings", {})
    return [
        "# speedlab report",
        "",
        f"Run `{run.get('id')}`: preset **{settings.get('preset')}**, status **{run.get('status')}**; how it was "
        "measured and on what machine: at the end.",
        "",
    ]


def _tiers(document: dict[str, Any]) -> list[str]:
    tiers = document.get("manifest", {}).get("tiers", {})
    lines = ["## The tiers", ""] + [f"- **{md_escape(name)}**: {md_escape(text)}" for name, text in tiers.items()]
    return lines + ["", "### How to read the tables", "", *reading_guide(document), ""]


def reading_guide(document: dict[str, Any]) -> list[str]:
    """The legend; with main's report.reading_guide (the run's repeatability line, uncertainty.py) once both
    branches are merged, that one."""
    guide = getattr(report, "reading_guide", None)
    return guide(document) if guide else list(report.READING_GUIDE)


def _block(document: dict[str, Any], block: report.Block, charts: dict[str, str]) -> list[str]:
    lines = [
        f"### {block.heading}",
        "",
        "| " + " | ".join(report.HEADERS) + " |",
        "|" + "|".join(["---"] * len(report.HEADERS)) + "|",
    ]
    lines += ["| " + " | ".join(md_escape(v) for v in report.values(row)) + " |" for row in block.rows]
    lines.append("")
    lines += [f"{index}. {md_escape(note)}" for index, note in enumerate(block.notes, 1)]
    if block.notes:
        lines.append("")
    if report.chart_ids(block) in charts:
        lines += [f"![speedup]({charts[report.chart_ids(block)]})", ""]
    return lines


def _workload(
    document: dict[str, Any],
    workload: str,
    blocks: list[report.Block],
    charts: dict[str, str],
    story: story_module.Story,
) -> list[str]:
    info = document.get("manifest", {}).get("workloads", {}).get(workload, {})
    lines = [f"## {workload}: {md_escape(blocks[0].title)}", ""]
    if story.lesson(workload):
        lines += [f"*{md_escape(story.lesson(workload))}*", ""]
    if info.get("description"):
        lines += [f"{md_escape(info['description'])}.", ""]
    verdict = report.classification_line(document, workload)
    if verdict:
        lines += [verdict, ""]
    for block in blocks:
        lines += _block(document, block, charts)
    if f"scaling-{workload}" in charts:
        lines += [f"![scaling]({charts['scaling-' + workload]})", ""]
    descriptions = {row.impl: row.cell.get("description", "") for block in blocks for row in block.rows}
    lines += ["<details><summary>What each impl does</summary>", ""]
    lines += [f"- `{impl}`: {md_escape(text)}" for impl, text in descriptions.items() if text]
    return lines + ["", "</details>", ""]


def workloads_in_story_order(document: dict[str, Any], story: story_module.Story) -> list[tuple[str, list]]:
    grouped: dict[str, list[report.Block]] = {}
    for block in report.blocks(document):
        grouped.setdefault(block.workload, []).append(block)
    return [(workload, grouped[workload]) for workload in story.ordered(list(grouped))]


def _lessons(document: dict[str, Any]) -> list[str]:
    from speedlab import cores, dask_report, dataloader_report

    tables = lessons.tables(document)
    # The GIL's cores used, the data loader's idle step, Dask's cost per task: their own level-2 sections, one
    # level down inside this one.
    own = (
        cores.markdown_lines(document, report.format_seconds)
        + dataloader_report.markdown_lines(document, report.format_seconds)
        + dask_report.markdown_lines(document)
    )
    if not tables and not own:
        return []
    lines = ["## Python's own lessons", ""]
    for table in tables:
        lines += render_markdown.render(table, level=3)
    return lines + [f"#{line}" if line.startswith("## ") else line for line in own]


def _hardware(document: dict[str, Any], charts: dict[str, str]) -> list[str]:
    lines = [
        "## Know your hardware",
        "",
        "What the machine allows and what an instruction set, a precision or a GPU's copies change.",
        "",
    ]
    if "roofline" in charts:
        lines += ["### Roofline", "", f"![roofline]({charts['roofline']})", ""]
    # The axis and GPU sections write their own level-2 headings: one level down inside this section.
    lines += [
        f"#{line}" if line.startswith("## ") else line
        for line in axes.markdown_lines(document) + gpu.markdown_lines(document)
    ]
    lines += [line for table in cupy_report.tables(document) for line in render_markdown.render(table, level=3)]
    return lines


def _cold(document: dict[str, Any]) -> list[str]:
    cold = report.cold_rows(document)
    if not cold:
        return []
    lines = [
        "## Cold vs warm",
        "",
        "The warm time is in-process after warm-up; the cold time is one whole process, spawn to exit, "
        "for one run at the same size. Startup = cold − the cold run's own time (interpreter or JVM start,"
        " module loading, CUDA context, input generation); first-run penalty = the cold run − the warm "
        "median (JIT compilation, cold caches).",
        "",
        "| workload | impl | threads | size | warm | first run | cold process | startup | first-run penalty |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for cell, split in cold:
        threads = report.threads_text(cell["threads"], bool(cell.get("oversubscribed")))
        lines.append(
            f"| {cell['workload']} | {cell['impl']} | {threads} | {format_params(cell['params'])} | "
            f"{seconds(split['warm_s'])} | {seconds(split['first_run_s'])} | "
            f"{seconds(split['cold_s'])} | {seconds(split['startup_s'])} | "
            f"{report._signed_seconds(split['first_run_penalty_s'])} |"
        )
    return lines + [""]


def _machine(document: dict[str, Any]) -> list[str]:
    run = document["run"]
    settings = run.get("settings", {})
    lines = [
        "## The machine and how it was measured",
        "",
        f"Run `{run.get('id')}`: preset **{settings.get('preset')}**, {settings.get('repetitions')} repetitions "
        f"per cell (min {settings.get('min_time_s')} s each, {settings.get('warmup_s')} s warm-up), seed "
        f"{settings.get('seed')}; started {run.get('started_utc')}, status **{run.get('status')}**.",
        "",
        "| | |",
        "| --- | --- |",
    ]
    lines += [f"| {label} | {md_escape(value)} |" for label, value in report.machine_lines(document)]
    return lines + [""]


def markdown(document: dict[str, Any], charts: dict[str, str] | None = None) -> str:
    """report.md; `charts` maps chart ids to SVG file names next to it."""
    charts = charts or {}
    story = story_module.of(document)
    lines = _intro(document) + render_markdown.render(headline.matrix(document, story)) + _tiers(document)
    for workload, blocks in workloads_in_story_order(document, story):
        lines += _workload(document, workload, blocks, charts, story)
    lines += _lessons(document) + _hardware(document, charts) + _cold(document) + _machine(document)
    return "\n".join(lines)
