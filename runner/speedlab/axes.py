"""Axis tables: what one choice parameter (isa, dtype) changes, impl by impl.

A choice parameter is a measured axis (manifest.py): cells at its default are
the main tables' cells and leave it out of their params; cells at other values
carry it. For every workload and every choice parameter with such cells, one
table: a row per impl, thread count and other parameters, a column per value
(in the manifest's order), each the median time and the speedup over the
parameter's baseline value (isa: x86-64, dtype: float64). Where cells report
output_rel_error (float32, tf32, bf16 against the float64 computation), the
measured error sits beside the time. Below: the geometric-mean speedup per
value, why cells were not measured, and the impls that have the default only.

Pure functions over a results document, like analysis.py; as_table gives the neutral Table.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from speedlab import units
from speedlab.model import Cell, Run
from speedlab.manifest_model import format_params
from speedlab.table import Table, Value, columns, status, text

ERROR_COUNTER = "output_rel_error"
FAILURES = ("wrong_checksum", "failed", "timeout")


@dataclass
class AxisRow:
    tier: str
    impl: str
    threads: int
    others: dict[str, Any]  # the row's other parameters (size, and other choices away from their defaults)
    cells: dict[str, Cell | None]  # value -> cell (None: not planned)


@dataclass
class AxisTable:
    workload: str
    param: str
    description: str
    values: list[str]  # columns, in the manifest's order
    default: str
    baseline: str
    rows: list[AxisRow] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    with_errors: bool = False  # some cell reports output_rel_error: show it beside the times

    @property
    def heading(self) -> str:
        return f"{self.workload}: {self.param} ({', '.join(self.values)})"

    def speedup(self, row: AxisRow, value: str) -> float | None:
        """time at the baseline / time at `value` (above 1: faster than the baseline)."""
        base, cell = row.cells.get(self.baseline), row.cells.get(value)
        if base is None or cell is None:
            return None
        return base.seconds / cell.seconds if base.seconds and cell.seconds else None

    def approximate(self, row: AxisRow, value: str) -> bool:
        """The ratio at `value` involves an extrapolated time: the cell's own, or the baseline's."""
        return any(
            cell is not None and cell.approximate for cell in (row.cells.get(value), row.cells.get(self.baseline))
        )

    def summary(self) -> list[tuple[str, float | None, int, str]]:
        """Per value other than the baseline: (value, geometric-mean speedup, rows, why none)."""
        out = []
        for value in self.values:
            if value == self.baseline:
                continue
            ratios = [r for r in (self.speedup(row, value) for row in self.rows) if r]
            reason = ""
            if not ratios:
                reasons = [
                    c.reason
                    for row in self.rows
                    for c in [row.cells.get(value)]
                    if c is not None and c.status not in ("ok", "extrapolated")
                ]
                reason = reasons[0] if reasons else "not measured"
            mean = math.exp(sum(math.log(r) for r in ratios) / len(ratios)) if ratios else None
            out.append((value, mean, len(ratios), reason))
        return out


def _choices(document: dict[str, Any], workload: str) -> dict[str, dict[str, Any]]:
    return document.get("manifest", {}).get("workloads", {}).get(workload, {}).get("choices", {})


def tables(document: dict[str, Any]) -> list[AxisTable]:
    run = Run.of(document)
    tiers = list(run.tiers)
    out = []
    for workload in dict.fromkeys(cell.workload for cell in run.cells):
        cells = [c for c in run.cells if c.workload == workload]
        for param, spec in _choices(document, workload).items():
            axis_cells = [c for c in cells if param in c.params]
            if not axis_cells:
                continue
            default = spec.get("default")
            baseline = spec.get("baseline") or default
            index: dict[tuple, Cell] = {}
            for cell in cells:
                others = tuple((k, v) for k, v in cell.params.items() if k != param)
                index[(cell.impl, cell.threads, others, cell.params.get(param, default))] = cell
            row_keys = list(
                dict.fromkeys(
                    (c.impl, c.threads, tuple((k, v) for k, v in c.params.items() if k != param)) for c in axis_cells
                )
            )
            present = {c.params[param] for c in axis_cells} | {default, baseline}
            values = [v for v in spec.get("values", []) if v in present]
            table = AxisTable(workload, param, spec.get("description", ""), values, default, baseline)
            for impl, threads, others in row_keys:
                row_cells = {value: index.get((impl, threads, others, value)) for value in values}
                tier = next(c.tier for c in row_cells.values() if c is not None)
                table.rows.append(AxisRow(tier, impl, threads, dict(others), row_cells))
            table.rows.sort(
                key=lambda r: (
                    tiers.index(r.tier) if r.tier in tiers else len(tiers),
                    r.impl,
                    r.threads,
                    format_params(r.others),
                )
            )
            table.with_errors = any(_introduces_error(row, default) for row in table.rows)
            table.notes = _notes(document, table)
            out.append(table)
    return out


def _has_error(cell: Cell | None) -> bool:
    return cell is not None and ERROR_COUNTER in cell.counters


def _introduces_error(row: AxisRow, default: str) -> bool:
    """The parameter itself costs accuracy in this row (dtype = float32 beside float64), as opposed to rows that
    carry an error from another parameter (an isa row at dtype = float32): show the error columns then."""
    default_cell = row.cells.get(default)
    return (default_cell is None or not _has_error(default_cell)) and any(
        _has_error(cell) for value, cell in row.cells.items() if value != default
    )


def _notes(document: dict[str, Any], table: AxisTable) -> list[str]:
    notes = []
    info = document.get("manifest", {}).get("workloads", {}).get(table.workload, {})
    for value, mean, count, reason in table.summary():
        if mean is not None:
            approximate = any(table.approximate(row, value) for row in table.rows if table.speedup(row, value))
            notes.append(
                f"{table.param} = {value}: {units.approximate(units.ratio(mean), approximate)} the speed of "
                f"{table.baseline} "
                f"(geometric mean of {count} row{'s' if count != 1 else ''})"
            )
        else:
            notes.append(f"{table.param} = {value}: not measured here — {reason}")
    run_impls = {row.impl for row in table.rows} | {
        c["impl"] for c in document["cells"] if c["workload"] == table.workload
    }
    default_only = sorted(
        name
        for name, impl in info.get("impls", {}).items()
        if name in run_impls and not impl.get("choices", {}).get(table.param)
    )
    if default_only:
        notes.append(f"{table.param} = {table.default} only (no other values implemented): {', '.join(default_only)}")
    tolerances = _tolerances(info, table)
    if tolerances:
        notes.append(tolerances)
    return notes


def _tolerances(info: dict[str, Any], table: AxisTable) -> str:
    """The checksum tolerances per value, when they differ from the default's."""
    parts = []
    for name, spec in info.get("checksums", {}).items():
        per_value = spec.get(table.param, {})
        if per_value:
            values = ", ".join(f"{value} {v['rtol']:.0e}" for value, v in per_value.items())
            parts.append(f"{name}: {table.default} {spec['rtol']:.0e}, {values}")
    if not parts:
        return ""
    return (
        "checksums are checked against the float64 reference with rtol "
        + "; ".join(parts)
        + " (each cell's measured error is in results.json)"
    )


