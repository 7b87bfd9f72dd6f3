"""The fleet's results store: runs of many machines, kept as asv keeps them.

reports/fleet/
    <machine-id>/machine.json   the machine card of the first run stored for it
    <machine-id>/<run-id>.json  one speedlab results document per run, copied whole

The machine id comes from the card (CPU model, cores, memory, GPU), so runs of one machine land together
whatever host name it had, and a run made elsewhere lands under its own machine. The store is append-only:
a run id already stored (under any machine) is skipped, never overwritten, so adding the same folder twice,
or runs copied from several laptops that include each other's, is harmless.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from speedlab import jsonio, results
from speedlab.harnesses import REPO_ROOT

DEFAULT_STORE = REPO_ROOT / "reports" / "fleet"
MACHINE_FILE = "machine.json"


class FleetError(ValueError):
    """A file that is not a speedlab results document, or a store that cannot be read: bad input (exit 2)."""


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9_]+", "-", str(text).lower()).strip("-") or "unknown"


def machine_id(document: dict[str, Any]) -> str:
    """cpu-model_Nc_MGiB_gpu, e.g. amd-epyc_2c_24gib_nogpu: what makes two machines measure differently."""
    machine = document.get("machine") or {}
    cpu = machine.get("cpu") or {}
    cores = cpu.get("physical_cores") or cpu.get("logical_cpus") or 0
    memory = (machine.get("memory") or {}).get("total_bytes") or 0
    gpu = machine.get("gpu") or {}
    devices = (gpu.get("devices") or []) if gpu.get("present") else []
    gpu_text = f"{len(devices)}x-{_slug(devices[0].get('name', 'gpu'))}" if devices else "nogpu"
    return f"{_slug(cpu.get('model', 'unknown-cpu'))}_{cores}c_{round(memory / 2**30)}gib_{gpu_text}"


def run_id(document: dict[str, Any]) -> str:
    """The run's id as a file name (run ids are folder names already; anything odd is replaced)."""
    raw = str((document.get("run") or {}).get("id") or "")
    if not raw:
        raise FleetError("the results document has no run id (run.id): it was not written by speedlab run")
    return re.sub(r"[^A-Za-z0-9._-]+", "_", raw)


def load_document(source: Path) -> dict[str, Any]:
    """A run folder or its results.json; anything else is a FleetError that says what to pass."""
    try:
        return results.load(Path(source))
    except FileNotFoundError as error:
        raise FleetError(str(error)) from None
    except ValueError as error:
        raise FleetError(f"refusing {source}: {error}") from None


@dataclass(frozen=True)
class Added:
    source: Path
    machine: str
    run: str
    path: Path
    added: bool  # False: the run id was already in the store (nothing written)


def stored_run_paths(store: Path) -> dict[str, Path]:
    """run id -> its file, across every machine of the store."""
    if not store.is_dir():
        return {}
    return {path.stem: path for path in sorted(store.glob("*/*.json")) if path.name != MACHINE_FILE}


def add(store: Path, source: Path, machine: str | None = None) -> Added:
    """Copies one run into the store (machine: an id to file it under instead of the card's, for a
    stand-in machine). Writes through a temporary file and a hard link, so two adds of one run at once
    cannot both write it, and an existing file is never replaced."""
    return add_document(store, load_document(source), Path(source), machine)


def add_document(store: Path, document: dict[str, Any], source: Path, machine: str | None = None) -> Added:
    """add() for a document already loaded (fleet run: one that came back from a worker)."""
    machine = _slug(machine) if machine else machine_id(document)
    run = run_id(document)
    existing = stored_run_paths(store).get(run)
    if existing is not None:
        return Added(Path(source), existing.parent.name, run, existing, False)
    folder = store / machine
    folder.mkdir(parents=True, exist_ok=True)
    card = folder / MACHINE_FILE
    if not card.exists():
        jsonio.write(card, {"machine_id": machine, "machine": document.get("machine") or {}})
    target = folder / f"{run}.json"
    tmp = folder / f".{run}.{os.getpid()}.tmp"
    jsonio.write(tmp, document)
    try:
        os.link(tmp, target)
    except FileExistsError:
        return Added(Path(source), machine, run, target, False)
    finally:
        tmp.unlink(missing_ok=True)
    return Added(Path(source), machine, run, target, True)


@dataclass
class StoredRun:
    machine: str
    run: str
    path: Path
    document: dict[str, Any]

    @property
    def started(self) -> str:
        return str(self.document["run"].get("started_utc") or "")

    @property
    def commit(self) -> str:
        git = self.document["run"].get("git") or {}
        commit = (git.get("commit") or "unknown")[:10]
        return commit + ("+dirty" if git.get("dirty") else "")


def load_store(store: Path) -> dict[str, list[StoredRun]]:
    """machine id -> its runs, oldest first; a damaged file in the store is a FleetError naming it."""
    if not store.is_dir():
        raise FleetError(
            f"no fleet store at {store}: add runs first (speedlab fleet add reports/runs/*) "
            f"or name the store with --store DIR"
        )
    out: dict[str, list[StoredRun]] = {}
    for run, path in stored_run_paths(store).items():
        document = load_document(path)
        out.setdefault(path.parent.name, []).append(StoredRun(path.parent.name, run, path, document))
    for runs in out.values():
        runs.sort(key=lambda r: (r.started, r.run))
    if not out:
        raise FleetError(f"the fleet store {store} holds no runs: add some with speedlab fleet add RUN...")
    return dict(sorted(out.items()))
