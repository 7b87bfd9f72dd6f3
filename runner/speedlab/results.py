"""The results folder of a run: written as it goes, so nothing measured is lost.

reports/runs/<UTC time>_<host>/
    results.json   everything: run settings, machine, manifest snapshot, one record per cell
                   with the harness's raw Google Benchmark output (rewritten atomically after every cell)
    results.csv    one row per cell
    gbench.json    every harness's entries in one Google Benchmark document (flops/bytes counters
                   added), for Google Benchmark's tools/compare.py
    report.md      the tables
reports/latest -> runs/<the run that ended last>
"""

from __future__ import annotations

import csv
import datetime
import itertools
import json
import os
import socket
import subprocess
import uuid
from pathlib import Path
from typing import Any

from speedlab import interrupts, jsonio, migrate, story, uncertainty
from speedlab.harnesses import REPO_ROOT
from speedlab.manifest import Manifest
from speedlab.model import SCHEMA, SCHEMA_VERSION

__all__ = ["SCHEMA", "SCHEMA_VERSION"]  # the identification string and record layout every writer stamps


def utc_now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")


def git_facts() -> dict[str, Any]:
    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(["git", *args], cwd=REPO_ROOT, capture_output=True, text=True, timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            return None
        return done.stdout.strip() if done.returncode == 0 else None

    commit = git("rev-parse", "HEAD")
    status = git("status", "--porcelain")
    return {"commit": commit, "dirty": bool(status) if status is not None else None}


def manifest_snapshot(manifest: Manifest, workload_names: list[str]) -> dict[str, Any]:
    """What a report needs to know about the workloads, so results.json stands alone."""
    workloads = {}
    for name in workload_names:
        w = manifest.workloads[name]
        workloads[name] = {
            "title": w.title,
            "description": w.description,
            "size_param": w.size_param,
            "params": {p.name: p.description for p in w.params.values()},
            "flops": w.flops.text if w.flops else None,
            "bytes": w.bytes.text if w.bytes else None,
            "cost": w.cost.text,
            "checksums": {c.name: _checksum_snapshot(c) for c in w.checksums.values()},
            # Choice parameters (measured axes: dtype, isa): their values, default and comparison baseline.
            "choices": {
                p.name: {
                    "values": list(p.choices),
                    "default": p.default,
                    "baseline": p.compare_to,
                    "description": p.description,
                }
                for p in w.params.values()
                if p.is_choice
            },
            "impls": {
                i.name: {
                    "tier": i.tier,
                    "threads": i.threads,
                    "description": i.description,
                    **(
                        {"checksums": {c.name: _checksum_snapshot(c) for c in i.checksums.values()}}
                        if i.checksums
                        else {}
                    ),
                    **({"choices": {k: list(v) for k, v in i.choices.items()}} if i.choices else {}),
                }
                for i in w.impls.values()
            },
            "not_applicable": dict(w.not_applicable),
        }
    # The story (order, lessons) and the headline columns, read from the same manifest folder (story.py).
    return {
        "tiers": dict(manifest.tiers),
        "workloads": workloads,
        "story": story.snapshot(manifest.directory, workload_names),
    }


def _checksum_snapshot(spec) -> dict[str, Any]:
    out: dict[str, Any] = {"rtol": spec.rtol, "atol": spec.atol}
    for (param, value), at in spec.when.items():
        out.setdefault(param, {})[value] = {"rtol": at.rtol, "atol": at.atol}
    return out


def new_run_dir(results_root: Path) -> Path:
    """A new, empty run folder: runs/<UTC time>_<host>, or -2, -3... when another run took that name in the
    same second. mkdir is the test and the claim at once, so simultaneous runs never get the same folder."""
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H-%M-%SZ")
    runs = results_root / "runs"
    runs.mkdir(parents=True, exist_ok=True)
    base = f"{stamp}_{socket.gethostname()}"
    for suffix in itertools.count(1):
        path = runs / (base if suffix == 1 else f"{base}-{suffix}")
        try:
            path.mkdir()
        except FileExistsError:
            continue
        return path
    raise AssertionError("unreachable")


def point_latest(results_root: Path, run_dir: Path) -> None:
    """latest -> runs/<run_dir>, replaced atomically (a symlink under a unique name, then rename)."""
    link = results_root / "latest"
    tmp = results_root / f".latest.{os.getpid()}.{uuid.uuid4().hex[:8]}"
    try:
        tmp.symlink_to(os.path.relpath(run_dir, results_root))
        os.replace(tmp, link)
    except OSError:
        try:
            tmp.unlink()
        except OSError:
            pass  # a filesystem without symlinks still has the run folder


class ResultsWriter:
    def __init__(self, run_dir: Path, document: dict[str, Any]):
        self.run_dir = run_dir
        self.document = document
        self.document.setdefault("schema_version", SCHEMA_VERSION)
        self.document.setdefault("cells", [])
        self.flush()

    @property
    def cells(self) -> list[dict[str, Any]]:
        return self.document["cells"]

    def add(self, record: dict[str, Any]) -> None:
        self.cells.append(migrate.complete_cell(record))  # every field of the current layout (migrate.py)
        self.flush()

    def replace(self, index: int, record: dict[str, Any]) -> None:
        """A cell measured again (a later round): its record with every process so far."""
        (record.get("summary") or {}).pop("median_low_s", None)  # more processes: a new interval
        self.cells[index] = migrate.complete_cell(record)
        self.flush()

    def flush(self, final: bool = False) -> None:
        """Atomic rewrite: results.json is always a complete, valid document (and no signal leaves the
        temporary file behind). Compact while the run goes on -- it is rewritten after every cell, and
        indenting (Python's slow encoder) the whole document each time took a quarter of the demo preset's
        run -- and indented when the run ends."""
        with interrupts.held():
            jsonio.write(self.run_dir / "results.json", self.document, indent=1 if final else None, atomic=True)

    def finish(self, status: str, **facts: Any) -> None:
        """The run's final status ("complete", "interrupted", "failed") and facts about its end (the signal)."""
        self.document["run"]["status"] = status
        self.document["run"]["finished_utc"] = utc_now()
        self.document["run"].update(facts)
        self.flush(final=True)


def load(path: Path) -> dict[str, Any]:
    """results.json from a run folder, the file itself, or 'latest'."""
    path = Path(path)
    if path.is_dir():
        path = path / "results.json"
    if not path.exists():
        raise FileNotFoundError(f"no results at {path}: pass a run folder (reports/runs/...) or its results.json")
    try:
        document = json.loads(path.read_text())
    except ValueError as error:
        raise ValueError(f"{path} is not valid JSON: {error}") from None
    if not isinstance(document, dict):
        raise ValueError(
            f"{path} is not a speedlab results file: it holds a JSON {type(document).__name__}, not an "
            f'object with "schema": "{SCHEMA}" (pass a run folder or its results.json)'
        )
    if document.get("schema") != SCHEMA:
        raise ValueError(
            f"{path} is not a speedlab results file (schema {document.get('schema')!r}, expected {SCHEMA!r})"
        )
    if not isinstance(document.get("cells"), list) or not isinstance(document.get("run"), dict):
        raise ValueError(f"{path} is damaged: a speedlab results file has a 'run' object and a 'cells' list")
    try:
        return migrate.upgrade(document)  # an older layout brought up to SCHEMA_VERSION
    except migrate.MigrationError as error:
        raise ValueError(f"{path}: {error}") from None


# The summary statistics copied into results.csv, in its column order.
SUMMARY_COLUMNS = ["median_s", "mean_s", "stddev_s", "min_s", "max_s", "cv", "repetitions", "iterations"]
CSV_COLUMNS = [
    "workload",
    "impl",
    "language",
    "tier",
    "params",
    "threads",
    "status",
    *SUMMARY_COLUMNS,
    "median_low_s",
    "median_high_s",
    "processes",
    "extrapolated_s",
    "approximate",
    "gflops",
    "gbps",
    "checksum",
    "reference",
    "rel_error",
    "max_rss_kib",
    "max_rss_all_kib",  # summed over the harness and its worker processes (the launcher's samples, peak_memory.py)
    "cpu_s",
    "process_wall_s",
    "cores_used",  # (user + system CPU) / wall over the timed repetitions (cores.py); empty for a GPU cell
    "gpu_busy",  # a GPU cell's kernel time / end-to-end time (cores.py)
    "reason",
]


def write_csv(document: dict[str, Any], path: Path) -> None:
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        for cell in document["cells"]:
            summary = cell.get("summary") or {}
            throughput = cell.get("throughput") or {}
            process = cell.get("process") or {}
            checks = (cell.get("validation") or {}).get("checksums", {})
            first = next(iter(checks.values()), {})
            interval = uncertainty.median_interval(cell) or {}
            writer.writerow(
                {
                    "workload": cell["workload"],
                    "impl": cell["impl"],
                    "language": cell["language"],
                    "tier": cell["tier"],
                    "params": " ".join(f"{k}={v}" for k, v in cell["params"].items()),
                    "threads": cell["threads"],
                    "status": cell["status"],
                    **{key: summary.get(key) for key in SUMMARY_COLUMNS},
                    # the median's 95% interval over processes and repetitions (uncertainty.py)
                    "median_low_s": interval.get("low_s"),
                    "median_high_s": interval.get("high_s"),
                    "processes": interval.get("processes"),
                    "extrapolated_s": (cell.get("extrapolated") or {}).get("median_s"),
                    # gflops and gbps of an extrapolated cell come from its predicted time: flagged, as the ~ of the tables
                    "approximate": cell["status"] == "extrapolated",
                    "gflops": throughput.get("gflops"),
                    "gbps": throughput.get("gbps"),
                    "checksum": first.get("value"),
                    "reference": first.get("reference"),
                    "rel_error": first.get("rel_error"),
                    "max_rss_kib": process.get("max_rss_kib"),
                    "max_rss_all_kib": process.get("max_rss_all_kib"),
                    "cpu_s": (process.get("user_s", 0) + process.get("sys_s", 0)) if process else None,
                    "process_wall_s": process.get("wall_s"),
                    "cores_used": cell.get("cores_used"),
                    "gpu_busy": cell.get("gpu_busy"),
                    "reason": cell.get("reason", ""),
                }
            )


def write_gbench(document: dict[str, Any], path: Path) -> None:
    """Every cell that ran as one Google Benchmark document (tools/compare.py reads it). A cell that failed
    (wrong checksum, impossible timing, crash, timeout) is marked as Google Benchmark marks a failed
    benchmark, error_occurred and error_message, so no reader takes its time for a speed."""
    entries = []
    context: dict[str, Any] = {}
    for cell in document["cells"]:
        output = cell.get("harness_output")
        failed = cell["status"] in ("wrong_checksum", "failed", "timeout")
        if cell["status"] != "ok" and not failed:
            continue  # skipped, not applicable, extrapolated: nothing ran
        if output and not context:
            context = dict(output.get("context", {}))
        throughput = cell.get("throughput") or {}
        measured = [dict(entry) for entry in (output or {}).get("benchmarks", []) if isinstance(entry, dict)]
        if failed:
            # Aggregates of a failed run are not results; one entry stands for a run that printed none.
            measured = [entry for entry in measured if entry.get("run_type", "iteration") == "iteration"] or [
                {
                    "name": cell["name"],
                    "run_name": cell["name"],
                    "run_type": "iteration",
                    "repetitions": 0,
                    "threads": 1,
                    "iterations": 0,
                    "real_time": 0,
                    "cpu_time": 0,
                    "time_unit": "ns",
                    "workload": cell["workload"],
                    "impl": cell["impl"],
                    "params": {**cell["params"], "threads": cell["threads"]},
                }
            ]
        for entry in measured:
            # FLOP and byte counts are defined once, in the manifest; added here per iteration.
            if throughput.get("flops"):
                entry["flops"] = throughput["flops"]
            if throughput.get("bytes"):
                entry["bytes"] = throughput["bytes"]
            if failed:
                entry["error_occurred"] = True
                entry["error_message"] = f"{cell['status']}: {cell.get('reason', '')}"
            entries.append(entry)
    context["speedlab_run"] = document["run"].get("id")
    jsonio.write(path, {"context": context, "benchmarks": entries})
