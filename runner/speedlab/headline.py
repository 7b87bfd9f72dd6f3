"""The headline matrix: every workload (rows, in story order) against the tiers (columns).

Each cell is the best speedup of that tier over the baseline (python.loops) at the workload's headline
size -- its largest main-table size with a baseline time -- with the impl that achieved it. The column of
the baseline's own tier shows the baseline itself (1×, with its time). A cell derived from an extrapolated
time carries `~`; a tier that was not measured says why once per reason (n/a, skipped, ✗ failed) in a
footnote. GPU cells use the end-to-end time (copies included), as a user would wait for it. Below the
table: the answer of this run to the claim "Python is about 2× slower than Java and up to 10× slower than
C/C++", from the python-claim reproduction's geometric means.
"""

from __future__ import annotations

from typing import Any

from speedlab import story as story_module
from speedlab import units
from speedlab.model import Cell, as_run
from speedlab.manifest_model import format_params, is_axis_cell
from speedlab.table import Column, Table, Value, status, text

ANCHOR = "headline"
HEADING = "The headline: how many times faster than pure Python, per tier"
FAILURES = ("wrong_checksum", "failed", "timeout")
STATUS_WORDS = {"not_applicable": "n/a", "skipped": "skipped"}
SHORT_DETAIL = 10  # the impl under a value in a narrow terminal: cpp.openblas -> openblas
END_TO_END_NOTE = "gpu cells: the end-to-end time (copies to and from the device included), not the kernel alone"


def _end_to_end(cell: Cell) -> float | None:
    """A CUDA cell's end-to-end median (copies included); None for any other cell."""
    summary = cell.statistics.end_to_end if cell.language == "cuda" else None
    return summary.median_s if summary else None


def user_time(cell: Cell) -> tuple[float | None, bool]:
    """The time a user waits for: a CUDA cell's end-to-end median where it has one."""
    end_to_end = _end_to_end(cell)
    if cell.seconds is not None and end_to_end is not None:
        return end_to_end, cell.approximate
    return cell.seconds, cell.approximate


def by_size(document: dict[str, Any]) -> dict[str, dict[tuple, list[Cell]]]:
    out: dict[str, dict[tuple, list[Cell]]] = {}
    for cell in as_run(document).cells:
        if not is_axis_cell(cell.params):
            out.setdefault(cell.workload, {}).setdefault(tuple(cell.params.items()), []).append(cell)
    return out


def headline_size(sizes: dict[tuple, list[Cell]], baseline: str) -> tuple | None:
    """The largest size whose baseline cell (one thread) has a time, measured or extrapolated."""
    timed = [
        params
        for params, cells in sizes.items()
        if any(c.impl == baseline and c.threads == 1 and c.seconds for c in cells)
    ]
    return max(timed, key=lambda params: sorted(v for _, v in params)) if timed else None


