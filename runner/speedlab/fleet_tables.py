"""What `speedlab fleet report` says: many machines side by side, as neutral tables.

Each machine is represented by its newest run in the store (history.py-style views over time are in
fleet_history.py). A cell is (workload, impl, params, threads), as in compare.py. Every cell measured on any
machine gets a row; a machine without it shows "missing" — never a dropped row — and a machine where it did
not run shows why (skipped, ✗ failed, n/a). Ratios are to the --baseline machine: its median over the
machine's, so above 1× the machine is faster.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from speedlab import report, report_guide
from speedlab.analysis import cell_seconds
from speedlab.compare import cell_key
from speedlab.fleet_store import StoredRun
from speedlab.manifest import format_params, is_axis_cell

MISSING = "missing"


class BaselineError(ValueError):
    """--baseline names no machine of the store."""


@dataclass
class FleetTable:
    heading: str
    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Fleet:
    """The newest run of every machine, and the machine the ratios are to."""

    runs: dict[str, StoredRun]  # machine id -> newest run
    baseline: str

    @property
    def machines(self) -> list[str]:
        return list(self.runs)


def fleet(store_runs: dict[str, list[StoredRun]], baseline: str | None = None) -> Fleet:
    runs = {machine: history[-1] for machine, history in store_runs.items()}
    if baseline is None:
        baseline = next(iter(runs))
    elif baseline not in runs:
        raise BaselineError(f"--baseline {baseline} is not a machine of the store; machines: {', '.join(runs)}")
    return Fleet(runs, baseline)


def cell_text(cell: dict[str, Any] | None) -> str:
    if cell is None:
        return MISSING
    seconds, approximate = cell_seconds(cell)
    if seconds is None:
        return report.STATUS_TEXT.get(cell["status"], cell["status"])
    return report.approximate_text(report.format_seconds(seconds), approximate)


def ratio(base: dict[str, Any] | None, cell: dict[str, Any] | None) -> tuple[float | None, bool]:
    """baseline's time / this machine's (above 1: faster), and whether an extrapolated time is in it."""
    if base is None or cell is None:
        return None, False
    base_s, base_approx = cell_seconds(base)
    cell_s, cell_approx = cell_seconds(cell)
    if base_s is None or cell_s is None:
        return None, False
    return base_s / cell_s, base_approx or cell_approx


def _cells(run: StoredRun) -> dict[tuple, dict[str, Any]]:
    return {cell_key(cell): cell for cell in run.document["cells"]}


def _ordered_keys(view: Fleet) -> list[tuple]:
    """Every cell of every machine once, in the order the first machine to have it lists it."""
    keys: dict[tuple, None] = {}
    for run in view.runs.values():
        for cell in run.document["cells"]:
            keys.setdefault(cell_key(cell), None)
    return list(keys)


def size_text(cells, params: tuple) -> str:
    """The cell's parameters in the order its run lists them (the key holds them sorted)."""
    first = next((cell for cell in cells if cell is not None), None)
    return format_params(first["params"] if first else dict(params))


def cells_table(view: Fleet) -> FleetTable:
    others = [m for m in view.machines if m != view.baseline]
    columns = ["workload", "size", "impl", "threads", *view.machines, *[f"{m} vs {view.baseline}" for m in others]]
    table = FleetTable("Cells: median per machine", columns)
    per_machine = {m: _cells(run) for m, run in view.runs.items()}
    for key in _ordered_keys(view):
        workload, impl, params, threads = key
        cells = {m: per_machine[m].get(key) for m in view.machines}
        row = [
            workload,
            size_text(cells.values(), params),
            impl,
            str(threads),
            *[cell_text(cells[m]) for m in view.machines],
        ]
        for machine in others:
            value, approximate = ratio(cells[view.baseline], cells[machine])
            row.append(report.format_speedup(value, approximate) if value is not None else "—")
        table.rows.append(row)
    table.notes.append(
        f"Each machine's newest run in the store. 'X vs {view.baseline}' = {view.baseline}'s "
        f"median / the machine's: above 1× the machine is faster. '{MISSING}': the machine's run "
        f"has no such cell; '~': an extrapolated time."
    )
    return table


