"""Predicting a cell's time before it runs: the budget, and the extrapolation of a cell over it.

A prediction starts from a *basis*: a time measured for the same impl at a
smaller size, scaled by the workload's cost model (`n`, `n**3`, ...). Only a
basis that can be trusted is used: a cell that passed validation (its checksum
matched, its timing was possible), or a probe whose checksum is validated
against the reference at the probe's own parameters.

Threads matter. To decide whether a cell fits the budget, a basis at fewer
threads is enough (more threads are assumed no slower, so the prediction is
conservative). A time shown for a cell that is not run is extrapolated only
from a basis at the cell's own thread count: scaling a 1-thread time would
erase the very parallel speedup the cell stands for. With none, the runner
probes at the cell's thread count.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from speedlab.manifest import format_params, is_axis_cell

if TYPE_CHECKING:
    from speedlab.run import Cell, Settings

PROBE_WARMUP_CAP_S = 0.2


def cost_model(cell: "Cell"):
    """The impl's own cost model (manifest `cost` in its entry: python.dask's fixed cost per graph), else the
    workload's."""
    return getattr(cell.impl, "cost", None) or cell.workload.cost


PROBE_MIN_TIME_S = 0.05


@dataclass
class Prediction:
    seconds_per_iteration: float
    run_seconds: float
    basis_params: dict[str, Any]
    basis_seconds: float
    basis_kind: str  # "measured" (an earlier validated cell) or "probe"
    basis_threads: int


@dataclass
class History:
    """Validated medians per (workload, impl, parameters other than the size), in measuring order."""

    entries: dict[tuple, list[tuple[dict[str, Any], int, float]]] = field(default_factory=dict)

    @staticmethod
    def key(cell: "Cell") -> tuple:
        others = tuple(sorted((k, v) for k, v in cell.params.items() if k != cell.workload.size_param))
        return (cell.workload.name, cell.impl.name, others)

    def remember(self, cell: "Cell", median_s: float) -> None:
        self.entries.setdefault(self.key(cell), []).append((dict(cell.params), cell.threads, median_s))

    def basis(self, cell: "Cell", same_threads: bool) -> tuple[dict[str, Any], int, float] | None:
        """The largest validated measurement at a size no larger than the cell's: at the cell's thread count
        (same_threads), or at fewer threads. Among equal sizes the latest wins."""
        cost = cost_model(cell)
        target = cost(cell.params)
        candidates = [
            (cost(params), index, (params, threads, seconds))
            for index, (params, threads, seconds) in enumerate(self.entries.get(self.key(cell), []))
            if cost(params) <= target and (threads == cell.threads if same_threads else threads < cell.threads)
        ]
        return max(candidates, key=lambda item: item[:2])[2] if candidates else None


def run_seconds(settings: "Settings", per_iteration: float) -> float:
    """How long the harness processes of one cell take at this per-iteration time (every process warms up,
    calibrates and times its repetitions)."""
    warmup = max(settings.warmup, per_iteration) if settings.warmup > 0 else 0.0
    calibration = settings.min_time if per_iteration < settings.min_time else 0.0
    one = warmup + calibration + settings.repetitions * max(per_iteration, settings.min_time)
    return max(1, settings.processes) * one


def scaled(
    cell: "Cell", settings: "Settings", params: dict[str, Any], threads: int, seconds: float, kind: str
) -> Prediction:
    cost = cost_model(cell)
    per_iteration = seconds * cost(cell.params) / cost(params)
    return Prediction(per_iteration, run_seconds(settings, per_iteration), dict(params), seconds, kind, threads)


def probe_params(cell: "Cell") -> dict[str, Any] | None:
    """The smoke preset's smallest size for this workload, if smaller than the cell's, at the cell's
    choices (the probe of an isa = avx2 cell runs the avx2 build)."""
    smoke = [p for p in cell.workload.sizes.get("smoke") or [] if not is_axis_cell(p)]
    if not smoke:
        return None
    probe = min(smoke, key=cost_model(cell))
    probe = {
        cell.workload.size_param: probe[cell.workload.size_param],
        **{k: v for k, v in probe.items() if k != cell.workload.size_param},
        **{k: v for k, v in cell.params.items() if isinstance(v, str)},
    }
    return probe if cost_model(cell)(probe) < cost_model(cell)(cell.params) else None


def extrapolation(cell: "Cell", settings: "Settings", prediction: Prediction) -> tuple[dict[str, Any], str]:
    """The record's `extrapolated` entry and the cell's reason."""
    entry = {
        "median_s": prediction.seconds_per_iteration,
        "model": cost_model(cell).text,
        "from_params": prediction.basis_params,
        "from_median_s": prediction.basis_seconds,
        "from": prediction.basis_kind,
        "from_threads": prediction.basis_threads,
        "predicted_run_s": prediction.run_seconds,
    }
    processes = f" in each of {settings.processes} processes" if settings.processes > 1 else ""
    reason = (
        f"not run: predicted {prediction.run_seconds:,.0f} s for warm-up and {settings.repetitions} "
        f"repetitions{processes}, over the {settings.cell_budget:,.0f} s cell budget (--budget); time "
        f"extrapolated from {format_params(prediction.basis_params)} at threads={prediction.basis_threads} "
        f"({prediction.basis_kind}) with cost model {cost_model(cell).text}"
    )
    return entry, reason
