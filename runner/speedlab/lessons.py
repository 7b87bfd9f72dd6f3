"""Python's own lessons (the GIL, glue, a JIT, out of core) as Tables: the impls that measure each lesson,
wherever the run has them, beside python.loops at the workload's headline size. The lessons themselves --
title, sentence, impls -- live in suite.toml's [lessons]."""

from __future__ import annotations

from typing import Any

from speedlab import headline, report, story as story_module, units
from speedlab.model import Cell
from speedlab.manifest_model import format_params
from speedlab.table import Column, Table, Value, status, text

COLUMNS = [
    Column("workload", "left"),
    Column("impl", "left"),
    Column("threads"),
    Column("median"),
    Column("vs python.loops", short="vs py"),
    Column("cold", priority=1),
    Column("peak mem", priority=2),
    Column("check", "left"),
]
STATUS_WORDS = units.STATUS_TEXT


def _size(sizes: dict[tuple, list[Cell]], baseline: str) -> tuple:
    return headline.headline_size(sizes, baseline) or max(sizes, key=lambda p: sorted(v for _, v in p))


def _values(workload: str, params: tuple, cell: Cell, base: tuple[float | None, bool]) -> list[Value]:
    seconds, approximate = cell.seconds, cell.approximate
    ratio = base[0] / seconds if base[0] and seconds else None
    cold = cell.statistics.cold.wall_s if cell.measured and cell.statistics.cold else None
    timed = seconds is not None
    check = "✓" if cell.measured else ("—" if cell.status in ("skipped", "not_applicable", "extrapolated") else "✗")
    size = format_params(dict(params))
    return [
        text(workload, detail=size, short_detail=size),
        text(cell.impl),
        text(str(cell.threads)),
        Value("duration", seconds, approximate=approximate)
        if timed
        else status(STATUS_WORDS.get(cell.status, cell.status)),
        Value("ratio", ratio, approximate=approximate or base[1]) if ratio else status(units.MISSING),
        Value("duration", cold) if cold else status(units.MISSING),
        report.peak_memory_value(cell) if cell.measured else status(units.MISSING),
        text(check),
    ]


def lesson_table(name: str, lesson: dict[str, Any], document: dict[str, Any], story: story_module.Story) -> Table:
    table = Table(lesson["title"], COLUMNS, anchor=f"lesson-{name}", intro=lesson.get("text", ""))
    sizes = headline.by_size(document)
    wanted = lesson.get("workloads") or list(sizes)
    impls = [story.baseline, *(i for i in lesson["impls"] if i != story.baseline)]
    for workload in story.ordered([w for w in sizes if w in wanted]):
        params = _size(sizes[workload], story.baseline)
        cells = [c for c in sizes[workload][params] if c.impl in impls]
        if not any(c.impl != story.baseline for c in cells):
            continue  # only the baseline: nothing of this lesson measured here
        base_cell = next((c for c in cells if c.impl == story.baseline and c.threads == 1), None)
        base = (base_cell.seconds, base_cell.approximate) if base_cell else (None, False)
        if table.rows:
            table.sections.add(len(table.rows))
        for cell in sorted(cells, key=lambda c: (impls.index(c.impl), c.threads)):
            style = "failed" if cell.status in headline.FAILURES else ("" if cell.measured else "muted")
            table.add(_values(workload, params, cell, base), style=style)
    if not table.rows:
        table.notes.append(f"not in this run: measure it with ./speedlab run -i '{','.join(impls)}'")
    return table


def tables(document: dict[str, Any]) -> list[Table]:
    story = story_module.of(document)
    return [lesson_table(name, lesson, document, story) for name, lesson in story.lessons.items()]
