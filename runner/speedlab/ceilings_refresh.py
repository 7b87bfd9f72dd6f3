"""Ceilings measured again after a run in which a cell beat them.

A ceiling is the most the machine can do; a measured cell above it means the ceiling was measured in a slow
spell (a shared VM's speed drifts by tens of percent over minutes) or by a kernel the machine's best code
beats. Either way the figure is wrong, and the honest fix is to measure again, now, and keep the best of
every trial (ceilings.merge_best) — not to print a share over 100%. A cell still above the refreshed
ceiling keeps its "above ceiling" flag (analysis.roofline) with the advice to re-measure.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from speedlab import analysis, ceilings


def cells_above(document: dict[str, Any]) -> list[str]:
    """Names of the cells whose achieved rate exceeds the ceiling they are judged against."""
    above = []
    for cell in document.get("cells", []):
        position = analysis.roofline(cell, document.get("ceilings"))
        if position and position["above_ceiling"]:
            above.append(cell["name"])
    return above


def after_run(
    document: dict[str, Any],
    results_root: Path,
    build_dir: Path,
    say: Callable[[str], None],
    measure: Callable[..., dict[str, Any]] = ceilings.measure_and_cache,
) -> dict[str, Any] | None:
    """Re-measures the ceilings when a cell of `document` beat them; returns what was done (also recorded as
    document["ceilings"]["refreshed_after_run"]), or None when nothing was above its ceiling."""
    before = cells_above(document)
    if not before or not document.get("ceilings"):
        return None
    say(
        f"{len(before)} cell(s) ran above the measured ceilings: measuring the ceilings again (best of every "
        f"trial is kept)"
    )
    path = ceilings.cache_path(results_root, document["machine"])
    try:
        fresh = measure(path, build_dir, document["machine"], document["ceilings"], warn=say)
    except (RuntimeError, ceilings.CeilingsError) as error:
        say(f"ceilings not re-measured: {error}")
        return None
    document["ceilings"] = fresh
    after = cells_above(document)
    record = {"cells_above_before": before, "cells_above_after": after}
    fresh["refreshed_after_run"] = record
    say(
        f"after re-measuring, {len(after)} of {len(before)} cell(s) still above a ceiling"
        + (" (flagged in the report)" if after else "")
    )
    return record
