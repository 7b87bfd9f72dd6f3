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

from speedlab import dask_out_of_core, report
from speedlab.analysis import cell_seconds
from speedlab.manifest import format_params

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
COLD_NOTE = (
    "cold: one whole harness process, so it includes starting the scheduler's workers (the spawned "
    "process pool, or the LocalCluster and its worker processes), which the warm median leaves out."
)


def address_problem(address: str) -> str | None:
    """Why `address` is no Dask scheduler address, or None."""
    if ADDRESS.match(address.strip()):
        return None
    return f"'{address}' is not a Dask scheduler address: expected tcp://HOST:PORT (e.g. tcp://10.0.0.5:8786)"


def _facts(cell: dict[str, Any]) -> dict[str, Any]:
    context = (cell.get("harness_output") or {}).get("context") or {}
    return (context.get("speedlab") or {}).get("dask") or {}


def rows(document: dict[str, Any]) -> list[list[str]]:
    order = ["threads", "processes", "local_cluster", "cluster"]

    def size_of(cell: dict[str, Any]) -> dict[str, Any]:  # the params but where the graph runs and its chunk
        return {k: v for k, v in cell["params"].items() if k not in ("scheduler", "chunk")}

    def chunk_of(cell: dict[str, Any]) -> int:
        chunk = _facts(cell).get("chunk")
        return chunk if isinstance(chunk, int) else 0

    def sort_key(cell: dict[str, Any]) -> tuple:
        scheduler = cell["params"].get("scheduler", "threads")
        return (
            cell["workload"],
            sorted(size_of(cell).items()),
            order.index(scheduler) if scheduler in order else len(order),
            cell["threads"],
            chunk_of(cell),
        )

    cells = sorted((c for c in document["cells"] if c["impl"] == IMPL), key=sort_key)
    # NumPy on one thread where the run has it; a multi-threaded one (matmul's BLAS) where it has only that
    numpy: dict[tuple, dict[str, Any]] = {}
    for c in sorted(
        (c for c in document["cells"] if c["impl"] == "python.numpy"), key=lambda c: (c["threads"] == 1, c["threads"])
    ):
        numpy[(c["workload"], tuple(sorted(c["params"].items())))] = c
    out = []
    for cell in cells:
        facts = _facts(cell)
        params = size_of(cell)
        scheduler = cell["params"].get("scheduler", "threads")
        seconds, approximate = cell_seconds(cell)
        tasks = facts.get("tasks")
        base = numpy.get((cell["workload"], tuple(sorted(params.items()))))
        base_s, base_approximate = cell_seconds(base) if base else (None, False)
        cold = (cell.get("cold") or {}).get("wall_s")
        median = (
            report.approximate_text(report.format_seconds(seconds), approximate)
            if seconds
            else report.STATUS_TEXT.get(cell["status"], cell["status"])
        )
        out.append(
            [
                cell["workload"],
                format_params(params),
                scheduler,
                str(facts.get("workers", cell["threads"])),
                _chunk_text(facts.get("chunk")),
                median,
                str(tasks) if tasks else "—",
                report.format_seconds(seconds / tasks) if seconds and tasks else "—",
                report.approximate_text(report.format_seconds(base_s), base_approximate) if base_s else "—",
                report.format_speedup(base_s / seconds, approximate or base_approximate) if seconds and base_s else "—",
                report.format_seconds(cold),
            ]
        )
    return out


def crossovers(document: dict[str, Any]) -> list[str]:
    """Per workload, size, scheduler and threads with cells at several chunk sizes: the smallest chunk at
    which python.dask is no slower than single-threaded python.numpy at the same size (the cost per task
    stops dominating), or that it never got there."""
    groups: dict[tuple, list[tuple[int, float]]] = {}
    numpy: dict[tuple, float] = {}
    for cell in document["cells"]:
        seconds, approximate = cell_seconds(cell)
        if seconds is None or approximate:
            continue
        base = tuple(sorted((k, v) for k, v in cell["params"].items() if k not in ("scheduler", "chunk")))
        if cell["impl"] == "python.numpy" and cell["threads"] == 1 and len(base) == len(cell["params"]):
            numpy[(cell["workload"], base)] = seconds
        chunk = _facts(cell).get("chunk")
        if cell["impl"] == IMPL and isinstance(chunk, int):
            key = (cell["workload"], base, cell["params"].get("scheduler", "threads"), cell["threads"])
            groups.setdefault(key, []).append((chunk, seconds))
    out = []
    for (workload, base, scheduler, threads), points in groups.items():
        target = numpy.get((workload, base))
        if len(points) < 2 or target is None:
            continue
        points.sort()
        size = format_params(dict(base))
        winning = next((chunk for chunk, seconds in points if seconds <= target), None)
        times = ", ".join(f"{chunk:,}: {report.format_seconds(seconds)}" for chunk, seconds in points)
        verdict = (
            f"stops losing to python.numpy ({report.format_seconds(target)}) at chunks of {winning:,} values"
            if winning is not None
            else f"never reaches python.numpy ({report.format_seconds(target)})"
        )
        out.append(f"{workload} {size}, scheduler {scheduler}, {threads} thread(s): {verdict} (chunk: time — {times})")
    return out


def _chunk_text(chunk: Any) -> str:
    if isinstance(chunk, int):
        return f"{chunk:,}"
    if isinstance(chunk, list):
        return " × ".join(f"{c:,}" for c in chunk)
    return "—" if chunk is None else str(chunk)


def notes(document: dict[str, Any]) -> list[str]:
    """The section's notes below its table: the cold time's start-up, the crossovers, the out-of-core run."""
    return [COLD_NOTE, *crossovers(document), *dask_out_of_core.findings(document)]


def markdown_lines(document: dict[str, Any]) -> list[str]:
    table = rows(document)
    if not table:
        return []
    lines = [
        "## The Dask tier: cost per task",
        "",
        "python.dask runs each workload as a dask.array graph; time per task = median / tasks in the graph. "
        "vs python.numpy: above 1× Dask is faster; ~: extrapolated, not run. " + COLD_NOTE,
        "",
        "| " + " | ".join(HEADERS) + " |",
        "|" + "|".join(["---"] * len(HEADERS)) + "|",
    ]
    lines += ["| " + " | ".join(report.md_escape(v) for v in row) + " |" for row in table]
    found = crossovers(document)
    if found:
        lines += ["", "Where Dask stops losing to NumPy (the chunk sweep):", ""]
        lines += [f"- {report.md_escape(line)}" for line in found]
    for finding in dask_out_of_core.findings(document):
        lines += ["", report.md_escape(finding)]
    cluster = document.get("machine", {}).get("dask_cluster")
    if cluster:
        lines += ["", f"Cluster: {report.md_escape(card_text(cluster))}"]
    return lines + [""]


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
