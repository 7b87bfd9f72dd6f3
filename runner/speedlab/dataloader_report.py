"""The data loader's lesson in the report: epoch time, step idle share and cores used per impl and worker
count, from the page cache and from the disk (the dataloader workload's cells).

The step idle share is the harness's counter `step_idle_share`: the fraction of the epoch the training step
was not running (python_baselines/workloads/dataloader_data.py) — the GPU-utilisation number a trainer
watches, seen from the CPU side.
"""

from __future__ import annotations

from typing import Any

from speedlab.model import Cell, as_run
from speedlab.table import Table, Value, columns, text

WORKLOAD = "dataloader"
BUSY_ENOUGH = 0.10  # idle share under which the step counts as no longer waiting


def cells(document: dict[str, Any]) -> list[Cell]:
    found = [c for c in as_run(document).cells if c.workload == WORKLOAD and c.measured]
    return sorted(found, key=lambda c: (c.params.get("from_disk", 0), sorted(c.params.items()), c.impl, c.threads))


def epoch_s(cell: Cell) -> float:
    """The epoch's time: a GPU cell's median is its step alone (CUDA events), its end-to-end the epoch."""
    end_to_end = cell.statistics.end_to_end
    return (end_to_end.median_s if end_to_end else None) or cell.statistics.median_s


def idle_share(cell: Cell) -> float | None:
    return cell.counters.get("step_idle_share")


def lesson(found: list[Cell]) -> list[str]:
    """Where the step stops waiting, and what pickling costs against shared memory, in this run's numbers."""
    lines = []
    waiting = [c for c in found if idle_share(c) is not None and c.params.get("from_disk", 0) == 0]
    settled = sorted((c for c in waiting if idle_share(c) < BUSY_ENOUGH), key=lambda c: (c.threads, idle_share(c)))
    if settled:
        first = settled[0]
        lines.append(
            f"From the page cache the step stops waiting (idle under {BUSY_ENOUGH:.0%}) first with "
            f"`{first.impl}` at {first.threads} worker(s): idle {idle_share(first):.0%}, epoch "
            f"{epoch_s(first) * 1e3:.3g} ms (a step slowed by loaders competing for the cores also "
            f"reads as busy: compare the epoch times too)."
        )
    elif waiting:
        best = min(waiting, key=idle_share)
        lines.append(
            f"The step waited for data in every cell measured; least with `{best.impl}` at "
            f"{best.threads} worker(s): idle {idle_share(best):.0%}. More workers (or cores) are "
            f"needed to keep it busy here."
        )
    by_key = {(c.impl, c.threads, tuple(sorted(c.params.items()))): c for c in found}
    for (impl, threads, params), cell in by_key.items():
        shared = by_key.get(("python.shared", threads, params))
        if impl == "python.processes" and shared is not None:
            ratio = epoch_s(cell) / epoch_s(shared)
            where = ", ".join(f"{k} = {v}" for k, v in cell.params.items() if k != "from_disk")
            disk = " from the disk" if dict(params).get("from_disk") else ""
            lines.append(
                f"Pickling each batch back (`python.processes`) against shared-memory slots "
                f"(`python.shared`) at {threads} worker(s), {where}{disk}: {ratio:.2f}× the epoch time."
            )
    return lines


def overlap_line(found: list[Cell]) -> list[str]:
    """What two streams buy on the GPU: cuda.overlap's epoch against cuda.sync's, at the same size."""
    out = []
    for cell in found:
        if cell.impl != "cuda.overlap":
            continue
        sync = next((c for c in found if c.impl == "cuda.sync" and c.params == cell.params), None)
        if sync is not None:
            out.append(
                f"On the GPU, overlapping the copy of batch k+1 with the step on batch k: epoch "
                f"{epoch_s(cell) * 1e3:.3g} ms against {epoch_s(sync) * 1e3:.3g} ms in one stream "
                f"({epoch_s(sync) / epoch_s(cell):.2f}×; step idle {idle_share(cell) or 0:.0%} against "
                f"{idle_share(sync) or 0:.0%})."
            )
    return out


HEADING = "The data loader: does the step wait?"
INTRO = (
    "step idle = the share of the epoch the training step was not running (waiting for its batch, or loading "
    "it itself in `python.serial`). from disk: the sample files were dropped from the page cache before every "
    "epoch (posix_fadvise, untimed)."
)
HEADERS = ["impl", "workers", "size", "from disk", "epoch", "step idle", "cores used"]


def table(document: dict[str, Any]) -> Table | None:
    """The data loader's table, its lesson's sentences as its footer; None without a measured dataloader cell."""
    found = cells(document)
    if not found:
        return None
    out = Table(HEADING, columns(HEADERS, left=("impl", "size")), anchor="dataloader")
    out.footer = [*lesson(found), *overlap_line(found)]
    for cell in found:
        out.add(
            [
                text(cell.impl),
                text(str(cell.threads)),
                text(", ".join(f"{k} = {v}" for k, v in cell.params.items() if k != "from_disk")),
                text("yes" if cell.params.get("from_disk") else "no"),
                Value("duration", epoch_s(cell)),
                Value("percent", idle_share(cell)),
                Value("cores", cell.cores_used),
            ]
        )
    return out
