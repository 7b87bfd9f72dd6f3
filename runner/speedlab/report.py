"""Tables from a results document: the terminal view, report.md and the rows of report.html.

One table per workload and size, impls grouped by tier in reading order:
median time and spread, speedup over python.loops and over cpp.naive (both
single-threaded), throughput, share of the roofline bound, peak memory, the
cold (whole-process) time, validation. Anything not measured says why, below
the table. Everything is computed from results.json alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from speedlab import analysis, ceilings, sysinfo, uncertainty, units
from speedlab.analysis import cell_seconds
from speedlab.manifest import format_params, is_axis_cell
from speedlab.markup import md_escape
from speedlab import cores  # the cores column
from speedlab import peak_memory  # the peak mem column: summed over worker processes where larger

BASELINES = ("python.loops", "cpp.naive")
STATUS_TEXT = {
    "wrong_checksum": "✗ wrong checksum",
    "failed": "✗ failed",
    "timeout": "✗ timeout",
    "skipped": "skipped",
    "not_applicable": "n/a",
}
FAILURES = ("wrong_checksum", "failed", "timeout")


# Formatting lives in units.py (one leaf module for every table); these names stay for the older tables.
format_seconds = units.seconds
format_rate = units.rate


def format_speedup(ratio: float | None, approximate: bool = False) -> str:
    return units.approximate(units.ratio(ratio), approximate)


ABOVE_CEILING = "above ceiling ⚠"
IN_CACHE = "in cache"  # memory-bound with its data in the last-level cache: the DRAM roof is not its ceiling


def format_share(share: float | None) -> str:
    if share is None:
        return "—"
    if share > 1.0:  # a share over 100% says the ceiling is wrong, not that the cell beat the machine
        return ABOVE_CEILING
    return units.percent(share)


def above_ceiling_note(roof: dict[str, Any]) -> str:
    if roof["limited_by"] == "memory":  # in bytes: the ceiling it beat is the bandwidth
        gbps = roof["achieved"] if roof["bound_unit"] == "GB/s" else roof["achieved"] / roof["intensity"]
        beaten = f"{gbps:.3g} GB/s against the {roof['peak_gbps']:.3g} GB/s bandwidth ceiling"
    else:
        beaten = f"{roof['achieved']:.3g} GFLOP/s against the {roof['peak_gflops']:.3g} GFLOP/s peak"
    return f"above the measured ceiling ({beaten}): re-measure with `{ceilings.REMEASURE}`"


format_memory = units.memory


@dataclass
class Row:
    cell: dict[str, Any]
    tier: str
    impl: str
    threads: int
    time: str
    spread: str
    vs_python: str
    vs_cpp: str
    gflops: str
    gbps: str
    roofline: str
    memory: str
    cold: str
    check: str
    seconds: float | None = None
    speedup_python: float | None = None
    speedup_cpp: float | None = None
    extrapolated: bool = False
    noisy: bool = False
    note_index: int | None = None
    oversubscribed: bool = False  # more threads than usable cores (the cell record says so)


@dataclass
class Block:
    workload: str
    title: str
    params: dict[str, int]
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def heading(self) -> str:
        return f"{self.workload} ({format_params(self.params, ', ', ' = ')})"


def blocks(document: dict[str, Any]) -> list[Block]:
    snapshot = document.get("manifest", {})
    tiers = list(snapshot.get("tiers", {}))
    workloads = snapshot.get("workloads", {})
    grouped: dict[tuple, list[dict[str, Any]]] = {}
    for cell in document["cells"]:
        if is_axis_cell(cell["params"]):  # isa = avx2, dtype = float32: in the axis tables (axes.py)
            continue
        grouped.setdefault((cell["workload"], tuple(cell["params"].items())), []).append(cell)
    out = []
    for (workload, params), cells in grouped.items():
        block = Block(workload, workloads.get(workload, {}).get("title", workload), dict(params))
        baselines = {}
        for name in BASELINES:
            base = next((c for c in cells if c["impl"] == name and c["threads"] == 1), None)
            baselines[name] = (*cell_seconds(base), base) if base else (None, False, None)
        cells = sorted(
            cells, key=lambda c: (tiers.index(c["tier"]) if c["tier"] in tiers else len(tiers), c["impl"], c["threads"])
        )
        for cell in cells:
            block.rows.append(_row(cell, baselines, block, document.get("ceilings")))
        out.append(block)
    return out


def _row(
    cell: dict[str, Any],
    baselines: dict[str, tuple[float | None, bool, dict | None]],
    block: Block,
    machine_ceilings: dict[str, Any] | None,
) -> Row:
    seconds, approximate = cell_seconds(cell)
    throughput = cell.get("throughput") or {}
    ratios, texts = [], []
    for name in BASELINES:
        base, base_approx, base_cell = baselines[name]
        ratio = base / seconds if base is not None and seconds else None
        ratios.append(ratio)
        # the ratio's ± when another run may not give it again (uncertainty.py); a cell against itself is exact
        known = (
            ""
            if ratio is None or base_cell is cell
            else uncertainty.suffix(uncertainty.ratio_half_width(cell, base_cell))
        )
        texts.append(format_speedup(ratio, approximate or base_approx) + known)
    noisy = analysis.is_noisy(cell)
    if cell["status"] == "ok" and seconds is None:  # an older results file with a time that cannot be true
        time, spread, check = "✗ impossible time", "", "✗"
    elif cell["status"] == "ok":
        time = format_seconds(seconds)
        spread = f"±{cell['summary']['cv'] * 100:.1f}%" + (" ⚠" if noisy else "")
        check = "✓"
    elif cell["status"] == "extrapolated":
        time, spread, check = f"~{format_seconds(seconds)}", "extrapolated", "—"
    else:
        time, spread = STATUS_TEXT.get(cell["status"], cell["status"]), ""
        check = "✗" if cell["status"] in FAILURES else "—"
    show = cell["status"] in ("ok", "extrapolated")
    roof = analysis.roofline(cell, machine_ceilings) if show else None
    warm_cold = analysis.cold_vs_warm(cell)
    row = Row(
        cell,
        cell["tier"],
        cell["impl"],
        cell["threads"],
        time,
        spread,
        texts[0],
        texts[1],
        # rates and the roofline share of an extrapolated time are as approximate as the time: ~
        approximate_text(format_rate(throughput.get("gflops")), approximate) if show else "—",
        approximate_text(format_rate(throughput.get("gbps")), approximate) if show else "—",
        (IN_CACHE if roof["in_cache"] else approximate_text(format_share(roof["share"]), approximate)) if roof else "—",
        peak_memory.text(cell.get("process")) if cell["status"] == "ok" else "—",
        format_seconds(warm_cold["cold_s"]) if warm_cold else "—",
        check,
        seconds=seconds,
        speedup_python=ratios[0],
        speedup_cpp=ratios[1],
        extrapolated=approximate,
        noisy=noisy,
        oversubscribed=bool(cell.get("oversubscribed")),
    )
    reasons = [cell["reason"]] if cell.get("reason") else []
    if roof and roof["above_ceiling"]:
        reasons.append(above_ceiling_note(roof))
    reasons += analysis.noise_notes(cell)
    if reasons:
        block.notes.append(f"{cell['impl']} (threads={cell['threads']}): {'; '.join(reasons)}")
        row.note_index = len(block.notes)
    return row


HEADERS = [
    "tier",
    "impl",
    "threads",
    "cores",
    "median",
    "spread",
    "vs python.loops",
    "vs cpp.naive",
    "GFLOP/s",
    "GB/s",
    "roofline",
    "peak mem",
    "cold",
    "check",
]


def kernel_only_end_to_end(cell: dict[str, Any]) -> float | None:
    """For a GPU cell whose median is the kernel alone (CUDA events) -- every CPU row is the whole
    computation -- the end-to-end median (copies in, kernel, copy out); None for any other cell."""
    if (cell.get("language") != "cuda" and cell.get("tier") != "gpu") or cell["status"] != "ok":  # python.cupy
        return None
    return (cell.get("end_to_end") or {}).get("median_s")


approximate_text = units.approximate  # `~` before a value derived from an extrapolated time


def threads_text(threads: int, oversubscribed: bool) -> str:
    return f"{threads} (oversubscribed)" if oversubscribed else str(threads)


def values(row: Row) -> list[str]:
    end_to_end = kernel_only_end_to_end(row.cell)
    impl = row.impl + (" (kernel only)" if end_to_end is not None else "")
    impl += f" [{row.note_index}]" if row.note_index else ""
    time = row.time if end_to_end is None else f"{row.time} (end to end {format_seconds(end_to_end)})"
    return [
        row.tier,
        impl,
        threads_text(row.threads, row.oversubscribed),
        cores.text(row.cell),
        time,
        row.spread,
        row.vs_python,
        row.vs_cpp,
        row.gflops,
        row.gbps,
        row.roofline,
        row.memory,
        row.cold,
        row.check,
    ]


def classification_line(document: dict[str, Any], workload: str) -> str | None:
    verdict = analysis.classify(document, workload)
    if not verdict or verdict["class"] == "neither":
        return None
    return f"On this machine {workload} is **{verdict['class']}**: {verdict['why']}."


def print_tables(document: dict[str, Any], console) -> None:
    """Every table in the terminal, fitted to 100 columns (terminal_report.py)."""
    from speedlab import terminal_report

    terminal_report.print_tables(document, console)


_md_escape = md_escape  # what came from a run, made safe for Markdown (markup.py)


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
    f"- **peak mem**: the harness process's peak resident memory; {peak_memory.LEGEND}. **cold**: one whole process for one run"
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


def machine_lines(document: dict[str, Any]) -> list[tuple[str, str]]:
    return sysinfo.card(document.get("machine", {})) + ceilings.card(document.get("ceilings"))


def cold_rows(document: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, float]]]:
    out = []
    for cell in document["cells"]:
        split = analysis.cold_vs_warm(cell)
        if split and "startup_s" in split:
            out.append((cell, split))
    return out


def reading_guide(document: dict[str, Any]) -> list[str]:
    """The legend, and how far this run's ratios can be trusted to repeat (uncertainty.py)."""
    repeatability = uncertainty.sentence(document)
    return READING_GUIDE + ([f"- {repeatability}"] if repeatability else [])


def markdown(document: dict[str, Any], charts: dict[str, str] | None = None) -> str:
    """report.md, in story order (report_markdown.py)."""
    from speedlab import report_markdown

    return report_markdown.markdown(document, charts)


def _signed_seconds(seconds: float) -> str:
    return ("−" if seconds < 0 else "") + format_seconds(abs(seconds))


def _params_slug(params: dict[str, int]) -> str:
    return "-".join(f"{k}{v}" for k, v in params.items())


def chart_ids(block: Block) -> str:
    return f"speedup-{block.workload}-{_params_slug(block.params)}"


def write_markdown(document: dict[str, Any], path: Path, charts: dict[str, str] | None = None) -> None:
    from speedlab.profile import report_links  # profiles made into this run (speedlab profile --into RUN)

    path.write_text("\n".join([markdown(document, charts), *report_links(path.parent)]))


geometric_mean = units.geometric_mean
