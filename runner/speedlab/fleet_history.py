"""`speedlab fleet history`: the runs of one machine over time.

Per cell, a column per run (oldest first, labelled with the speedlab commit it was made with), the median
across runs, and the changes: between each run and the one before it, a change is flagged only when it is
significant — the compare test (Mann-Whitney U on the raw repetitions, Benjamini-Hochberg across the
cells of that pair of runs, compare.py) — *and* larger than the noise: the ratio of medians differs from 1
by more than the wider coefficient of variation of the two cells. A significant 1% shift on a cell that
scatters by 8% is not called a change, and neither is a large ratio the test cannot separate from chance.
"""

from __future__ import annotations

import math
import statistics
from typing import Any

from speedlab import compare, report
from speedlab.analysis import cell_seconds
from speedlab.compare import cell_key
from speedlab.fleet_store import StoredRun
from speedlab.fleet_tables import MISSING, FleetTable, cell_text, size_text
from speedlab.manifest import format_params


def run_label(run: StoredRun) -> str:
    return f"{run.run} @ {run.commit}"


def noise(cell: dict[str, Any]) -> float:
    return float((cell.get("summary") or {}).get("cv") or 0.0)


def changes(runs: list[StoredRun], alpha: float = compare.DEFAULT_ALPHA) -> dict[tuple, list[str]]:
    """cell key -> the significant changes above the noise, one text per pair of consecutive runs."""
    out: dict[tuple, list[str]] = {}
    for before, after in zip(runs, runs[1:]):
        comparison = compare.compare(before.document, after.document, alpha)
        for row in comparison.rows:
            if row.verdict not in ("B faster", "B slower") or not row.speedup:
                continue
            threshold = max(noise(row.a), noise(row.b))
            if abs(math.log(row.speedup)) <= math.log1p(threshold):
                continue
            word = "faster" if row.speedup > 1 else "slower"
            factor = row.speedup if row.speedup > 1 else 1 / row.speedup
            out.setdefault(row.key, []).append(
                f"{after.run}: {factor:.3g}× {word} (adjusted p {row.p_adjusted:.3g}, noise {threshold:.1%})"
            )
    return out


def history_table(machine: str, runs: list[StoredRun], alpha: float = compare.DEFAULT_ALPHA) -> FleetTable:
    columns = ["workload", "size", "impl", "threads", *[run_label(r) for r in runs], "median across runs", "changes"]
    table = FleetTable(f"History of {machine} ({len(runs)} run{'s' if len(runs) != 1 else ''})", columns)
    per_run = [{cell_key(c): c for c in run.document["cells"]} for run in runs]
    keys = list(dict.fromkeys(key for cells in per_run for key in cells))
    flagged = changes(runs, alpha)
    for key in keys:
        workload, impl, params, threads = key
        cells = [cells.get(key) for cells in per_run]
        measured = [s for s, approx in (cell_seconds(c) for c in cells if c is not None) if s and not approx]
        across = report.format_seconds(statistics.median(measured)) if measured else "—"
        table.rows.append(
            [
                workload,
                size_text(cells, params),
                impl,
                str(threads),
                *[cell_text(c) for c in cells],
                across,
                "; ".join(flagged.get(key, [])) or "—",
            ]
        )
    table.notes.append(
        "Columns: the machine's runs, oldest first, each with the speedlab commit it was made with. "
        f"'{MISSING}': that run has no such cell. A change is flagged only when the compare test "
        f"calls it (Mann-Whitney U, Benjamini-Hochberg, alpha {alpha}) and the ratio exceeds the "
        "cells' spread (coefficient of variation)."
    )
    return table


def series(runs: list[StoredRun], workload: str) -> dict[str, list[float | None]]:
    """line label -> the median of each run (None where the run has no measured cell), for the chart."""
    out: dict[str, list[float | None]] = {}
    for index, run in enumerate(runs):
        for cell in run.document["cells"]:
            if cell["workload"] != workload:
                continue
            label = f"{cell['impl']} {format_params(cell['params'])} {cell['threads']}t"
            seconds, approximate = cell_seconds(cell)
            out.setdefault(label, [None] * len(runs))[index] = None if approximate else seconds
    return {label: values for label, values in out.items() if any(v is not None for v in values)}


def chart(runs: list[StoredRun], workload: str) -> str | None:
    """Median against run, log time, one line per cell of the workload; None with fewer than two runs."""
    lines = series(runs, workload)
    if len(runs) < 2 or not lines:
        return None
    from speedlab import charts

    plt = charts.plt
    figure, axes = plt.subplots(figsize=(7.5, 3.6))
    for index, (label, values) in enumerate(lines.items()):
        points = [(i, v) for i, v in enumerate(values) if v is not None]
        axes.plot(
            [p[0] for p in points],
            [p[1] for p in points],
            marker=charts.MARKERS[index % len(charts.MARKERS)],
            linewidth=1,
            markersize=3,
            label=label,
        )
    axes.set_yscale("log")
    axes.set_xticks(range(len(runs)), [f"{r.started[:16]}\n{r.commit}" for r in runs], fontsize=6)
    axes.set_ylabel("median time (s, log)")
    axes.set_title(f"{workload}: median per run", loc="left", fontsize=10)
    if len(lines) <= 16:
        axes.legend(fontsize=6, frameon=False, loc="center left", bbox_to_anchor=(1.0, 0.5))
    return charts._svg(figure)


def workloads(runs: list[StoredRun]) -> list[str]:
    return list(dict.fromkeys(cell["workload"] for run in runs for cell in run.document["cells"]))
