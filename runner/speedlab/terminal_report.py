"""What the terminal shows of a run: during it, one line per cell and each skip reason once; after it, the
headline matrix and where the report is; with --tables, every per-workload and axis table, fitted to 100
columns (render/terminal.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.markup import escape

from speedlab import gpu, headline, units, workload_tables
from speedlab.manifest_model import format_params
from speedlab.render import terminal

FAILURES = ("wrong_checksum", "failed", "timeout")
WIDTH = terminal.WIDTH  # every line of a run's output fits 100 columns
NOT_RUN = ("skipped", "not_applicable")


def progress_line(record: dict[str, Any]) -> str | None:
    """The line a measured or failed cell prints as it ends; None for a skipped or n/a cell (those are
    summarised once per reason at the end: skip_summary)."""
    if record["status"] in NOT_RUN:
        return None
    where = escape(
        f"{record['workload']} {record['impl']} {format_params(record['params'])} "
        f"threads={record['threads']}" + (" (oversubscribed)" if record.get("oversubscribed") else "")
    )
    if record["status"] == "ok":
        summary = record["summary"]
        return f"  [green]✓[/] {where}  {units.seconds(summary['median_s'])} ±{summary['cv'] * 100:.1f}%"
    if record["status"] in FAILURES:
        return f"  [red]✗ {where}: {record['status']}[/] — {escape(record['reason'])}"
    return f"  [dim]– {where}: {record['status']} — {escape(record.get('reason', ''))}[/]"


def _family(impls: list[str]) -> str:
    """cuda.naive, cuda.tiled -> cuda.*; mixed languages are listed."""
    languages = sorted({impl.split(".", 1)[0] for impl in impls})
    if len(set(impls)) == 1:
        return impls[0]
    return ", ".join(f"{language}.*" for language in languages)


def skip_summary(cells: list[dict[str, Any]]) -> list[str]:
    """One line per (status, reason): '25 cuda.* cells skipped: no usable CUDA device …'."""
    grouped: dict[tuple[str, str], list[str]] = {}
    for cell in cells:
        if cell["status"] in NOT_RUN:
            grouped.setdefault((cell["status"], cell.get("reason", "")), []).append(cell["impl"])
    out = []
    for (status, reason), impls in grouped.items():
        word = "skipped" if status == "skipped" else "not applicable"
        count = f"{len(impls)} {_family(impls)} cell{'s' if len(impls) > 1 else ''}"
        out.append(f"  [dim]– {escape(count)} {word}: {escape(reason)}[/]")
    return out


def print_tables(document: dict[str, Any], console, width: int = terminal.WIDTH) -> None:
    """Every per-workload table (story order) and axis table, each fitted to `width` columns."""
    for table in workload_tables.workload_tables(document) + workload_tables.axis_tables(document):
        terminal.show(table, console, width)
    section = gpu.section(document)
    if section is not None and not section.measured:
        console.print(
            f"GPU transfer shares and crossovers: not measured (no GPU: {section.reason})",
            style="dim",
            highlight=False,
            width=terminal.WIDTH,
        )
    elif section is not None:
        for crossover in section.crossovers:
            console.print(
                f"{crossover.workload}: {crossover.end_to_end}; {crossover.kernel_only}",
                highlight=False,
                width=terminal.WIDTH,
            )


def print_summary(document: dict[str, Any], console, run_dir, tables: bool = False) -> None:
    """The end of a run: the per-workload tables if asked, then the headline matrix, then the report."""
    if tables:
        print_tables(document, console)
    terminal.show(headline.matrix(document), console)
    where = _shown_path(run_dir)
    # A path is never broken across lines (it could not be copied): each on its own line, unwrapped.
    console.print("The whole story, with every table and chart:", highlight=False, width=terminal.WIDTH)
    console.print(f"  {where}/report.html (or report.md)", highlight=False, soft_wrap=True)
    console.print(f"  every table here: speedlab report {where} --terminal", highlight=False, soft_wrap=True)


def _shown_path(path) -> str:
    """A run folder as the user would type it: relative to the current directory when inside it."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)
