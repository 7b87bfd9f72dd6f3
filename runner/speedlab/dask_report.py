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

from speedlab import report
from speedlab.analysis import cell_seconds
from speedlab.manifest import format_params

IMPL = "python.dask"
ADDRESS_ENV = "SPEEDLAB_DASK_SCHEDULER"
TIMEOUT_ENV = "SPEEDLAB_DASK_CONNECT_TIMEOUT"
ADDRESS = re.compile(r"^(tcp|tls|ws|wss|ucx|inproc)://[^\s/:]+(:\d{1,5})?$")
HEADERS = ["workload", "size", "scheduler", "workers", "chunk", "median", "tasks", "time per task", "python.numpy",
           "vs python.numpy", "cold (with start-up)"]
COLD_NOTE = ("cold: one whole harness process, so it includes starting the scheduler's workers (the spawned "
             "process pool, or the LocalCluster and its worker processes), which the warm median leaves out.")


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
    cells = sorted((c for c in document["cells"] if c["impl"] == IMPL),
                   key=lambda c: (c["workload"], sorted((k, v) for k, v in c["params"].items() if k != "scheduler"),
                                  order.index(c["params"].get("scheduler", "threads"))
                                  if c["params"].get("scheduler", "threads") in order else len(order), c["threads"]))
    numpy = {(c["workload"], tuple(sorted(c["params"].items()))): c for c in document["cells"]
             if c["impl"] == "python.numpy" and c["threads"] == 1}
    out = []
    for cell in cells:
        facts = _facts(cell)
        params = {k: v for k, v in cell["params"].items() if k != "scheduler"}
        scheduler = cell["params"].get("scheduler", "threads")
        seconds, _ = cell_seconds(cell)
        tasks = facts.get("tasks")
        base = numpy.get((cell["workload"], tuple(sorted(params.items()))))
        base_s = cell_seconds(base)[0] if base else None
        cold = (cell.get("cold") or {}).get("wall_s")
        median = report.format_seconds(seconds) if seconds else report.STATUS_TEXT.get(cell["status"], cell["status"])
        out.append([cell["workload"], format_params(params), scheduler, str(facts.get("workers", cell["threads"])),
                    str(facts.get("chunk", "—")), median, str(tasks) if tasks else "—",
                    report.format_seconds(seconds / tasks) if seconds and tasks else "—",
                    report.format_seconds(base_s), report.format_speedup(base_s / seconds)
                    if seconds and base_s else "—", report.format_seconds(cold)])
    return out


def markdown_lines(document: dict[str, Any]) -> list[str]:
    table = rows(document)
    if not table:
        return []
    lines = ["## The Dask tier: cost per task", "",
             "python.dask runs each workload as a dask.array graph; time per task = median / tasks in the graph. "
             "vs python.numpy: above 1× Dask is faster. " + COLD_NOTE, "",
             "| " + " | ".join(HEADERS) + " |", "|" + "|".join(["---"] * len(HEADERS)) + "|"]
    lines += ["| " + " | ".join(report.md_escape(v) for v in row) + " |" for row in table]
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
    return {"address": address, "workers": len(workers), "threads": sum(w.get("nthreads", 0) for w in workers),
            "memory_per_worker_bytes": sorted({w.get("memory_limit", 0) for w in workers}),
            "hosts": sorted({w.get("host", "") for w in workers}),
            "dask": versions.get("dask"), "distributed": versions.get("distributed")}


def card_text(cluster: dict[str, Any]) -> str:
    if cluster.get("error"):
        return f"{cluster['address']}: {cluster['error']}"
    memory = ", ".join(f"{m / 2**30:.1f} GiB" for m in cluster.get("memory_per_worker_bytes", []))
    return (f"{cluster['address']}: {cluster.get('workers')} workers on {len(cluster.get('hosts', []))} host(s), "
            f"{cluster.get('threads')} threads, {memory or '?'} per worker; dask {cluster.get('dask')}, "
            f"distributed {cluster.get('distributed')}")
