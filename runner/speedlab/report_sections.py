"""report.md and report.html as one ordered list of Sections, told top to bottom: the headline matrix, what
each tier is, each workload in story order (its lesson, its tables, its charts), Python's own lessons, know
your hardware (roofline, instruction sets, precision, the GPU's copies), cold vs warm, and last the machine
card and how it was measured. render/markdown.py and render/html.py render this one list."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from speedlab import (
    axes,
    cores,
    cupy_report,
    dask_out_of_core,
    dask_report,
    dataloader_report,
    gpu,
    headline,
    lessons,
    race,
    report,
)
from speedlab import story as story_module
from speedlab.report_guide import COLD_INTRO, cold_table, machine_card, machine_lines, reading_guide
from speedlab.sections import Bullets, Chart, Details, Paragraph, Race, Section, TierLegend

HARDWARE_INTRO = "What the machine allows and what an instruction set, a precision or a GPU's copies change."


def _tiers(document: dict[str, Any]) -> list[Section]:
    tiers = document.get("manifest", {}).get("tiers", {})
    guide = [item.removeprefix("- ") for item in reading_guide(document)]
    return [
        Section("The tiers", "tiers", in_contents=True).add(
            Bullets([f"**{name}**: {words}" for name, words in tiers.items()], True)
        ),
        Section("How to read the tables", "reading", level=3, in_contents=True).add(Bullets(guide, True), TierLegend()),
    ]


def _race(document: dict[str, Any], workload: str) -> Race | None:
    try:
        return Race(race.race(document, workload))
    except race.RaceError:  # fewer than two tiers timed: nothing to race
        return None


def _workload(
    document: dict[str, Any], workload: str, blocks: list[report.Block], story: story_module.Story
) -> Section:
    info = document.get("manifest", {}).get("workloads", {}).get(workload, {})
    section = Section(f"{workload}: {blocks[0].title}", f"workload-{workload}", in_contents=True)
    lesson, verdict = story.lesson(workload), report.classification_line(document, workload)
    section.add(
        Paragraph(lesson, "lesson") if lesson else None,
        _race(document, workload),
        Paragraph(f"{info['description']}.") if info.get("description") else None,
        Paragraph(verdict, "verdict", markup=True) if verdict else None,
    )
    for block in blocks:
        section.add(block.table, Chart(report.chart_ids(block), "speedup"))
    section.add(Chart(f"scaling-{workload}", "scaling"))
    descriptions = {row.impl: row.model.description for block in blocks for row in block.rows}
    return section.add(Details("What each impl does", [(impl, text) for impl, text in descriptions.items() if text]))


def workloads_in_story_order(document: dict[str, Any], story: story_module.Story) -> list[tuple[str, list]]:
    grouped: dict[str, list[report.Block]] = {}
    for block in report.blocks(document):
        grouped.setdefault(block.workload, []).append(block)
    return [(workload, grouped[workload]) for workload in story.ordered(list(grouped))]


def dask_section(document: dict[str, Any]) -> Section | None:
    """python.dask: tasks per graph and time per task beside NumPy, the chunk sweep, the out-of-core run."""
    dask = dask_report.table(document)
    if dask is None:
        return None
    found = dask_report.crossovers(document)
    cluster = document.get("machine", {}).get("dask_cluster")
    return Section(dask.heading, "dask", level=3).add(
        Paragraph(dask.intro),
        replace(dask, heading="", intro=""),
        Paragraph(dask_report.CROSSOVER_INTRO) if found else None,
        Bullets(found) if found else None,
        *(Paragraph(finding) for finding in dask_out_of_core.findings(document)),  # out of core
        Paragraph(f"Cluster: {dask_report.card_text(cluster)}") if cluster else None,
    )


def _own_lessons(document: dict[str, Any]) -> list[Section]:
    """The GIL's cores used, the data loader's idle step, Dask's cost per task."""
    out = []
    gil = cores.gil_table(document)
    if gil is not None:
        out.append(
            Section(gil.heading, "gil", level=3).add(
                Paragraph(cores.GIL_INTRO, markup=True),
                Paragraph(gil.intro, markup=True) if gil.intro else None,
                replace(gil, heading="", intro=""),
            )
        )
    loader = dataloader_report.table(document)
    if loader is not None:
        sentences = [Paragraph(line, markup=True) for line in loader.footer]
        out.append(
            Section(loader.heading, "dataloader", level=3).add(
                Paragraph(dataloader_report.INTRO, markup=True), *sentences, replace(loader, heading="", footer=[])
            )
        )
    dask = dask_section(document)
    if dask is not None:
        out.append(dask)
    return out


