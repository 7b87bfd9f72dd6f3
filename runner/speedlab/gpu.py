"""The host-device copy: transfer shares, the transfer benchmark, and where the GPU pays off.

Every CUDA cell reports its kernel time (the table's median, from CUDA events)
and its end-to-end time (counter end_to_end_s: copies in, kernel, copy out),
and the bytes it copies each way (h2d_bytes, d2h_bytes). From a results
document alone this module computes:

- per CUDA cell the transfer share, (end-to-end - kernel) / end-to-end, and
  what the transfer workload measured for the same bytes (the bodies copy
  from ordinary, pageable memory; pinned memory for comparison);
- per workload with both CUDA and CPU cells, the crossover: the smallest size
  at which the best GPU end-to-end time beats the best CPU time (any tier,
  any thread count), and the same for the kernel alone -- the difference is
  what the copies cost.

Without a measured CUDA cell every part says "not measured" with the reason
the CUDA cells gave (no GPU).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from speedlab.manifest_model import format_params, is_axis_cell
from speedlab.model import Cell, Run, as_run
from speedlab.table import Table, Value, columns, text

TRANSFER = "transfer"
PAGEABLE = {"h2d": "cuda.h2d_pageable", "d2h": "cuda.d2h_pageable"}
PINNED = {"h2d": "cuda.h2d_pinned", "d2h": "cuda.d2h_pinned"}


@dataclass
class CopyRow:
    cell: Cell
    kernel_s: float
    end_to_end_s: float
    share: float  # of the end-to-end time spent outside the kernel (copies, launch, synchronization)
    copy_bytes: float | None
    predicted_pageable_s: float | None  # the transfer benchmark's time for these bytes, pageable memory
    predicted_pinned_s: float | None


@dataclass
class Crossover:
    workload: str
    size_param: str
    rows: list[dict[str, Any]]  # per size: best CPU, best GPU kernel, best GPU end-to-end (seconds and Cell)
    end_to_end: str  # the verdict, in words
    kernel_only: str


@dataclass
class GpuSection:
    measured: bool
    reason: str = ""  # why nothing was measured
    copies: list[CopyRow] = field(default_factory=list)
    crossovers: list[Crossover] = field(default_factory=list)
    bandwidth: list[str] = field(default_factory=list)  # the transfer benchmark in words


def _end_to_end(cell: Cell) -> float | None:
    return cell.statistics.end_to_end.median_s if cell.statistics.end_to_end else None


def bandwidth_curve(document: dict[str, Any] | Run, impl: str) -> list[tuple[float, float]]:
    """(bytes, GB/s) of one transfer impl, ascending, from the run's ok cells."""
    points = []
    for cell in as_run(document).cells:
        if cell.workload == TRANSFER and cell.impl == impl and cell.status == "ok":
            nbytes = cell.params.get("bytes")
            if nbytes and cell.seconds:
                points.append((float(nbytes), nbytes / cell.seconds / 1e9))
    return sorted(points)


def copy_seconds(curve: list[tuple[float, float]], nbytes: float) -> float | None:
    """Seconds to copy nbytes at the bandwidth measured for the nearest sizes (log-log interpolation between
    measured sizes, the end points' bandwidth beyond them)."""
    if not curve or nbytes <= 0:
        return None if not curve else 0.0
    if nbytes <= curve[0][0]:
        return nbytes / (curve[0][1] * 1e9)
    if nbytes >= curve[-1][0]:
        return nbytes / (curve[-1][1] * 1e9)
    for (x0, y0), (x1, y1) in zip(curve, curve[1:]):
        if x0 <= nbytes <= x1:
            t = (math.log(nbytes) - math.log(x0)) / (math.log(x1) - math.log(x0))
            gbps = math.exp(math.log(y0) + t * (math.log(y1) - math.log(y0)))
            return nbytes / (gbps * 1e9)
    return None


def _predicted(run: Run, cell: Cell, kinds: dict[str, str]) -> float | None:
    counters = cell.counters
    if "h2d_bytes" not in counters and "d2h_bytes" not in counters:
        return None
    total = 0.0
    for direction in ("h2d", "d2h"):
        nbytes = counters.get(f"{direction}_bytes", 0.0)
        if nbytes:
            seconds = copy_seconds(bandwidth_curve(run, kinds[direction]), nbytes)
            if seconds is None:
                return None
            total += seconds
    return total