def tier_table(view: Fleet) -> FleetTable:
    """Geometric mean per tier of each machine's ratio to the baseline, over the cells both measured."""
    tiers = _tiers(view)
    table = FleetTable(f"Geometric-mean speedup per tier (vs {view.baseline})", ["tier", *view.machines])
    base_cells = _cells(view.runs[view.baseline])
    by_machine: dict[str, dict[str, list[float]]] = {}
    for machine, run in view.runs.items():
        for key, cell in _cells(run).items():
            value, _ = ratio(base_cells.get(key), cell)
            if value is not None:
                by_machine.setdefault(machine, {}).setdefault(cell["tier"], []).append(value)
    for tier in [*tiers, "all"]:
        if tier != "all" and not any(tier in values for values in by_machine.values()):
            continue  # no machine has a ratio in this tier (a GPU tier on CPU-only machines)
        row = [tier]
        for machine in view.machines:
            values = by_machine.get(machine, {})
            chosen = [v for vs in values.values() for v in vs] if tier == "all" else values.get(tier, [])
            mean = report.geometric_mean(chosen)
            row.append(f"{report.format_speedup(mean)} ({len(chosen)})" if mean else MISSING)
        table.rows.append(row)
    table.notes.append("In brackets: the cells measured on both the machine and the baseline.")
    return table


def _tiers(view: Fleet) -> list[str]:
    tiers: dict[str, None] = {}
    for run in view.runs.values():
        for tier in run.document.get("manifest", {}).get("tiers", {}):
            tiers.setdefault(tier, None)
        for cell in run.document["cells"]:
            tiers.setdefault(cell["tier"], None)
    return [t for t in tiers if t]


def headline(document: dict[str, Any]) -> dict[str, dict[str, float]]:
    """workload -> tier -> the tier's best speedup over single-threaded python.loops at the same size
    (default choices only, as the main tables)."""
    out: dict[str, dict[str, float]] = {}
    blocks: dict[tuple, list[dict[str, Any]]] = {}
    for cell in document["cells"]:
        if not is_axis_cell(cell["params"]):
            blocks.setdefault((cell["workload"], tuple(sorted(cell["params"].items()))), []).append(cell)
    for (workload, _), cells in blocks.items():
        base = next((c for c in cells if c["impl"] == "python.loops" and c["threads"] == 1), None)
        for cell in cells:
            value, _ = ratio(base, cell)
            if value is not None and cell["impl"] != "python.loops":
                best = out.setdefault(workload, {})
                best[cell["tier"]] = max(best.get(cell["tier"], 0.0), value)
    return out


def headline_table(view: Fleet) -> FleetTable:
    tiers = [t for t in _tiers(view) if t != "interpreted"]
    table = FleetTable(
        "Headline: best speedup of each tier over python.loops, per machine", ["workload", "machine", *tiers]
    )
    matrices = {m: headline(run.document) for m, run in view.runs.items()}
    workloads = list(dict.fromkeys(w for run in view.runs.values() for w in _workload_order(run.document)))
    for workload in workloads:
        for machine in view.machines:
            best = matrices[machine].get(workload)
            row = [workload, machine]
            row += [report.format_speedup(best[t]) if best and t in best else "—" for t in tiers]
            table.rows.append(row)
    table.notes.append(
        "'—': no cell of that tier has a time beside a python.loops time at the same size on that "
        "machine (the tier did not run there, or the workload has no pure-Python impl)."
    )
    return table


def _workload_order(document: dict[str, Any]) -> list[str]:
    listed = list(document.get("manifest", {}).get("workloads", {}))
    return listed + [c["workload"] for c in document["cells"] if c["workload"] not in listed]


def cards_table(view: Fleet) -> FleetTable:
    cards = {m: dict(report_guide.machine_lines(run.document)) for m, run in view.runs.items()}
    labels = list(dict.fromkeys(label for card in cards.values() for label in card))
    table = FleetTable("Machines", ["", *view.machines])
    table.rows.append(["run", *[f"{run.run} ({run.commit})" for run in view.runs.values()]])
    table.rows += [[label, *[cards[m].get(label, "—") for m in view.machines]] for label in labels]
    return table


def all_tables(view: Fleet) -> list[FleetTable]:
    return [cards_table(view), headline_table(view), tier_table(view), cells_table(view)]
