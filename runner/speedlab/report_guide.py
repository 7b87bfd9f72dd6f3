"""The report's fixed words and its last two parts: how to read the tables, cold vs warm, the machine card."""

from __future__ import annotations

from typing import Any

from speedlab import analysis, ceilings, peak_memory, sysinfo, uncertainty
from speedlab.manifest_model import format_params
from speedlab.model import Cell, as_run
from speedlab.report import ABOVE_CEILING, threads_text
from speedlab.table import Column, Table, Value, columns, text

READING_GUIDE = [
    "- **median**: the median over repetitions of one run of the workload, in-process after warm-up (warm)."
    " **spread**: coefficient of variation over the repetitions; ⚠ marks a spread over"
    f" {analysis.NOISE_CV_THRESHOLD:.0%}, too wide to trust, or a cell whose every process ran while the machine"
    " was busy (CPU steal or other processes, read from /proc/stat; the note says which and what to do).",
    "- **vs python.loops**, **vs cpp.naive**: times faster than those single-threaded baselines at the same size"
    " (`~`: involves an extrapolated time; so do the GFLOP/s, GB/s and roofline share of an extrapolated cell).",
    "- **GFLOP/s**, **GB/s**: the workload's nominal FLOP and byte counts over the median time."
    " **roofline**: the share reached of what this machine allows at the workload's arithmetic intensity,"
    " min(peak FLOP/s, intensity × peak bandwidth), from the measured ceilings for the cell's thread count"
    f" (*{ABOVE_CEILING}*: faster than the measured ceiling, which is then too low — re-measure it).",
    f"- **peak mem**: the harness process's peak resident memory; {peak_memory.LEGEND}. **cold**: one whole"
    " process for one run"
    " (interpreter/JVM start, loading, input generation, one un-warmed run) — what a user waits for.",
    "- **threads**: threads the impl was allowed (OpenMP, BLAS); single-threaded impls always use 1."
    " *oversubscribed*: more threads than the run's usable cores, so they took turns."
    " **cores**: cores used, the CPU time of the harness process and its workers over the timed repetitions"
    " divided by their wall time; for a GPU row, *GPU n%*: kernel time over end-to-end time.",
    "- **(kernel only)**: a GPU row's median, speedups and rates are the kernel alone (CUDA events), while every"
    " CPU row is the whole computation; **end to end** beside it adds the copies to and from the device.",
    "- **check**: ✓ the checksum matched the reference within the workload's tolerance; ✗ it did not, or the"
    " impl failed — such a cell never shows a speed.",
]


def reading_guide(document: dict[str, Any]) -> list[str]:
    """The legend, and how far this run's ratios can be trusted to repeat (uncertainty.py)."""
    repeatability = uncertainty.sentence(document)
    return READING_GUIDE + ([f"- {repeatability}"] if repeatability else [])


def machine_lines(document: dict[str, Any]) -> list[tuple[str, str]]:
    return sysinfo.card(document.get("machine", {})) + ceilings.card(document.get("ceilings"))


def machine_card(machines: list[tuple[str, list[tuple[str, str]]]]) -> Table:
    """The machine card: a row per fact, a column per machine (one, or two side by side for compare)."""
    labels = list(dict.fromkeys(label for _, lines in machines for label, _ in lines))
    names = [""] + [name for name, _ in machines]
    table = Table("", [Column(name, "left") for name in names], anchor="machine-card")
    for label in labels:
        table.add([text(label), *(text(dict(lines).get(label, "—")) for _, lines in machines)])
    return table


def cold_rows(document: dict[str, Any]) -> list[tuple[Cell, dict[str, float]]]:
    out = []
    for cell in as_run(document).cells:
        split = analysis.cold_vs_warm(cell.record)
        if split and "startup_s" in split:
            out.append((cell, split))
    return out


COLD_INTRO = (
    "The warm time is in-process after warm-up; the cold time is one whole process, spawn to exit, for one run "
    "at the same size. Startup = cold − the cold run's own time (interpreter or JVM start, module loading, CUDA "
    "context, input generation); first-run penalty = the cold run − the warm median (JIT compilation, cold "
    "caches)."
)
COLD_HEADERS = [
    "workload",
    "impl",
    "threads",
    "size",
    "warm",
    "first run",
    "cold process",
    "startup",
    "first-run penalty",
]


def cold_table(document: dict[str, Any]) -> Table | None:
    rows = cold_rows(document)
    if not rows:
        return None
    table = Table("", columns(COLD_HEADERS, left=("workload", "impl", "size")), anchor="cold-table")
    for cell, split in rows:
        table.add(
            [
                text(cell.workload),
                text(cell.impl),
                text(threads_text(cell.threads, cell.oversubscribed)),
                text(format_params(cell.params)),
                *(
                    Value("duration", split[key])
                    for key in ("warm_s", "first_run_s", "cold_s", "startup_s", "first_run_penalty_s")
                ),
            ]
        )
    return table
