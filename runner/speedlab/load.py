"""What else the machine did while a harness ran: CPU steal and other processes' CPU time.

A shared VM lends its cores to neighbours (steal: time the hypervisor ran someone else while this guest
wanted to run), and a laptop runs a browser beside the benchmark. Both slow a measurement down without any
sign in the harness's own figures. So around every harness process the runner reads /proc/stat twice and
works out, over the process's wall time,
    steal_fraction   steal ticks / all ticks of every CPU
    others_fraction  CPU time of everything but the harness / (wall time x CPUs)
A process is *noisy* when either exceeds its threshold; the report flags its cell and says which, and the
runner measures a cell again when all its processes were noisy (see measure.py).

Where /proc/stat does not exist (macOS) nothing is read and nothing is flagged.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

STEAL_THRESHOLD = 0.02  # 2% of the machine's CPU time taken by the hypervisor for other guests
OTHERS_THRESHOLD = 0.10  # 10% of the machine's CPU time used by processes other than the harness
# SPEEDLAB_PROC_STAT names another file (tests: a missing one, so that a loaded test machine cannot add retries).
PROC_STAT = Path(os.environ.get("SPEEDLAB_PROC_STAT", "/proc/stat"))


@dataclass(frozen=True)
class Snapshot:
    busy_s: float  # user + nice + system + irq + softirq of all CPUs (not idle, iowait, steal)
    steal_s: float
    total_s: float
    cpus: int
    tick_s: float  # /proc/stat's unit (1 / CLK_TCK, 10 ms on Linux)


def snapshot(path: Path | None = None) -> Snapshot | None:
    """The aggregate `cpu` line of /proc/stat in seconds; None where it cannot be read."""
    try:
        lines = (path or PROC_STAT).read_text().splitlines()
    except OSError:
        return None
    ticks_per_s = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    cpus = sum(1 for line in lines if line.startswith("cpu") and line[3:4].isdigit())
    for line in lines:
        fields = line.split()
        if fields and fields[0] == "cpu":
            values = [int(v) / ticks_per_s for v in fields[1:]] + [0.0] * 8
            user, nice, system, idle, iowait, irq, softirq, steal = values[:8]
            busy = user + nice + system + irq + softirq
            return Snapshot(busy, steal, busy + idle + iowait + steal, max(cpus, 1), 1 / ticks_per_s)
    return None


def between(
    before: Snapshot | None, after: Snapshot | None, wall_s: float, harness_cpu_s: float
) -> dict[str, float | bool] | None:
    """The machine's load during one harness process; None when either snapshot is missing."""
    if before is None or after is None or wall_s <= 0:
        return None
    total = after.total_s - before.total_s
    steal = after.steal_s - before.steal_s
    busy = after.busy_s - before.busy_s
    steal_fraction = steal / total if total > 0 else 0.0
    # /proc/stat counts in ticks (10 ms) while rusage counts exactly: two ticks per CPU of slack keep the
    # rounding of a short process from reading as load, and a negative difference is no load at all.
    others = max(0.0, busy - harness_cpu_s - 2 * after.tick_s * after.cpus)
    others_fraction = min(1.0, others / (wall_s * after.cpus))
    return {
        "steal_fraction": round(steal_fraction, 4),
        "others_fraction": round(others_fraction, 4),
        "noisy": steal_fraction > STEAL_THRESHOLD or others_fraction > OTHERS_THRESHOLD,
    }


def describe(load: dict[str, float | bool]) -> str:
    """Why a process counts as noisy, in words for the report."""
    parts = []
    if load["steal_fraction"] > STEAL_THRESHOLD:
        parts.append(f"the hypervisor stole {load['steal_fraction']:.0%} of the CPU time")
    if load["others_fraction"] > OTHERS_THRESHOLD:
        parts.append(f"other processes used {load['others_fraction']:.0%} of the cores")
    return " and ".join(parts) or "quiet"