def is_gpu(cell: dict[str, Any] | Cell) -> bool:
    """A cell that runs on the GPU: the CUDA impls, and python.cupy (tier gpu, in the Python harness)."""
    return (cell if isinstance(cell, Cell) else Cell.of(cell)).on_gpu


def section(document: dict[str, Any]) -> GpuSection | None:
    run = as_run(document)
    cuda = [c for c in run.cells if c.on_gpu]
    if not cuda:
        return None
    measured = [c for c in cuda if c.status == "ok"]
    if not measured:
        # The reason a CUDA cell could not run (no GPU) first; an n/a cell's reason is about its workload only.
        reasons = [c.reason for c in sorted(cuda, key=lambda c: c.status == "not_applicable") if c.reason]
        return GpuSection(False, reasons[0] if reasons else "no CUDA cell was measured")
    out = GpuSection(True)
    for cell in measured:
        if cell.workload == TRANSFER:
            continue
        kernel, total = cell.seconds, _end_to_end(cell)
        if kernel is None or not total:
            continue
        counters = cell.counters
        copied = counters.get("h2d_bytes", 0.0) + counters.get("d2h_bytes", 0.0) if counters else None
        out.copies.append(
            CopyRow(
                cell,
                kernel,
                total,
                max(total - kernel, 0.0) / total,
                copied if copied else None,
                _predicted(run, cell, PAGEABLE),
                _predicted(run, cell, PINNED),
            )
        )
    out.crossovers = [
        c
        for c in (crossover(run, w) for w in dict.fromkeys(c.workload for c in measured if c.workload != TRANSFER))
        if c
    ]
    out.bandwidth = _bandwidth_lines(run)
    return out


def _best(cells: list[Cell], seconds_of) -> tuple[float, Cell] | None:
    timed = [(seconds_of(c), c) for c in cells]
    timed = [(s, c) for s, c in timed if s]
    return min(timed, key=lambda item: item[0]) if timed else None


def crossover(document: dict[str, Any] | Run, workload: str) -> Crossover | None:
    """Per size of the main tables: the best CPU time against the best GPU kernel and end-to-end times."""
    run = as_run(document)
    size_param = run.workload_info(workload).get("size_param", "n")
    cells = [c for c in run.cells if c.workload == workload and c.status == "ok" and not is_axis_cell(c.params)]
    by_size: dict[tuple, list[Cell]] = {}
    for cell in cells:
        by_size.setdefault(tuple(cell.params.items()), []).append(cell)
    rows = []
    for params, group in sorted(by_size.items(), key=lambda item: dict(item[0]).get(size_param, 0)):
        gpu = [c for c in group if c.on_gpu]
        cpu = [c for c in group if not c.on_gpu]
        best_cpu = _best(cpu, lambda c: c.seconds)
        best_kernel = _best(gpu, lambda c: c.seconds)
        best_total = _best(gpu, _end_to_end)
        if not (best_cpu and best_kernel and best_total):
            continue
        rows.append(
            {
                "params": dict(params),
                "size": dict(params).get(size_param),
                "cpu_s": best_cpu[0],
                "cpu": best_cpu[1],
                "kernel_s": best_kernel[0],
                "kernel": best_kernel[1],
                "end_to_end_s": best_total[0],
                "end_to_end": best_total[1],
            }
        )
    if not rows:
        return None
    return Crossover(
        workload,
        size_param,
        rows,
        _verdict(rows, size_param, "end_to_end_s", "with the copies"),
        _verdict(rows, size_param, "kernel_s", "kernel only"),
    )


