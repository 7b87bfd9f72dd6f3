"""Where a python.dask impl's graph runs: the `scheduler` choice parameter.

    threads        dask's threaded scheduler, `threads` worker threads in the harness process (NumPy releases
                   the GIL inside its loops, so chunks run in parallel)
    processes      dask's multiprocessing scheduler over a pool of `threads` spawned worker processes, made in
                   prepare: every task's chunks are pickled to a worker and its result back
    local_cluster  a distributed.LocalCluster of `threads` worker processes (one thread each), started in
                   prepare (untimed: the cold, whole-process time includes it); inputs live on the workers
    cluster        an existing Dask cluster at $SPEEDLAB_DASK_SCHEDULER (speedlab run --dask-scheduler
                   tcp://HOST:8786), reached within SPEEDLAB_DASK_CONNECT_TIMEOUT seconds (default 10) or the
                   cell fails with the address and the reason; inputs live on its workers

Inside a task NumPy's BLAS runs one thread: the scheduler's workers are the parallelism (threads x BLAS
threads would oversubscribe the cores). Everything here is untimed set-up; the kernels only compute.
"""

from __future__ import annotations

import atexit
import os
from dataclasses import dataclass, field
from typing import Any

from python_baselines.registry import ParamError, Params, SkipBenchmark

SCHEDULERS = ("threads", "processes", "local_cluster", "cluster")
DEFAULT = "threads"
ADDRESS_ENV = "SPEEDLAB_DASK_SCHEDULER"
TIMEOUT_ENV = "SPEEDLAB_DASK_CONNECT_TIMEOUT"
DEFAULT_TIMEOUT_S = 10.0


def modules():
    """dask and dask.array, or the cell is skipped with what to install."""
    try:
        import dask
        import dask.array as da
    except ImportError:
        raise SkipBenchmark(
            "dask is not installed: pip install 'dask[array]' distributed (requirements.txt pins both)"
        ) from None
    return dask, da


def connect_timeout() -> float:
    text = os.environ.get(TIMEOUT_ENV, "")
    try:
        value = float(text) if text else DEFAULT_TIMEOUT_S
    except ValueError:
        raise ParamError(f"{TIMEOUT_ENV}={text!r} is not a number of seconds") from None
    if not value > 0:
        raise ParamError(f"{TIMEOUT_ENV}={text!r} must be a positive number of seconds")
    return value


@dataclass
class Scheduler:
    """How to compute a collection on the chosen scheduler; `client` for the distributed ones."""

    name: str
    workers: int
    client: Any = None
    pool: Any = None
    facts: dict[str, Any] = field(default_factory=dict)

    def persist(self, collection):
        """The inputs, generated chunk by chunk where the graph runs (untimed)."""
        if self.client is not None:
            from distributed import wait

            collection = self.client.persist(collection)
            wait(collection)
            return collection
        return collection.persist(**self.options())

    def options(self) -> dict[str, Any]:
        if self.name == "threads":
            return {"scheduler": "threads", "num_workers": self.workers}
        if self.name == "processes":
            return {"scheduler": "processes", "pool": self.pool}
        return {"scheduler": self.client}

    def compute(self, collection):
        return collection.compute(**self.options())


def _client_facts(client) -> dict[str, Any]:
    """Workers, threads, memory per worker and versions: what the machine card records of a cluster."""
    info = client.scheduler_info(n_workers=-1)  # -1: every worker (the default lists a few)
    workers = list(info.get("workers", {}).values())
    versions = client.get_versions(check=False).get("client", {}).get("packages", {})
    return {
        "address": info.get("address"),
        "workers": len(workers),
        "threads": sum(w.get("nthreads", 0) for w in workers),
        "memory_per_worker_bytes": sorted({w.get("memory_limit", 0) for w in workers}),
        "hosts": sorted({w.get("host", "") for w in workers}),
        "dask": versions.get("dask"),
        "distributed": versions.get("distributed"),
    }


def _local_cluster(workers: int):
    from distributed import Client, LocalCluster

    cluster = LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
    )  # logging.ERROR: the harness's stdout is JSON, its stderr the reason
    client = Client(cluster)
    atexit.register(cluster.close)
    atexit.register(client.close)
    return client


def _remote_client():
    from distributed import Client

    address = os.environ.get(ADDRESS_ENV, "").strip()
    if not address:
        raise SkipBenchmark(
            f"no Dask cluster given: pass speedlab run --dask-scheduler tcp://HOST:8786 (or set "
            f"{ADDRESS_ENV}) to run scheduler=cluster"
        )
    timeout = connect_timeout()
    try:
        client = Client(address, timeout=timeout)
    except (OSError, TimeoutError, ValueError) as error:
        raise ParamError(
            f"cannot reach the Dask scheduler at {address} within {timeout:g} s ({error}): check the "
            f"address given by --dask-scheduler / {ADDRESS_ENV}, that the scheduler runs and that "
            f"its port is open (connect timeout: {TIMEOUT_ENV})"
        ) from None
    atexit.register(client.close)
    return client


def scheduler(params: Params) -> Scheduler:
    """The scheduler the cell asks for, started now (untimed)."""
    dask, _ = modules()
    name = params.choice("scheduler", DEFAULT, SCHEDULERS)
    workers = params.threads
    _single_threaded_blas()
    if name == "threads":
        return Scheduler(name, workers, facts={"dask": dask.__version__})
    if name == "processes":
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
        list(pool.map(abs, range(workers)))  # start every worker now, not in the first timed compute
        atexit.register(pool.shutdown)
        return Scheduler(name, workers, pool=pool, facts={"dask": dask.__version__})
    client = _local_cluster(workers) if name == "local_cluster" else _remote_client()
    facts = _client_facts(client)
    return Scheduler(name, facts["workers"], client=client, facts=facts)


def _single_threaded_blas() -> None:
    try:
        from threadpoolctl import threadpool_limits

        threadpool_limits(limits=1)
    except Exception:  # noqa: BLE001 - without threadpoolctl the env vars still apply
        pass


def context(chosen: Scheduler, collection, chunk: Any) -> dict[str, Any]:
    """The facts a row needs beside its median: the scheduler, its workers, the chunk and tasks per graph."""
    return {
        "dask": {
            "scheduler": chosen.name,
            "workers": chosen.workers,
            "chunk": chunk,
            "tasks": len(collection.__dask_graph__()),
            **chosen.facts,
        }
    }
