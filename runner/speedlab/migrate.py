"""Bringing an older results.json up to the current record layout (model.SCHEMA_VERSION) as it is loaded.

A document without `schema_version` is version 1: what speedlab wrote before the typed model. Its cells
may lack what later writers add to every record, and each step below fills that in from what the record
does hold, so every reader sees one layout:

    version 1 -> 2   processes       one entry holding the record's repetitions (one harness process)
                     precision       the dtype choice, else float64 (the default before the field existed)
                     cores_used      the median cpu_time / real_time of the harness's repetitions, where the
                                     raw output has them and the cell was not timed by CUDA events; else null
                     summary.median_low_s / median_high_s   the median's 95% interval (uncertainty.py)

The writers (results.ResultsWriter) pass every record through `complete_cell`, so a new results.json is
already current; `upgrade` is what results.load calls. A document newer than this speedlab is refused.
"""

from __future__ import annotations

import statistics
from typing import Any, Callable

from speedlab import uncertainty
from speedlab.model import FP64, SCHEMA_VERSION


class MigrationError(ValueError):
    pass


def _processes(cell: dict[str, Any]) -> list[dict[str, Any]]:
    reps = cell.get("repetitions_s")
    if cell.get("processes") or not reps:
        return cell.get("processes") or []
    process = cell.get("process") or {}
    keys = ("wall_s", "user_s", "sys_s", "max_rss_kib")
    return [{"index": 0, "repetitions_s": list(reps), **{k: process.get(k) for k in keys if k in process}}]


def _cores_used(cell: dict[str, Any]) -> float | None:
    if "cores_used" in cell:
        return cell["cores_used"]
    if cell.get("status") != "ok" or cell.get("end_to_end"):  # a CUDA-events time: cpu_time is not comparable
        return None
    entries = (cell.get("harness_output") or {}).get("benchmarks") or []
    ratios = [
        e["cpu_time"] / e["real_time"]
        for e in entries
        if isinstance(e, dict)
        and e.get("run_type", "iteration") == "iteration"
        and isinstance(e.get("cpu_time"), (int, float))
        and isinstance(e.get("real_time"), (int, float))
        and e["cpu_time"] > 0
        and e["real_time"] > 0
    ]
    return statistics.median(ratios) if ratios else None


def complete_cell(cell: dict[str, Any]) -> dict[str, Any]:
    """The record with every field of the current layout (the writers' and version 2's)."""
    processes = _processes(cell)
    if processes:
        cell["processes"] = processes
    cell.setdefault("precision", str((cell.get("params") or {}).get("dtype") or FP64))
    cell["cores_used"] = _cores_used(cell)
    summary = cell.get("summary")
    if isinstance(summary, dict) and "median_low_s" not in summary:
        interval = uncertainty.median_interval(cell) or {}
        summary["median_low_s"] = interval.get("low_s")
        summary["median_high_s"] = interval.get("high_s")
    return cell


def _v1_to_v2(document: dict[str, Any]) -> None:
    for cell in document.get("cells", []):
        if isinstance(cell, dict):
            complete_cell(cell)


STEPS: dict[int, Callable[[dict[str, Any]], None]] = {1: _v1_to_v2}  # from version -> the step to the next


def version_of(document: dict[str, Any]) -> int:
    version = document.get("schema_version", 1)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise MigrationError(f"schema_version must be a whole number from 1, got {version!r}")
    return version


def upgrade(document: dict[str, Any]) -> dict[str, Any]:
    """`document` (changed in place) at SCHEMA_VERSION; MigrationError for one written by a newer speedlab."""
    version = version_of(document)
    if version > SCHEMA_VERSION:
        raise MigrationError(
            f"written by a newer speedlab (schema_version {version}; this one reads up to {SCHEMA_VERSION}): "
            "update speedlab (git pull, then make build) to read it"
        )
    while version < SCHEMA_VERSION:
        STEPS[version](document)
        version += 1
        document["schema_version"] = version
    return document
