"""Tables from a results document: the terminal view and report.md.

One table per workload and size, impls grouped by tier in reading order:
median time, spread (coefficient of variation over the repetitions), speedup
over python.loops and over cpp.naive (both single-threaded), throughput,
threads, validation. Anything not measured says why, below the table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from speedlab import sysinfo

BASELINES = ("python.loops", "cpp.naive")
STATUS_TEXT = {"wrong_checksum": "✗ wrong checksum", "failed": "✗ failed", "timeout": "✗ timeout",
               "skipped": "skipped", "not_applicable": "n/a"}


def format_seconds(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6), ("ns", 1e-9)):
        if seconds >= scale or unit == "ns":
            value = seconds / scale
            return f"{value:,.0f} {unit}" if value >= 100 else f"{value:.3g} {unit}"
    return f"{seconds:.3g} s"


def format_speedup(ratio: float | None, approximate: bool = False) -> str:
    if ratio is None:
        return "—"
    text = f"{ratio:,.0f}×" if ratio >= 100 else f"{ratio:.3g}×"
    return f"~{text}" if approximate else text


def format_rate(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:,.0f}" if value >= 100 else f"{value:.3g}"


def cell_seconds(cell: dict[str, Any]) -> tuple[float | None, bool]:
    """The time to compare (median, or the extrapolation) and whether it is extrapolated."""
    if cell["status"] == "ok":
        return cell["summary"]["median_s"], False
    if cell["status"] == "extrapolated":
        return cell["extrapolated"]["median_s"], True
    return None, False


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
    check: str
    note_index: int | None = None


@dataclass
class Block:
    workload: str
    title: str
    params: dict[str, int]
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def heading(self) -> str:
        args = ", ".join(f"{key} = {value:,}" for key, value in self.params.items())
        return f"{self.workload} ({args})"


def blocks(document: dict[str, Any]) -> list[Block]:
    snapshot = document.get("manifest", {})
    tiers = list(snapshot.get("tiers", {}))
    workloads = snapshot.get("workloads", {})
    grouped: dict[tuple, list[dict[str, Any]]] = {}
    for cell in document["cells"]:
        key = (cell["workload"], tuple(cell["params"].items()))
        grouped.setdefault(key, []).append(cell)
    out = []
    for (workload, params), cells in grouped.items():
        block = Block(workload, workloads.get(workload, {}).get("title", workload), dict(params))
        baselines = {}
        for name in BASELINES:
            base = next((c for c in cells if c["impl"] == name and c["threads"] == 1), None)
            baselines[name] = cell_seconds(base) if base else (None, False)
        cells = sorted(cells, key=lambda c: (tiers.index(c["tier"]) if c["tier"] in tiers else len(tiers),
                                             c["impl"], c["threads"]))
        for cell in cells:
            block.rows.append(_row(cell, baselines, block))
        out.append(block)
    return out


def _row(cell: dict[str, Any], baselines: dict[str, tuple[float | None, bool]], block: Block) -> Row:
    seconds, approximate = cell_seconds(cell)
    throughput = cell.get("throughput") or {}
    speedups = []
    for name in BASELINES:
        base, base_approx = baselines[name]
        ratio = base / seconds if base is not None and seconds else None
        speedups.append(format_speedup(ratio, approximate or base_approx))
    if cell["status"] == "ok":
        time = format_seconds(seconds)
        spread = f"±{cell['summary']['cv'] * 100:.1f}%"
        check = "✓"
    elif cell["status"] == "extrapolated":
        time = f"~{format_seconds(seconds)}"
        spread = "extrapolated"
        check = "—"
    else:
        time = STATUS_TEXT.get(cell["status"], cell["status"])
        spread = ""
        check = "✗" if cell["status"] in ("wrong_checksum", "failed", "timeout") else "—"
    show_rates = cell["status"] in ("ok", "extrapolated")
    row = Row(cell, cell["tier"], cell["impl"], cell["threads"], time, spread, speedups[0], speedups[1],
              format_rate(throughput.get("gflops")) if show_rates else "—",
              format_rate(throughput.get("gbps")) if show_rates else "—", check)
    if cell.get("reason"):
        block.notes.append(f"{cell['impl']} (threads={cell['threads']}): {cell['reason']}")
        row.note_index = len(block.notes)
    return row


HEADERS = ["tier", "impl", "threads", "median", "spread", "vs python.loops", "vs cpp.naive", "GFLOP/s", "GB/s",
           "check"]


def _values(row: Row) -> list[str]:
    impl = row.impl + (f" [{row.note_index}]" if row.note_index else "")
    return [row.tier, impl, str(row.threads), row.time, row.spread, row.vs_python, row.vs_cpp, row.gflops,
            row.gbps, row.check]


def print_tables(document: dict[str, Any], console) -> None:
    from rich.table import Table

    for block in blocks(document):
        table = Table(title=block.heading, title_justify="left", header_style="bold")
        for header in HEADERS:
            table.add_column(header, justify="right" if header not in ("tier", "impl", "check") else "left")
        previous_tier = None
        for row in block.rows:
            if previous_tier is not None and row.tier != previous_tier:
                table.add_section()
            previous_tier = row.tier
            style = "red" if row.check == "✗" else ("dim" if row.cell["status"] != "ok" else None)
            table.add_row(*_values(row), style=style)
        console.print(table)
        for index, note in enumerate(block.notes, 1):
            console.print(f"  [{index}] {note}", style="dim", highlight=False)
        console.print()


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|")


def markdown(document: dict[str, Any]) -> str:
    run = document["run"]
    settings = run.get("settings", {})
    lines = [
        "# speedlab report",
        "",
        f"Run `{run.get('id')}`: preset **{settings.get('preset')}**, {settings.get('repetitions')} repetitions "
        f"per cell (min {settings.get('min_time_s')} s each, {settings.get('warmup_s')} s warm-up), seed "
        f"{settings.get('seed')}; started {run.get('started_utc')}, status **{run.get('status')}**.",
        "",
        "## Machine",
        "",
        "| | |",
        "| --- | --- |",
    ]
    lines += [f"| {label} | {_md_escape(value)} |" for label, value in sysinfo.card(document.get("machine", {}))]
    lines += [
        "",
        "## How to read the tables",
        "",
        "- **median**: the median over repetitions of the time for one run of the workload (warm: in-process,"
        " after warm-up). **spread**: coefficient of variation (standard deviation / mean) over the repetitions.",
        "- **vs python.loops**, **vs cpp.naive**: how many times faster than those single-threaded baselines at the"
        " same size (`~` marks a ratio that involves an extrapolated time).",
        "- **threads**: the threads the impl was allowed (OpenMP, BLAS); single-threaded impls always use 1.",
        "- **check**: ✓ the checksum matched the reference within the workload's tolerance; ✗ it did not, or the"
        " impl failed — such a cell never shows a speed.",
        "",
    ]
    snapshot = document.get("manifest", {})
    for block in blocks(document):
        info = snapshot.get("workloads", {}).get(block.workload, {})
        lines += [f"## {block.heading}", ""]
        if info.get("description"):
            lines += [f"{block.title}: {info['description']}.", ""]
        lines += ["| " + " | ".join(HEADERS) + " |", "|" + "|".join(["---"] * len(HEADERS)) + "|"]
        for row in block.rows:
            lines.append("| " + " | ".join(_md_escape(v) for v in _values(row)) + " |")
        lines.append("")
        for index, note in enumerate(block.notes, 1):
            lines.append(f"{index}. {_md_escape(note)}")
        if block.notes:
            lines.append("")
        descriptions = {row.impl: row.cell.get("description", "") for row in block.rows}
        lines += ["<details><summary>What each impl does</summary>", ""]
        lines += [f"- `{impl}`: {text}" for impl, text in descriptions.items() if text]
        lines += ["", "</details>", ""]
    return "\n".join(lines)


def write_markdown(document: dict[str, Any], path: Path) -> None:
    path.write_text(markdown(document))
