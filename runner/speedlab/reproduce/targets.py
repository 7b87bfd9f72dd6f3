"""What a reproduction measures: each row's cell and its baseline's, under the chosen conditions.

`--conditions source` (the default) measures each row with its `variant` (the source's flags or code style)
where it has one; `--conditions ours` with speedlab's own impl. Sizes: the published size is always planned
(one run of a row is measured whenever it fits ROW_BUDGET_S, with the preset's repetitions); rows over it are
extrapolated by the runner from the table's `steps`, and evaluate() keeps only an extrapolation whose basis
is on the same side of every cache cliff (cliffs.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from speedlab.manifest import Manifest, is_axis_cell
from speedlab.reproduce.sources import ReproduceError, RowSpec, Source, TableSpec
from speedlab.run import Cell, Settings, plan, resolve_threads

SCALES = ("smoke", "default", "full")
SUITE_IMPLS = ["python.loops", "python.numpy", "java.loops", "cpp.naive"]
# A row measured at the published size when its cell (warm-up and the preset's repetitions, one process) is
# predicted to fit this: a few minutes, so one run of up to ~75 s is measured (the C and Java matmul rows at
# n = 1500, C at 2048), not extrapolated.
ROW_BUDGET_S = 300.0


@dataclass(frozen=True)
class Target:
    """One measurement a row needs: (workload, impl, params, threads)."""

    workload: str
    impl: str
    params: tuple[tuple[str, int], ...]
    threads: int


def _row_params(table: TableSpec, row: RowSpec, manifest: Manifest, scale: str) -> dict[str, int]:
    workload = manifest.workload(row.workload or table.workload)
    published = dict(row.params or table.params or {})
    if scale == "smoke":
        smoke = dict(workload.sizes["smoke"][0])
        return {**workload.defaults, **smoke}
    return {**workload.defaults, **published}


def _threads(value: int | str) -> int:
    return resolve_threads([str(value)])[0]


def row_targets(
    table: TableSpec, row: RowSpec, manifest: Manifest, scale: str, conditions: str = "source"
) -> tuple[Target, Target] | None:
    """The row's own measurement and its baseline's; None when the row has no speedlab equivalent."""
    impl = row.impl_for(conditions)
    if not impl or table.kind != "cells":
        return None
    workload = row.workload or table.workload
    params = tuple(_row_params(table, row, manifest, scale).items())
    own = Target(workload, impl, params, _threads(row.threads))
    baseline_impl = row.baseline_for(conditions)
    if baseline_impl:
        # The baseline gets the row's threads when it can use them (BLAS against BLAS), else one.
        spec = manifest.workloads.get(workload)
        multi = spec is not None and baseline_impl in spec.impls and spec.impls[baseline_impl].threads == "multi"
        base = Target(workload, baseline_impl, params, own.threads if multi else 1)
    else:
        base_row = baseline_row(table)
        base_params = tuple(_row_params(table, base_row, manifest, scale).items())
        base = Target(
            base_row.workload or table.workload, base_row.impl_for(conditions), base_params, _threads(base_row.threads)
        )
    return own, base


def baseline_row(table: TableSpec) -> RowSpec:
    return next(r for r in table.rows if r.label == table.baseline)


def _wanted(sources: list[Source], manifest: Manifest, scale: str, conditions: str) -> tuple[dict, list[str], bool]:
    wanted: dict[Target, None] = {}
    problems: list[str] = []
    suite = False
    for source in sources:
        for table in source.tables:
            if table.kind == "suite":
                suite = True
                continue
            for row in table.rows:
                targets = row_targets(table, row, manifest, scale, conditions)
                for target in targets or ():
                    workload = manifest.workloads.get(target.workload)
                    if workload is None or target.impl not in workload.impls:
                        problems.append(
                            f"{source.name}: '{row.label}' needs {target.workload}/{target.impl}, "
                            f"which this checkout does not have"
                        )
                        continue
                    if scale == "default":
                        for step in table.steps:
                            step_params = tuple({**dict(target.params), **step}.items())
                            wanted[Target(target.workload, target.impl, step_params, target.threads)] = None
                    wanted[target] = None
    return wanted, problems, suite


def cells_for(
    sources: list[Source], manifest: Manifest, settings: Settings, scale: str, conditions: str = "source"
) -> tuple[list[Cell], list[str]]:
    """Every cell the sources need (steps first, deduplicated) and notes on rows that cannot be measured."""
    wanted, problems, suite = _wanted(sources, manifest, scale, conditions)
    cells = []
    for target in wanted:
        workload = manifest.workloads[target.workload]
        params = dict(target.params)
        try:
            workload.check_params(params)
        except ValueError as error:
            raise ReproduceError(str(error)) from None
        params = {
            workload.size_param: params[workload.size_param],
            **{k: v for k, v in params.items() if k != workload.size_param},
        }
        cells.append(Cell(workload, workload.impls[target.impl], params, target.threads))
    if suite:
        have = {(c.workload.name, c.impl.name, tuple(c.params.items()), c.threads) for c in cells}
        for cell in plan(manifest, settings, None, SUITE_IMPLS, None):
            # The suite's main cells only: the isa and dtype sweeps are not what the claim is about.
            if cell.not_applicable is None and cell.threads == 1 and not is_axis_cell(cell.params):
                key = (cell.workload.name, cell.impl.name, tuple(cell.params.items()), cell.threads)
                if key not in have:
                    cells.append(cell)
                    have.add(key)
    cells.sort(key=lambda c: (c.workload.name, c.workload.cost(c.params)))
    return cells, problems


def settings_for(sources: list[Source], manifest: Manifest, scale: str) -> Settings:
    preset = manifest.presets["smoke" if scale == "smoke" else "quick" if scale == "default" else "full"]
    cold = any(table.timing == "cold" for source in sources for table in source.tables)
    settings = Settings.from_preset(preset, cold=cold)
    settings.cold_runs = 3 if cold and scale != "smoke" else 1
    if scale == "default":
        # One warm process per cell instead of the preset's two: a slow row at the published size then costs
        # warm-up + 3 repetitions (4 runs, not 8), so more rows are measured there and fewer extrapolated.
        settings.processes = 1
        settings.cell_budget = max(settings.cell_budget, ROW_BUDGET_S)
        settings.timeout = max(settings.timeout, 2 * ROW_BUDGET_S)  # a cell admitted by the budget is not killed
    if scale == "full":
        settings.cell_budget = 1e12
        settings.timeout = 1e7
    return settings
