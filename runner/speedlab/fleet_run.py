"""speedlab fleet run --dask-scheduler ADDRESS: the suite on every host of a Dask cluster, into the store.

Dask is only the courier here: the client sends each host one task, `speedlab run ...` in that worker's own
speedlab checkout (built there), and the task brings the results document back. One host at a time, and one
worker per host, so no two runs ever share a machine (they would measure each other), and the runs do not
overlap at all, so a cluster of stand-ins on one machine (a LocalCluster: --each-worker) works the same way.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from speedlab import fleet_store
from speedlab.harnesses import REPO_ROOT

TAIL = 2000  # characters of a failed run's output brought back


class FleetRunError(RuntimeError):
    """The cluster cannot be reached or has no workers: nothing ran."""


def run_here(run_args: list[str], repo: str | None = None, timeout: float | None = None) -> dict[str, Any]:
    """On a worker: `speedlab run RUN_ARGS` in the checkout at `repo` (default: the one this module was
    imported from), into a temporary results folder; its results.json comes back as text."""
    root = Path(repo or REPO_ROOT)
    with tempfile.TemporaryDirectory(prefix="speedlab-fleet-") as results:
        environment = dict(os.environ)
        # The checkout's own launcher (its .venv, where speedlab is installed: docker/install-deps.sh), else the
        # speedlab installed in this worker's environment.
        launcher = root / "speedlab"
        command = ([str(launcher)] if launcher.exists() else [sys.executable, "-m", "speedlab"]) + [
            "run",
            *run_args,
            "--results-dir",
            results,
        ]
        try:
            done = subprocess.run(command, cwd=root, env=environment, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return {"host": os.uname().nodename, "returncode": None, "error": f"speedlab run exceeded {timeout} s"}
        document = Path(results) / "latest" / "results.json"
        return {
            "host": os.uname().nodename,
            "returncode": done.returncode,
            "results": document.read_text() if document.exists() else None,
            "output_tail": (done.stdout + done.stderr)[-TAIL:],
        }


def targets(client, each_worker: bool = False) -> list[tuple[str, str]]:
    """(label, worker address): the first worker of every distinct host, or (each_worker) every worker."""
    workers = client.scheduler_info(n_workers=-1).get("workers", {})
    if not workers:
        raise FleetRunError("the Dask cluster has no workers: start dask worker on each host first")
    chosen: dict[str, str] = {}
    for address, info in sorted(workers.items()):
        label = address if each_worker else info.get("host", address)
        chosen.setdefault(label, address)
    return list(chosen.items())


@dataclass
class Outcome:
    label: str
    added: fleet_store.Added | None
    problem: str | None


def run_fleet(
    address: str,
    run_args: list[str],
    store: Path,
    each_worker: bool = False,
    repo: str | None = None,
    timeout: float = 10.0,
    run_timeout: float | None = None,
    report=print,
) -> list[Outcome]:
    """One `speedlab run` per host (or worker), one after another; each result goes into the store."""
    from distributed import Client

    try:
        client = Client(address, timeout=timeout)
    except (OSError, TimeoutError, ValueError) as error:
        raise FleetRunError(
            f"cannot reach the Dask scheduler at {address} within {timeout:g} s ({error}): "
            f"check the address and that the scheduler runs"
        ) from None
    outcomes = []
    with client:
        chosen = targets(client, each_worker)
        for index, (label, worker) in enumerate(chosen):
            report(f"[{index + 1}/{len(chosen)}] speedlab run on {label} ({worker}) ...")
            future = client.submit(
                run_here,
                run_args,
                repo,
                run_timeout,
                workers=[worker],
                allow_other_workers=False,
                pure=False,
                key=f"speedlab-fleet-run-{index}-{os.getpid()}",
            )
            outcomes.append(_store_result(store, label, future.result(), index if each_worker else None))
            report(f"    {outcomes[-1].problem or 'stored ' + str(outcomes[-1].added.path)}")
    return outcomes


def _store_result(store: Path, label: str, result: dict[str, Any], worker_index: int | None) -> Outcome:
    if result.get("results") is None:
        why = result.get("error") or f"speedlab run exited with {result.get('returncode')} and wrote no results"
        return Outcome(label, None, f"{label}: {why}\n{result.get('output_tail', '')}")
    document = json.loads(result["results"])
    if document.get("schema") != "speedlab-results/1":
        return Outcome(label, None, f"{label}: the worker's speedlab wrote schema {document.get('schema')!r}")
    document["run"]["fleet"] = {"worker": label, "host": result.get("host"), "returncode": result.get("returncode")}
    machine = None
    if worker_index is not None:  # stand-ins on one machine: one machine id per worker
        machine = f"{fleet_store.machine_id(document)}-worker{worker_index}"
    return Outcome(label, fleet_store.add_document(store, document, Path(label), machine), None)
