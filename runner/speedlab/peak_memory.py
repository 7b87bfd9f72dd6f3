"""A cell's peak memory: the largest single process's, or the summed peak of all its processes where that is larger.

The launcher (benchmarks/harness/spawn.cpp) reports two figures. `max_rss_kib` is ru_maxrss: the peak of the
largest *single* process among the harness and its descendants. `max_rss_all_kib` is the peak of their summed
resident memory, sampled every 50 ms while the harness runs. For a harness that computes in one process the two
agree; for one whose work runs in worker processes (a Dask LocalCluster or processes scheduler,
python.processes, dataloader workers) only the sum says what the machine had to hold. The tables show the
sum, marked Σ, where it exceeds the single process's figure by more than SUM_MARGIN (a small helper process
beside the harness does not change the column); everything else shows the single-process figure.

Pages shared between processes (their libraries, a file they all map) count once per process in the sum,
so it is an upper bound of what they took together.
"""

from __future__ import annotations

from typing import Any

from speedlab import units
from speedlab.table import Value, number

SUM_MARGIN = 1.10  # the sum is shown once it exceeds the largest single process by more than 10%
SUM_MARK = "Σ"
LEGEND = (
    f"*{SUM_MARK}*: the summed peak of the harness and its worker processes (sampled every 50 ms), shown where it"
    f" exceeds the largest single process's by over {round((SUM_MARGIN - 1) * 100)}%"
)


def figures(process: dict[str, Any] | None) -> tuple[int | None, bool]:
    """(KiB to show, whether it is the summed figure) of a cell's `process` record."""
    process = process or {}
    single, summed = process.get("max_rss_kib"), process.get("max_rss_all_kib")
    if summed and (not single or summed > SUM_MARGIN * single):
        return summed, True
    return single, False


def value(process: dict[str, Any] | None) -> Value:
    """The tables' 'peak mem' value: the figure to show, marked Σ where it is the summed one."""
    kib, summed = figures(process)
    return number("memory", kib, mark=SUM_MARK if summed else "")


def text(process: dict[str, Any] | None) -> str:
    """The 'peak mem' column as text: '412 MiB', or '3,210 MiB Σ' for a summed figure."""
    return value(process).main


def gib(kib: int | float | None) -> str:
    """KiB as GiB with two decimals from 1 GiB up (MiB below), for sentences about out-of-core runs."""
    if kib and kib >= 1 << 20:
        return f"{kib / (1 << 20):.2f} GiB"
    return units.memory(kib)