class Reasons:
    """Why cells were not measured, one footnote per reason however many cells and workloads share it."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.impls: dict[str, list[str]] = {}

    def cite(self, reason: str, impls: list[str]) -> int:
        listed = self.impls.setdefault(reason, [])
        listed += [i for i in impls if i not in listed]
        text = f"{', '.join(listed)}: {reason}"
        for index, note in enumerate(self.table.notes):
            if note.endswith(f": {reason}"):
                self.table.notes[index] = text
                return index + 1
        return self.table.note(text)


def _best_cell(cells: list[Cell], base: tuple[float, bool], column: story_module.Column, reasons: Reasons) -> Value:
    """The best ratio among `cells` (one column's candidates), or why there is none."""
    timed = [(t, approx, c) for c in cells for t, approx in [user_time(c)] if t]
    if timed:
        seconds, approximate, best = min(timed, key=lambda item: item[0])
        threads = f" ({best.threads} threads)" if column.threads is None and best.threads > 1 else ""
        short = units.ellipsize(units.short_impl(best.impl) + (f" {best.threads}T" if threads else ""), SHORT_DETAIL)
        note = reasons.table.note(END_TO_END_NOTE) if _end_to_end(best) is not None else None
        return Value(
            "ratio",
            base[0] / seconds,
            approximate=approximate or base[1],
            detail=best.impl + threads,
            short_detail=short,
            heat=True,
            note=note,
        )
    if not cells:
        return status(units.MISSING)
    statuses = {c.status for c in cells}
    word = "✗ failed" if statuses & set(FAILURES) else STATUS_WORDS.get(min(statuses), min(statuses))
    by_reason: dict[str, list[str]] = {}
    for c in cells:
        by_reason.setdefault(c.reason or c.status, []).append(c.impl)
    notes = sorted({reasons.cite(reason, impls) for reason, impls in by_reason.items()})
    return status(word, note=notes[0], more_notes=tuple(notes[1:]))


def _row(workload: str, cells: list[Cell], params: tuple, story: story_module.Story, reasons: Reasons) -> list[Value]:
    base_cell = next(c for c in cells if c.impl == story.baseline and c.threads == 1)
    base = user_time(base_cell)
    baseline_tier = base_cell.tier
    values = [text(workload, detail=format_params(dict(params)), short_detail=format_params(dict(params)))]
    for column in story.columns:
        if column.tier == baseline_tier and column.accepts(1):
            values.append(
                Value(
                    "ratio",
                    1.0,
                    approximate=base[1],
                    detail=f"{story.baseline} {units.seconds(base[0])}",
                    short_detail=units.approximate(units.seconds(base[0]), base[1]),
                    heat=True,
                )
            )
            continue
        candidates = [c for c in cells if c.tier == column.tier and column.accepts(c.threads)]
        values.append(_best_cell(candidates, base, column, reasons))
    values.append(text(story.lesson(workload) or units.MISSING))
    return values


def matrix(document: dict[str, Any], story: story_module.Story | None = None) -> Table:
    story = story or story_module.of(document)
    columns = [Column("workload", "left", priority=0)]
    columns += [Column(c.name, "right", priority=0, short=units.abbreviate(c.name)) for c in story.columns]
    columns.append(Column("what it teaches", "left", priority=1))
    table = Table(
        HEADING,
        columns,
        anchor=ANCHOR,
        intro=f"Each cell: the best time of the tier at the workload's largest size, as a speedup over "
        f"{story.baseline} (1×), and the impl that achieved it. ~: involves an extrapolated time.",
    )
    sizes = by_size(document)
    reasons = Reasons(table)
    without = []
    for workload in story.ordered(list(sizes)):
        params = headline_size(sizes[workload], story.baseline)
        if params is None:
            without.append(workload)
            continue
        table.add(_row(workload, sizes[workload][params], params, story, reasons))
    if without:
        table.note(f"not in the matrix (no {story.baseline} time to compare with): {', '.join(without)}")
    claim = claim_line(document)
    if claim:
        table.footer.append(claim)
    return table


CLAIM_SOURCE = "python-claim"


def _relation(relative: float | None) -> str:
    if relative is None:
        return "not measured"
    return f"{units.ratio(relative)} slower" if relative >= 1 else f"{units.ratio(1 / relative)} faster"


def claim_line(document: dict[str, Any]) -> str | None:
    """One line: the claim, and this run's geometric means from the python-claim reproduction (reproduce.py
    computes them; this only words them)."""
    from speedlab import reproduce  # the reproduction layer builds on the report layer: imported late

    try:
        source = reproduce.load_sources()[CLAIM_SOURCE]
    except (KeyError, reproduce.ReproduceError, OSError):
        return None
    (result,) = reproduce.evaluate(source, document, None, "default")[:1]
    rows = {row.spec.label: row for row in result.rows}
    if not any(row.measured_relative for row in rows.values()):
        return None
    counts = [row.spread[2] for row in rows.values() if row.spread]
    approximate = "~" if any(row.extrapolated for row in rows.values()) else ""
    judged = [row for row in rows.values() if row.ratio_of_ratios is not None]
    confirmed = sum(row.verdict in ("reproduced", "consistent") for row in judged)  # within 2× (reproduce)

    def said(label: str) -> str:
        row = rows.get(label)
        return approximate + _relation(row.measured_relative if row else None)

    return (
        f'The claim "Python is about 2× slower than Java and up to 10× slower than C/C++", measured here: '
        f"pure Python is {said('pure Python vs Java')} than Java and {said('pure Python vs C++')} than C++, "
        f"NumPy {said('NumPy vs Java')} than Java and {said('NumPy vs C++')} than C++ (geometric means over "
        f"{max(counts, default=0)} workloads; {confirmed} of {len(judged)} within 2× of the claim)."
    )