def _note(table: Table, cell: Cell) -> int | None:
    return table.note(cell.reason) if cell.reason else None


def cell_value(table: Table, axis: AxisTable, row: AxisRow, value: str) -> Value:
    """One value's cell: 12.3 ms (2.1×), skipped [1], ~12 s (~2×), ✗ wrong checksum [2], —."""
    cell = row.cells.get(value)
    if cell is None:
        return status(units.MISSING)
    if cell.status in ("ok", "extrapolated"):
        ratio = axis.speedup(row, value) if value != axis.baseline else None
        beside = Value("ratio", ratio, approximate=axis.approximate(row, value)) if ratio is not None else None
        return Value("duration", cell.seconds, approximate=cell.approximate, beside=beside)
    label = {"skipped": "skipped", "not_applicable": "n/a"}.get(cell.status, f"✗ {cell.status.replace('_', ' ')}")
    return status(label, _note(table, cell))


def error_value(cell: Cell | None) -> Value:
    if cell is None or cell.status != "ok":
        return status(units.MISSING)
    return Value("error", cell.counters.get(ERROR_COUNTER))


def headers(table: AxisTable) -> list[str]:
    out = ["tier", "impl", "threads", "params"]
    for value in table.values:
        out.append(value + (" (baseline)" if value == table.baseline else ""))
        if table.with_errors and value != table.default:
            out.append(f"{value} error")
    return out


def row_values(table: Table, axis: AxisTable, row: AxisRow) -> list[Value]:
    present = [cell for cell in row.cells.values() if cell is not None]
    kernel_only = any(cell.statistics.end_to_end for cell in present)  # a GPU row: CUDA events
    oversubscribed = any(cell.oversubscribed for cell in present)
    threads = f"{row.threads} (oversubscribed)" if oversubscribed else str(row.threads)
    impl = row.impl + (" (kernel only)" if kernel_only else "")
    out = [text(row.tier), text(impl), text(threads), text(format_params(row.others) or units.MISSING)]
    for value in axis.values:
        out.append(cell_value(table, axis, row, value))
        if axis.with_errors and value != axis.default:
            out.append(error_value(row.cells.get(value)))
    return out


def as_table(axis: AxisTable) -> Table:
    """The axis as a neutral Table: why cells were not measured as its numbered notes; the geometric means,
    the default-only impls and the tolerances as its footer."""
    table = Table(
        axis.heading,
        columns(headers(axis), left=("tier", "impl", "params")),
        anchor=f"axis-{axis.workload}-{axis.param}",
        intro=INTRO.get(axis.param, axis.description),
        footer=list(axis.notes),
    )
    for row in axis.rows:
        table.add(row_values(table, axis, row))
    return table


def axis_tables(document: dict[str, Any]) -> list[Table]:
    return [as_table(axis) for axis in tables(document)]


INTRO = {
    "isa": (
        'The same source compiled for each instruction set (README: "Instruction sets"): speedups over the '
        "x86-64 baseline build (SSE2). native is the main build; a set this CPU lacks is skipped."
    ),
    "dtype": (
        'The same computation in another precision (README: "Precision"): speedups over float64, and the '
        "measured error of the result against the float64 computation (‖y − y64‖ / ‖y64‖)."
    ),
}
