"""How much of the machine a cell used: cores used for CPU cells, GPU busy for GPU cells.

cores used = (user + system CPU time) / wall time over the *timed repetitions*. Every harness reports, as
Google Benchmark's cpu_time, the CPU time of its whole process around the timed iterations: C++ through
Google Benchmark's MeasureProcessCPUTime (every OpenMP and BLAS thread), Java through the process CPU time
(JIT and GC threads included), Python through the process clock plus the live worker processes'
(python_baselines/cpu_clock.py). The median over the repetitions of cpu / real is the cell's figure.

Why not the whole process (the launcher's rusage, kept as `process_cores`): it includes the interpreter's
start, imports, input generation, warm-up and calibration, all on one thread, so a 2-worker cell whose
timed part is short reads far below 2. It is recorded beside, and the report shows the warm figure only.

GPU busy = kernel time (CUDA events) / end-to-end time (copies in, kernel, copy out): the share of the
user's wait the GPU computed.
"""

from __future__ import annotations

import math
import statistics
from typing import Any

from speedlab import gbench
from speedlab.model import Cell, as_run
from speedlab.table import Table, Value, columns
from speedlab.table import text as words

# The impls of the GIL lesson, in the order the report quotes them.
GIL_IMPLS = ("python.loops", "python.threads", "python.processes", "cpp.openmp")
PARALLEL_SHARE = 0.75  # processes or OpenMP using under 75% of their threads' cores: the cores were not there


def figures(parsed: gbench.Parsed, record: dict[str, Any]) -> dict[str, Any]:
    """The cell's cores used (or GPU busy, for a cell timed by CUDA events) and the whole process's."""
    out: dict[str, Any] = {}
    end_to_end = (record.get("end_to_end") or {}).get("median_s")
    kernel = (record.get("summary") or {}).get("median_s")
    if end_to_end:  # manual timing: cpu_time is not comparable with the kernel's time
        if kernel and end_to_end > 0:
            out["gpu_busy"] = min(1.0, kernel / end_to_end)
    else:
        ratios = [
            rep.cpu_s / rep.real_s
            for rep in parsed.repetitions
            if math.isfinite(rep.cpu_s) and rep.cpu_s > 0 and rep.real_s > 0
        ]
        if ratios:
            out["cores_used"] = statistics.median(ratios)
    process = record.get("process") or {}
    wall, user, system = process.get("wall_s"), process.get("user_s"), process.get("sys_s")
    if wall and user is not None and system is not None:
        out["process_cores"] = (user + system) / wall
    return out


def text(cell: dict[str, Any]) -> str:
    """The table's 'cores' column: '1.97', 'GPU 41%' or '—'."""
    if cell.get("status") != "ok":
        return "—"
    if cell.get("gpu_busy") is not None:
        return f"GPU {cell['gpu_busy'] * 100:.0f}%"
    if cell.get("cores_used") is not None:
        return f"{cell['cores_used']:.2f}"
    return "—"


def gil_cells(document: dict[str, Any]) -> list[Cell]:
    """The measured cells of the GIL lesson that know their cores used, in story order."""
    run = as_run(document)
    # The lesson's workloads: those with a measured python.loops, the code the threads and processes split
    # (the dataloader's python.threads loads files instead: its own section, dataloader_report.py).
    lessons = {c.workload for c in run.cells if c.impl == "python.loops" and c.measured}
    cells = [
        c
        for c in run.cells
        if c.impl in GIL_IMPLS
        and c.measured
        and c.workload in lessons
        and c.cores_used is not None
        and not any(isinstance(v, str) for v in c.params.values())
    ]
    return sorted(cells, key=lambda c: (c.workload, sorted(c.params.items()), GIL_IMPLS.index(c.impl), c.threads))


def headline(cells: list[Cell]) -> str | None:
    """The lesson in one sentence, with this run's numbers at the most threads measured."""
    threads = max((c.threads for c in cells if c.impl != "python.loops"), default=1)
    if threads < 2:
        return None
    used = {
        impl: statistics.median(values)
        for impl in GIL_IMPLS[1:]
        if (values := [c.cores_used for c in cells if c.impl == impl and c.threads == threads])
    }
    if not used:
        return None
    quoted = ", ".join(f"`{impl}` {value:.2f}" for impl, value in used.items())
    sentence = f"On {threads} threads the cores used were: {quoted} (median over the workloads below). "
    parallel = [value for impl, value in used.items() if impl != "python.threads"]
    if parallel and max(parallel) < PARALLEL_SHARE * threads:  # nothing got the cores: the machine was busy
        return sentence + (
            f"Not even the processes or compiled threads got {threads} cores here: the machine was "
            f"busy (the cores column is what each cell got), so the GIL cannot show; rerun on a "
            f"quiet machine."
        )
    return sentence + (
        "Threads running Python bytecode take turns on the GIL, so `python.threads` uses about one "
        "core however many threads it has; processes and compiled threads use them all."
    )


GIL_HEADING = "The GIL: cores used"
GIL_INTRO = (
    "cores used = CPU time of the harness process and its worker processes over the timed repetitions / "
    "their wall time (see `runner/speedlab/cores.py`)."
)
GIL_HEADERS = ["workload", "size", "impl", "threads", "median", "cores used"]


def gil_table(document: dict[str, Any]) -> Table | None:
    """The GIL section's table (the lesson's sentence as its intro), or None when the run measured no threads
    or processes row."""
    cells = gil_cells(document)
    if not any(c.impl != "python.loops" for c in cells):
        return None
    table = Table(GIL_HEADING, columns(GIL_HEADERS, left=("workload", "size", "impl")), anchor="gil")
    table.intro = headline(cells) or ""
    for cell in cells:
        table.add(
            [
                words(cell.workload),
                words(", ".join(f"{k} = {v}" for k, v in cell.params.items())),
                words(cell.impl),
                words(str(cell.threads)),
                Value("duration", cell.seconds),
                Value("cores", cell.cores_used),
            ]
        )
    return table
