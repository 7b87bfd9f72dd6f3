"""The Dask tier in a run's report and machine card.

Per python.dask cell: where the graph ran (scheduler, workers), its chunk, the tasks per graph and the
time per task (median / tasks: what each task costs the scheduler, the lesson of small chunks), beside
python.numpy at the same size. Its cold time is one whole process, so it includes starting the
scheduler's workers (the process pool or the LocalCluster) — that is what a user waits for the first time.

And the cluster of `speedlab run --dask-scheduler ADDRESS`: described once for the machine card (workers,
threads, memory per worker, versions), within the same connect timeout as the harness's.
"""

from __future__ import annotations

import os
import re
from typing import Any

from speedlab import units
from speedlab.manifest_model import format_params
from speedlab.model import Cell, as_run
from speedlab.table import Table, Value, columns, status, text

IMPL = "python.dask"
ADDRESS_ENV = "SPEEDLAB_DASK_SCHEDULER"
TIMEOUT_ENV = "SPEEDLAB_DASK_CONNECT_TIMEOUT"
ADDRESS = re.compile(r"^(tcp|tls|ws|wss|ucx|inproc)://[^\s/:]+(:\d{1,5})?$")
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


def address_problem(address: str) -> str | None:
    """Why `address` is no Dask scheduler address, or None."""
    if ADDRESS.match(address.strip()):
        return None
    return f"'{address}' is not a Dask scheduler address: expected tcp://HOST:PORT (e.g. tcp://10.0.0.5:8786)"


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
    numpy = {
        (c.workload, tuple(sorted(c.params.items()))): c
        for c in run.cells
        if c.impl == "python.numpy" and c.threads == 1
    }
    out = Table(HEADING, columns(HEADERS, left=("workload", "size", "scheduler")), anchor="dask", intro=INTRO)
    for cell in cells:
        facts, params = _facts(cell), _size_of(cell)
        seconds, approximate = cell.seconds, cell.approximate
        tasks = facts.get("tasks")
        base = numpy.get((cell.workload, tuple(sorted(params.items()))))
        base_s = base.seconds if base else None
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
                Value("duration", base_s),
                Value("ratio", base_s / seconds if seconds and base_s else None, approximate),
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


def _chunk_text(chunk: Any) -> str:
    if isinstance(chunk, int):
        return f"{chunk:,}"
    if isinstance(chunk, list):
        return " × ".join(f"{c:,}" for c in chunk)
    return "—" if chunk is None else str(chunk)


def describe_cluster(address: str | None = None) -> dict[str, Any] | None:
    """The cluster at $SPEEDLAB_DASK_SCHEDULER for the machine card; None when none is given. Unreachable:
    the address and the error (the cells say so too), never a hang."""
    address = address or os.environ.get(ADDRESS_ENV, "").strip()
    if not address:
        return None
    try:
        timeout = float(os.environ.get(TIMEOUT_ENV) or 10)
        from distributed import Client
    except (ValueError, ImportError) as error:
        return {"address": address, "error": str(error)}
    try:
        with Client(address, timeout=timeout) as client:
            info = client.scheduler_info(n_workers=-1)
            workers = list(info.get("workers", {}).values())
            versions = client.get_versions(check=False).get("scheduler", {}).get("packages", {})
    except (OSError, TimeoutError, ValueError) as error:
        return {"address": address, "error": f"not reached within {timeout:g} s: {error}"}
    return {
        "address": address,
        "workers": len(workers),
        "threads": sum(w.get("nthreads", 0) for w in workers),
        "memory_per_worker_bytes": sorted({w.get("memory_limit", 0) for w in workers}),
        "hosts": sorted({w.get("host", "") for w in workers}),
        "dask": versions.get("dask"),
        "distributed": versions.get("distributed"),
    }


def card_text(cluster: dict[str, Any]) -> str:
    if cluster.get("error"):
        return f"{cluster['address']}: {cluster['error']}"
    memory = ", ".join(f"{m / 2**30:.1f} GiB" for m in cluster.get("memory_per_worker_bytes", []))
    return (
        f"{cluster['address']}: {cluster.get('workers')} workers on {len(cluster.get('hosts', []))} host(s), "
        f"{cluster.get('threads')} threads, {memory or '?'} per worker; dask {cluster.get('dask')}, "
        f"distributed {cluster.get('distributed')}"
    )
