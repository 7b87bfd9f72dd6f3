"""Will a cell fit in memory? Checked before it starts, from the manifest's `memory` formula.

A cell whose inputs do not fit does not fail politely: it swaps the machine
to a crawl (and every other cell's numbers with it) or is killed by the OOM
killer minutes later. So before a cell starts, its peak memory is predicted
from the workload's `memory` formula (bytes, over the parameters, in
[counts]; an impl that needs more has its own `memory` in its entry) and the
cell is refused when the prediction exceeds MEMORY_SHARE of the memory
available now (MemAvailable in /proc/meminfo: free memory plus what the
kernel can reclaim without swapping). Half leaves room for the runner, the
page cache of generated input files and whatever else the machine runs.
"""

from __future__ import annotations

import os
from typing import Any

from speedlab.manifest import Workload, format_value

MEMORY_SHARE = 0.5
GIB = 2**30


def available_bytes() -> int | None:
    """MemAvailable from /proc/meminfo; elsewhere the free physical pages; None when unknown."""
    try:
        with open("/proc/meminfo") as handle:
            for line in handle:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_AVPHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return None


def format_bytes(count: float) -> str:
    """1.5 GiB, 640 MiB, 1.02 PiB: three significant digits in the largest binary unit below the number."""
    for unit, scale in (("PiB", 2**50), ("TiB", 2**40), ("GiB", GIB), ("MiB", 2**20), ("KiB", 2**10)):
        if count >= scale:
            value = count / scale
            return f"{value:.3g} {unit}" if value < 1000 else f"{value:,.0f} {unit}"
    return f"{count:.0f} bytes"


def largest_fitting(workload: Workload, impl: str, params: dict[str, Any], limit: float) -> int | None:
    """The largest value of the size parameter (the others as in `params`) whose predicted memory is within
    `limit`, by bisection (the formulas grow with the size); None when even the smallest does not fit."""
    size = workload.size_param
    low = workload.params[size].minimum
    high = params[size]

    def fits(value: int) -> bool:
        return workload.memory_bytes(impl, {**params, size: value}) <= limit

    if not fits(low):
        return None
    while low < high:  # invariant: fits(low); the answer is in [low, high]
        middle = (low + high + 1) // 2
        if fits(middle):
            low = middle
        else:
            high = middle - 1
    return low


def refusal(
    workload: Workload, impl: str, params: dict[str, Any], available: int | None, share: float = MEMORY_SHARE
) -> tuple[float | None, str | None]:
    """(predicted peak bytes, why the cell is refused or None)."""
    predicted = workload.memory_bytes(impl, params)
    if predicted is None or available is None or predicted <= share * available:
        return predicted, None
    fitting = largest_fitting(workload, impl, params, share * available)
    largest = (
        f"the largest {workload.size_param} that fits is {format_value(fitting)}"
        if fitting is not None
        else f"no {workload.size_param} fits"
    )
    return predicted, (
        f"needs ~{format_bytes(predicted)}, over {share:.0%} of the {format_bytes(available)} "
        f"available; {largest} (memory formula {workload.memory_formula(impl).text})"
    )
