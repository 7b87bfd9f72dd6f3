"""The Dask tier in a run's report.

Per python.dask cell: where the graph ran (scheduler, workers), its chunk, the tasks per graph and the
time per task (median / tasks: what each task costs the scheduler, the lesson of small chunks), beside
python.numpy at the same size. Its cold time is one whole process, so it includes starting the
scheduler's workers (the process pool or the LocalCluster) — that is what a user waits for the first time.

The cluster of `speedlab run --dask-scheduler ADDRESS` is machine facts: dask_cluster.py (its names stay
importable from here).
"""

from __future__ import annotations

from typing import Any

from speedlab import dask_out_of_core, units
from speedlab.dask_cluster import ADDRESS_ENV, TIMEOUT_ENV, address_problem, card_text, describe_cluster
from speedlab.manifest_model import format_params
from speedlab.model import Cell, as_run
from speedlab.table import Table, Value, columns, status, text

__all__ = ["ADDRESS_ENV", "TIMEOUT_ENV", "address_problem", "card_text", "describe_cluster"]
IMPL = "python.dask"
HEADERS = [
    "workload",
    "size",
    "scheduler",
    "workers",
    "chunk",
    "median",
    "tasks",
    "time per task",
    "python.numpy",
    "vs python.numpy",
    "cold (with start-up)",
]
HEADING = "The Dask tier: cost per task"
COLD_NOTE = (
    "cold: one whole harness process, so it includes starting the scheduler's workers (the spawned "
    "process pool, or the LocalCluster and its worker processes), which the warm median leaves out."
)
INTRO = (
    "python.dask runs each workload as a dask.array graph; time per task = median / tasks in the graph. "
    "vs python.numpy: above 1× Dask is faster; ~: extrapolated, not run. " + COLD_NOTE
)
CROSSOVER_INTRO = "Where Dask stops losing to NumPy (the chunk sweep):"


def _facts(cell: Cell) -> dict[str, Any]:
    context = (cell.record.get("harness_output") or {}).get("context") or {}
    return (context.get("speedlab") or {}).get("dask") or {}


_SCHEDULERS = ["threads", "processes", "local_cluster", "cluster"]


def _size_of(cell: Cell) -> dict[str, Any]:  # the params but where the graph runs and its chunk
    return {k: v for k, v in cell.params.items() if k not in ("scheduler", "chunk")}


def _sort_key(cell: Cell) -> tuple:
    scheduler = cell.params.get("scheduler", "threads")
    chunk = _facts(cell).get("chunk")
    return (
        cell.workload,
        sorted(_size_of(cell).items()),
        _SCHEDULERS.index(scheduler) if scheduler in _SCHEDULERS else len(_SCHEDULERS),
        cell.threads,
        chunk if isinstance(chunk, int) else 0,
    )


def table(document: dict[str, Any]) -> Table | None:
    """Per python.dask cell: where it ran, its chunk, tasks and time per task beside python.numpy; None
    without a python.dask cell."""
    run = as_run(document)
    cells = sorted((c for c in run.cells if c.impl == IMPL), key=_sort_key)
    if not cells:
        return None
    # NumPy on one thread where the run has it; a multi-threaded one (matmul's BLAS) where it has only that
    numpy: dict[tuple, Cell] = {}
    for c in sorted((c for c in run.cells if c.impl == "python.numpy"), key=lambda c: (c.threads == 1, c.threads)):
        numpy[(c.workload, tuple(sorted(c.params.items())))] = c
    out = Table(HEADING, columns(HEADERS, left=("workload", "size", "scheduler")), anchor="dask", intro=INTRO)
    for cell in cells:
        facts, params = _facts(cell), _size_of(cell)
        seconds, approximate = cell.seconds, cell.approximate
        tasks = facts.get("tasks")
        base = numpy.get((cell.workload, tuple(sorted(params.items()))))
        base_s, base_approximate = (base.seconds, base.approximate) if base else (None, False)
        out.add(
            [
                text(cell.workload),
                text(format_params(params)),
                text(cell.params.get("scheduler", "threads")),
                text(str(facts.get("workers", cell.threads))),
                text(_chunk_text(facts.get("chunk"))),
                Value("duration", seconds, approximate)
                if seconds
                else status(units.STATUS_TEXT.get(cell.status, cell.status)),
                text(str(tasks) if tasks else units.MISSING),
                Value("duration", seconds / tasks if seconds and tasks else None),
                Value("duration", base_s, base_approximate),
                Value("ratio", base_s / seconds if seconds and base_s else None, approximate or base_approximate),
                Value("duration", cell.statistics.cold.wall_s if cell.statistics.cold else None),
            ]
        )
    return out


def crossovers(document: dict[str, Any]) -> list[str]:
    """Per workload, size, scheduler and threads with cells at several chunk sizes: the smallest chunk at
    which python.dask is no slower than single-threaded python.numpy at the same size (the cost per task
    stops dominating), or that it never got there."""
    groups: dict[tuple, list[tuple[int, float]]] = {}
    numpy: dict[tuple, float] = {}
    for cell in as_run(document).cells:
        seconds = cell.seconds
        if seconds is None or cell.approximate:
            continue
        base = tuple(sorted((k, v) for k, v in cell.params.items() if k not in ("scheduler", "chunk")))
        if cell.impl == "python.numpy" and cell.threads == 1 and len(base) == len(cell.params):
            numpy[(cell.workload, base)] = seconds
        chunk = _facts(cell).get("chunk")
        if cell.impl == IMPL and isinstance(chunk, int):
            key = (cell.workload, base, cell.params.get("scheduler", "threads"), cell.threads)
            groups.setdefault(key, []).append((chunk, seconds))
    out = []
    for (workload, base, scheduler, threads), points in groups.items():
        target = numpy.get((workload, base))
        if len(points) < 2 or target is None:
            continue
        points.sort()
        size = format_params(dict(base))
        winning = next((chunk for chunk, seconds in points if seconds <= target), None)
        times = ", ".join(f"{chunk:,}: {units.seconds(seconds)}" for chunk, seconds in points)
        verdict = (
            f"stops losing to python.numpy ({units.seconds(target)}) at chunks of {winning:,} values"
            if winning is not None
            else f"never reaches python.numpy ({units.seconds(target)})"
        )
        out.append(f"{workload} {size}, scheduler {scheduler}, {threads} thread(s): {verdict} (chunk: time — {times})")
    return out


def notes(document: dict[str, Any]) -> list[str]:
    """The section's notes below its table: the cold time's start-up, the crossovers, the out-of-core run."""
    return [COLD_NOTE, *crossovers(document), *dask_out_of_core.findings(document)]


def _chunk_text(chunk: Any) -> str:
    if isinstance(chunk, int):
        return f"{chunk:,}"
    if isinstance(chunk, list):
        return " × ".join(f"{c:,}" for c in chunk)
    return "—" if chunk is None else str(chunk)
