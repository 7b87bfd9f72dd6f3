"""The per-workload tables: one per workload and size, impls grouped by tier in reading order.

Each row: median time and spread, speedup over python.loops and over cpp.naive (both single-threaded),
throughput, share of the roofline bound, peak memory, the cold (whole-process) time, validation, all as
typed table.Values (a number and its kind) that the renderers format. Anything not measured says why,
below the table. Everything is computed from results.json alone, read through the typed model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from speedlab import analysis, ceilings, cores, peak_memory, uncertainty, units
from speedlab.manifest_model import format_params, is_axis_cell
from speedlab.model import FAILURES, Cell, Run, as_run
from speedlab.table import Column, Table, Value, number, status, text

BASELINES = ("python.loops", "cpp.naive")
STATUS_TEXT = units.STATUS_TEXT
ABOVE_CEILING = "above ceiling ⚠"
IN_CACHE = "in cache"  # memory-bound with its data in the last-level cache: the DRAM roof is not its ceiling
MISSING = status(units.MISSING)

# Formatting lives in units.py (one leaf module); these names stay for the callers that format one number.
format_seconds = units.seconds
format_rate = units.rate
format_memory = units.memory
geometric_mean = units.geometric_mean


def format_speedup(ratio: float | None, approximate: bool = False) -> str:
    return units.approximate(units.ratio(ratio), approximate)


def above_ceiling_note(roof: dict[str, Any]) -> str:
    if roof["limited_by"] == "memory":  # in bytes: the ceiling it beat is the bandwidth
        gbps = roof["achieved"] if roof["bound_unit"] == "GB/s" else roof["achieved"] / roof["intensity"]
        beaten = f"{gbps:.3g} GB/s against the {roof['peak_gbps']:.3g} GB/s bandwidth ceiling"
    else:
        beaten = f"{roof['achieved']:.3g} GFLOP/s against the {roof['peak_gflops']:.3g} GFLOP/s peak"
    return f"above the measured ceiling ({beaten}): re-measure with `{ceilings.REMEASURE}`"


# Column name, left-aligned, priority (a narrow terminal drops the lowest first; 0: never), short header.
COLUMNS = [
    Column("tier", "left", 8),
    Column("impl", "left", 0),
    Column("threads", "right", 9, "thr"),
    Column("cores", "right", 6),
    Column("median", "right", 0),
    Column("spread", "right", 6),
    Column("vs python.loops", "right", 0, "vs py"),
    Column("vs cpp.naive", "right", 7, "vs cpp"),
    Column("GFLOP/s", "right", 5),
    Column("GB/s", "right", 4),
    Column("roofline", "right", 1),
    Column("peak mem", "right", 2, "mem"),
    Column("cold", "right", 3),
    Column("check", "left", 0),
]
HEADERS = [column.name for column in COLUMNS]
# The row attributes the older callers read, as the text of a column.
_TEXT_OF = {
    "time": "median",
    "spread": "spread",
    "vs_python": "vs python.loops",
    "vs_cpp": "vs cpp.naive",
    "gflops": "GFLOP/s",
    "gbps": "GB/s",
    "roofline": "roofline",
    "memory": "peak mem",
    "cold": "cold",
    "check": "check",
}


@dataclass
class Row:
    model: Cell
    values: dict[str, Value]
    style: str = ""  # "failed" (a wrong answer, a crash, an impossible time) | "muted" (not measured) | ""
    speedup_python: float | None = None
    speedup_cpp: float | None = None
    note_index: int | None = None

    @property
    def cell(self) -> dict[str, Any]:
        return self.model.record

    tier = property(lambda self: self.model.tier)
    impl = property(lambda self: self.model.impl)
    threads = property(lambda self: self.model.threads)
    seconds = property(lambda self: self.model.seconds)
    extrapolated = property(lambda self: self.model.approximate)
    oversubscribed = property(lambda self: self.model.oversubscribed)

    def __getattr__(self, name: str) -> str:
        if name in _TEXT_OF:  # row.time, row.spread, ...: the words of that column
            return self.values[_TEXT_OF[name]].main
        raise AttributeError(name)


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

    @property
    def table(self) -> Table:
        table = Table(self.heading, list(COLUMNS), notes=list(self.notes), anchor=chart_ids(self))
        for position, row in enumerate(self.rows):
            if position and row.tier != self.rows[position - 1].tier:
                table.sections.add(position)
            table.add([row.values[c.name] for c in COLUMNS], style=row.style)
        return table


def blocks(document: dict[str, Any] | Run) -> list[Block]:
    run = as_run(document)
    tiers = list(run.tiers)
    grouped: dict[tuple, list[Cell]] = {}
    for cell in run.cells:
        if is_axis_cell(cell.params):  # isa = avx2, dtype = float32: in the axis tables (axes.py)
            continue
        grouped.setdefault((cell.workload, tuple(cell.params.items())), []).append(cell)
    out = []
    for (workload, params), cells in grouped.items():
        block = Block(workload, run.workload_info(workload).get("title", workload), dict(params))
        baselines = {name: next((c for c in cells if c.impl == name and c.threads == 1), None) for name in BASELINES}
        cells = sorted(cells, key=lambda c: (tiers.index(c.tier) if c.tier in tiers else len(tiers), c.impl, c.threads))
        block.rows = [_row(cell, baselines, block, run.ceilings) for cell in cells]
        out.append(block)
    return out


def _speedup(cell: Cell, base: Cell | None) -> tuple[float | None, Value]:
    ratio = base.seconds / cell.seconds if base is not None and base.seconds and cell.seconds else None
    # the ratio's ± when another run may not give it again (uncertainty.py); a cell against itself is exact
    half = None if ratio is None or base is cell else uncertainty.ratio_half_width(cell.record, base.record)
    shown = half if uncertainty.suffix(half) else None
    return ratio, number("ratio", ratio, cell.approximate or bool(base and base.approximate), plus_minus=shown)


def _time(cell: Cell) -> tuple[Value, Value, Value]:
    """The median, spread and check columns."""
    if cell.status == "ok" and cell.seconds is None:  # an older results file with a time that cannot be true
        return status("✗ impossible time"), text(""), status("✗")
    if cell.status == "ok":
        end_to_end = cell.kernel_only_end_to_end
        beside = number("duration", end_to_end) if end_to_end is not None else None
        median = number("duration", cell.seconds, beside=beside, beside_label="end to end")
        spread = number("spread", cell.statistics.summary.cv, warn=analysis.is_noisy(cell.record))
        return median, spread, status("✓")
    if cell.status == "extrapolated":
        return number("duration", cell.seconds, True), text("extrapolated"), MISSING
    check = "✗" if cell.status in FAILURES else units.MISSING
    return status(STATUS_TEXT.get(cell.status, cell.status)), text(""), status(check)


def share_value(share: float | None, approximate: bool = False) -> Value:
    if share is not None and share > 1.0:  # a share over 100% says the ceiling is wrong, not the cell beat the machine
        return status(ABOVE_CEILING)
    return number("percent", share, approximate)


def format_share(share: float | None) -> str:
    return share_value(share).main


def _roofline(roof: dict[str, Any] | None, approximate: bool) -> Value:
    if roof is None:
        return MISSING
    return status(IN_CACHE) if roof["in_cache"] else share_value(roof["share"], approximate)


def _row(cell: Cell, baselines: dict[str, Cell | None], block: Block, machine_ceilings: dict | None) -> Row:
    (vs_python, python_value), (vs_cpp, cpp_value) = (_speedup(cell, baselines[name]) for name in BASELINES)
    median, spread, check = _time(cell)
    shown = cell.status in ("ok", "extrapolated")
    roof = analysis.roofline(cell.record, machine_ceilings) if shown else None
    warm_cold = analysis.cold_vs_warm(cell.record)
    approximate = cell.approximate  # rates and the roofline share of an extrapolated time are as approximate
    reasons = [cell.reason] if cell.reason else []
    if roof and roof["above_ceiling"]:
        reasons.append(above_ceiling_note(roof))
    reasons += analysis.noise_notes(cell.record)
    note = None
    if reasons:
        block.notes.append(f"{cell.impl} (threads={cell.threads}): {'; '.join(reasons)}")
        note = len(block.notes)
    impl = cell.impl + (" (kernel only)" if cell.kernel_only_end_to_end is not None else "")
    values = {
        "tier": text(cell.tier),
        "impl": Value("text", text=impl, note=note),
        "threads": text(threads_text(cell.threads, cell.oversubscribed)),
        "cores": text(cores.text(cell.record)),
        "median": median,
        "spread": spread,
        "vs python.loops": python_value,
        "vs cpp.naive": cpp_value,
        "GFLOP/s": number("rate", cell.throughput.gflops, approximate) if shown else MISSING,
        "GB/s": number("rate", cell.throughput.gbps, approximate) if shown else MISSING,
        "roofline": _roofline(roof, approximate),
        "peak mem": peak_memory_value(cell) if cell.status == "ok" else MISSING,
        "cold": number("duration", warm_cold["cold_s"]) if warm_cold else MISSING,
        "check": check,
    }
    style = "failed" if cell.failed else ("muted" if cell.status != "ok" else "")
    return Row(cell, values, style, vs_python, vs_cpp, note)


def peak_memory_value(cell: Cell) -> Value:
    """The largest single process's peak, or the summed peak of the harness and its workers where larger (Σ)."""
    return peak_memory.value(cell.record.get("process"))


def kernel_only_end_to_end(cell: dict[str, Any]) -> float | None:
    """For a GPU cell whose median is the kernel alone (CUDA events) -- every CPU row is the whole
    computation -- the end-to-end median (copies in, kernel, copy out); None for any other cell."""
    return Cell.of(cell).kernel_only_end_to_end


approximate_text = units.approximate  # `~` before a value derived from an extrapolated time


def threads_text(threads: int, oversubscribed: bool) -> str:
    return f"{threads} (oversubscribed)" if oversubscribed else str(threads)


def values(row: Row) -> list[str]:
    """A row as the words of its columns."""
    return [row.values[c.name].main for c in COLUMNS]


def classification_line(document: dict[str, Any], workload: str) -> str | None:
    verdict = analysis.classify(document, workload)
    if not verdict or verdict["class"] == "neither":
        return None
    return f"On this machine {workload} is **{verdict['class']}**: {verdict['why']}."


def _params_slug(params: dict[str, int]) -> str:
    return "-".join(f"{k}{v}" for k, v in params.items())


def chart_ids(block: Block) -> str:
    return f"speedup-{block.workload}-{_params_slug(block.params)}"