def _verdict(rows: list[dict[str, Any]], size_param: str, key: str, what: str) -> str:
    """Where the GPU starts to beat the best CPU time, in words."""
    wins = [row[key] < row["cpu_s"] for row in rows]

    def at(row: dict[str, Any]) -> str:
        return f"{size_param} = {row['size']:,}"

    if all(wins):
        return f"GPU faster ({what}) at every measured size, from {at(rows[0])}"
    if not any(wins):
        last = rows[-1]
        return (
            f"CPU faster ({what}) at every measured size: at {at(last)} the GPU takes "
            f"{last[key] / last['cpu_s']:.3g}× the best CPU time"
        )
    # The first size from which the GPU keeps winning.
    first = next(i for i in range(len(rows)) if all(wins[i:])) if wins[-1] else None
    if first is None:
        return f"mixed ({what}): the GPU wins at " + ", ".join(at(r) for r, w in zip(rows, wins) if w)
    if first == 0:
        return f"GPU faster ({what}) from {at(rows[0])}"
    return f"GPU faster ({what}) from {at(rows[first])} (CPU faster at {at(rows[first - 1])})"


def _bandwidth_lines(run: Run) -> list[str]:
    lines = []
    for direction, label in (("h2d", "host → device"), ("d2h", "device → host")):
        pageable = bandwidth_curve(run, PAGEABLE[direction])
        pinned = bandwidth_curve(run, PINNED[direction])
        if pageable or pinned:
            best_pageable = max((g for _, g in pageable), default=None)
            best_pinned = max((g for _, g in pinned), default=None)
            text = f"{label}: pageable up to {best_pageable:.3g} GB/s" if best_pageable else f"{label}:"
            if best_pinned:
                text += f", pinned up to {best_pinned:.3g} GB/s"
            lines.append(text)
    return lines


# ----------------------------------------------------------------- tables

COPY_HEADERS = [
    "workload",
    "impl",
    "params",
    "kernel",
    "end-to-end",
    "transfer share",
    "copied",
    "copies at transfer's pageable rate",
    "at pinned rate",
]
CROSSOVER_HEADERS = ["size", "best CPU", "GPU kernel", "GPU end-to-end", "GPU end-to-end vs CPU"]
HEADING = "GPU: the host-device copy"
INTRO = (
    "Every CUDA impl is timed twice: the kernel alone (CUDA events; the tables' median) and end to end "
    "(copies in, kernel, copy out). The transfer share is the part of the end-to-end time outside the kernel; "
    "beside it, what the transfer benchmark measured for the same bytes. The crossover is the smallest size at "
    "which the best GPU time beats the best CPU time of any tier — with and without the copies."
)


def copy_table(gpu: GpuSection) -> Table:
    table = Table("", columns(COPY_HEADERS, left=("workload", "impl", "params")), anchor="gpu-copies")
    for row in gpu.copies:
        cell = row.cell
        table.add(
            [
                text(cell.workload),
                text(cell.impl),
                text(format_params(cell.params)),
                Value("duration", row.kernel_s),
                Value("duration", row.end_to_end_s),
                Value("percent", row.share),
                Value("bytes", row.copy_bytes),
                Value("duration", row.predicted_pageable_s),
                Value("duration", row.predicted_pinned_s),
            ]
        )
    return table


def _who(cell: Cell) -> str:
    return cell.impl if cell.on_gpu else f"{cell.impl} ({cell.threads}t)"


def crossover_table(item: Crossover) -> Table:
    table = Table(
        "",
        columns(CROSSOVER_HEADERS, left=("size", "best CPU", "GPU kernel", "GPU end-to-end")),
        anchor=f"gpu-crossover-{item.workload}",
    )
    for row in item.rows:
        ratio = row["end_to_end_s"] / row["cpu_s"]
        table.add(
            [
                text(f"{item.size_param} = {row['size']:,}"),
                Value("duration", row["cpu_s"], detail=_who(row["cpu"])),
                Value("duration", row["kernel_s"], detail=_who(row["kernel"])),
                Value("duration", row["end_to_end_s"], detail=_who(row["end_to_end"])),
                Value("ratio", ratio, detail=f"{'GPU' if ratio < 1 else 'CPU'} faster"),
            ]
        )
    return table


def not_measured(gpu: GpuSection) -> str:
    return (
        f"Not measured: no GPU ({gpu.reason}). Transfer shares and crossovers need a machine with an NVIDIA GPU: "
        '`scripts/gpu-check.sh` (README: "GPU runs").'
    )
