"""From a run to the reproduced tables: each row's ratio here against the published one, and its verdict."""

from __future__ import annotations

from typing import Any

from speedlab import units
from speedlab.manifest import Manifest, is_axis_cell
from speedlab.reproduce.sources import RowSpec, Source, TableSpec
from speedlab.reproduce.targets import Target, baseline_row, row_targets
from speedlab.reproduce.verdicts import Measured, RowResult, TableResult, hardware_gap, measured


def _published_relative(table: TableSpec, row: RowSpec) -> float | None:
    if row.published is None:
        return None
    if table.unit == "relative":
        return row.published
    base = baseline_row(table)
    return row.published / base.published if base.published else None


def _difference(table: TableSpec, row: RowSpec, conditions: str) -> str:
    """The row's own difference from the source, and its baseline row's (a ratio inherits both)."""
    parts = [row.difference(conditions)]
    if table.baseline and row.label != table.baseline:
        base = baseline_row(table).difference(conditions)
        parts.append(f"baseline {table.baseline}: {base}" if base else "")
    return "; ".join(p for p in parts if p)


def machine_peak(document: dict[str, Any]) -> float | None:
    ceilings = document.get("ceilings") or {}
    theory = ceilings.get("cpu_theoretical") or {}
    return theory.get("gflops")


def _cells_row(
    source: Source,
    table: TableSpec,
    row: RowSpec,
    document: dict[str, Any],
    manifest: Manifest,
    scale: str,
    conditions: str,
) -> RowResult:
    published = _published_relative(table, row)
    targets = row_targets(table, row, manifest, scale, conditions)
    if targets is None:
        return RowResult(row, published, None, note=row.note or "no speedlab equivalent")
    own = measured(document, targets[0], table.timing, table.statistic)
    base = measured(document, targets[1], table.timing, table.statistic)
    relative = own.seconds / base.seconds if own.seconds and base.seconds else None
    note = row.note
    for what, m in (("row", own), ("baseline", base)):
        if m.seconds is None:
            note = f"{what} not measured: {m.status} {m.reason}".strip()
    result = RowResult(
        row,
        published,
        relative,
        own,
        base,
        own.status == "extrapolated" or base.status == "extrapolated",
        note,
        impl=targets[0].impl,
        baseline_impl=targets[1].impl,
        difference=_difference(table, row, conditions),
        cliff="; ".join(
            f"{m_target.impl} extrapolated from {', '.join(f'{k}={v}' for k, v in m.basis.items())}: {m.cliff}"
            for m, m_target in ((own, targets[0]), (base, targets[1]))
            if m.cliff
        ),
        gap=hardware_gap(source, document),
        precision=source.conditions.precision if source.conditions else 0.0,
    )
    if row.compare == "peak_share":
        peak = machine_peak(document)
        if own.gflops and peak and row.peak_share:
            result.share_ratio = own.gflops / peak / row.peak_share
    return result


def evaluate(
    source: Source, document: dict[str, Any], manifest: Manifest, scale: str, conditions: str = "source"
) -> list[TableResult]:
    out = []
    for table in source.tables:
        result = TableResult(table, conditions=conditions)
        for row in table.rows:
            if table.kind == "suite":
                result.rows.append(_suite_row(source, table, row, document, conditions))
            else:
                result.rows.append(_cells_row(source, table, row, document, manifest, scale, conditions))
        out.append(result)
    return out


def _suite_row(source: Source, table: TableSpec, row: RowSpec, document: dict[str, Any], conditions: str) -> RowResult:
    """Geometric mean over workloads of impl / baseline_impl, at each workload's largest common size."""
    published = _published_relative(table, row)
    impl, baseline = row.impl_for(conditions), row.baseline_for(conditions)
    if not impl:
        return RowResult(row, published, None, note=row.note or "no speedlab equivalent")
    by_workload: dict[str, list[tuple[list, float, bool, Measured, Measured]]] = {}
    for cell in document["cells"]:
        if cell["impl"] != impl or cell["threads"] != 1 or is_axis_cell(cell["params"]):
            continue
        params = tuple(cell["params"].items())
        own = measured(document, Target(cell["workload"], impl, params, 1), table.timing, table.statistic)
        base = measured(document, Target(cell["workload"], baseline, params, 1), table.timing, table.statistic)
        if own.seconds and base.seconds:
            size = sorted(cell["params"].values())
            extrapolated = own.status == "extrapolated" or base.status == "extrapolated"
            by_workload.setdefault(cell["workload"], []).append(
                (size, own.seconds / base.seconds, extrapolated, own, base)
            )
    # the largest size of each workload
    largest = [max(entries, key=lambda e: e[0]) for entries in by_workload.values()]
    if not largest:
        return RowResult(row, published, None, note=f"no workload has both {impl} and {baseline}")
    values = [entry[1] for entry in largest]
    mean = units.geometric_mean(values)
    # The row's noise: the spread of the geometric mean is far below any one cell's; one cell's stands for it.
    noise = Measured(None, "measured", cv=max(max(e[3].cv, e[4].cv) for e in largest))
    return RowResult(
        row,
        published,
        mean,
        own=noise,
        extrapolated=any(e[2] for e in largest),
        note=row.note,
        spread=(min(values), max(values), len(values)),
        impl=impl,
        baseline_impl=baseline or "",
        difference=row.difference(conditions),
        gap=hardware_gap(source, document),
        precision=source.conditions.precision if source.conditions else 0.0,
    )