def _lessons(document: dict[str, Any]) -> list[Section]:
    tables = lessons.tables(document)
    own = _own_lessons(document)
    if not tables and not own:
        return []
    return [Section("Python's own lessons", "lessons", in_contents=True).add(*tables, *own)]


def _gpu(document: dict[str, Any]) -> Section | None:
    found = gpu.section(document)
    if found is None:
        return None
    section = Section(gpu.HEADING, "gpu-copies", level=3).add(Paragraph(gpu.INTRO))
    if not found.measured:
        return section.add(Paragraph(gpu.not_measured(found), markup=True))
    if found.bandwidth:
        section.add(Paragraph("Transfer benchmark: " + "; ".join(found.bandwidth) + "."))
    if found.copies:
        section.add(gpu.copy_table(found))
    for item in found.crossovers:
        section.add(
            Section(f"{item.workload}: where the GPU pays off", f"gpu-crossover-{item.workload}", level=4).add(
                Bullets([f"with the copies: {item.end_to_end}", f"kernel only: {item.kernel_only}"]),
                gpu.crossover_table(item),
            )
        )
    return section


def _hardware(document: dict[str, Any]) -> Section:
    section = Section("Know your hardware", "hardware", in_contents=True).add(Paragraph(HARDWARE_INTRO))
    section.add(Section("Roofline", "roofline", level=3).add(Chart("roofline", "roofline")))
    for axis in axes.tables(document):
        table = axes.as_table(axis)
        section.add(
            Section(table.heading, table.anchor, level=3).add(
                Paragraph(table.intro) if table.intro else None,
                replace(table, heading="", intro="", footer=[]),
                Bullets(table.footer),
            )
        )
    return section.add(_gpu(document), *cupy_report.tables(document))  # CuPy beside CUDA and NumPy


def _machine(document: dict[str, Any]) -> Section:
    run = document["run"]
    settings = run.get("settings", {})
    measured = (
        f"Run `{run.get('id')}`: preset **{settings.get('preset')}**, {settings.get('repetitions')} repetitions "
        f"per cell (min {settings.get('min_time_s')} s each, {settings.get('warmup_s')} s warm-up), seed "
        f"{settings.get('seed')}; started {run.get('started_utc')}, status **{run.get('status')}**."
    )
    return Section("The machine and how it was measured", "machine", in_contents=True).add(
        Paragraph(measured, markup=True), machine_card([("", machine_lines(document))])
    )


def intro(document: dict[str, Any]) -> Paragraph:
    run = document["run"]
    preset = run.get("settings", {}).get("preset")
    return Paragraph(
        f"Run `{run.get('id')}`: preset **{preset}**, status **{run.get('status')}**; how it was measured and on "
        "what machine: at the end.",
        markup=True,
    )


def sections(document: dict[str, Any]) -> list[Section]:
    """Every section of the report, in reading order."""
    story = story_module.of(document)
    matrix = headline.matrix(document, story)
    out = [Section(matrix.heading, matrix.anchor, in_contents=True).add(replace(matrix, heading=""))]
    out += _tiers(document)
    out += [_workload(document, w, blocks, story) for w, blocks in workloads_in_story_order(document, story)]
    out += _lessons(document) + [_hardware(document)]
    cold = cold_table(document)
    if cold is not None:
        out.append(Section("Cold vs warm", "cold", in_contents=True).add(Paragraph(COLD_INTRO), cold))
    return out + [_machine(document)]
