"""The Dask cluster of `speedlab run --dask-scheduler ADDRESS`: its address checked, and described once for
the machine card (workers, threads, memory per worker, versions) within the same connect timeout as the
harness's. Machine facts, like sysinfo.py; dask_report.py is the Dask tier's tables.
"""

from __future__ import annotations

import os
import re
from typing import Any

ADDRESS_ENV = "SPEEDLAB_DASK_SCHEDULER"
TIMEOUT_ENV = "SPEEDLAB_DASK_CONNECT_TIMEOUT"
ADDRESS = re.compile(r"^(tcp|tls|ws|wss|ucx|inproc)://[^\s/:]+(:\d{1,5})?$")


def address_problem(address: str) -> str | None:
    """Why `address` is no Dask scheduler address, or None."""
    if ADDRESS.match(address.strip()):
        return None
    return f"'{address}' is not a Dask scheduler address: expected tcp://HOST:PORT (e.g. tcp://10.0.0.5:8786)"


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
