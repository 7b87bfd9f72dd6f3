"""One run, start to end: the run folder, the machine facts and ceilings, every cell, the rounds, the
ceilings' re-measurement, the derived files. The CLI's `run`, `reproduce` and `race` all measure through
execute_run; the terminal output goes to `console`."""

from __future__ import annotations

import sys
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from speedlab import ceilings as ceilings_module
from speedlab import ceilings_refresh, interrupts, lifecycle, results, rounds, sysinfo, terminal_report
from speedlab import report_markdown
from speedlab.harnesses import Harnesses
from speedlab.run import FAILURE_STATUSES, Runner, Settings

# Piped output (CI logs, `| tee`) gets wide tables instead of rich's 80 columns.
console = Console(highlight=False, width=None if sys.stdout.isatty() else 160)


def exit_status(document: dict) -> int:
    """128 + the signal if one ended the run (130: Ctrl-C), 1 if any cell failed (after listing them), else 0."""
    bad = [c for c in document["cells"] if c["status"] in FAILURE_STATUSES]
    if bad:
        console.print(f"[red]{len(bad)} cell(s) failed:[/]")
        for cell in bad:
            console.print(f"  [red]✗[/] {escape(cell['name'])}: {escape(cell['reason'])}")
    return lifecycle.exit_code(document) or (1 if bad else 0)


def execute_run(
    build_dir: Path,
    manifest,
    settings: Settings,
    cells: list,
    results_root: Path,
    measure_ceilings: bool | None = None,
    extra_run_facts: dict | None = None,
) -> tuple[dict, Path]:
    """Measures `cells` into a new run folder, writing results as it goes; returns the document and folder.
    SIGINT, SIGTERM or SIGHUP at any moment ends the run early with status "interrupted" (lifecycle.py);
    what was measured is kept and reported."""
    with lifecycle.Run(results_root, console, write_outputs, launcher=build_dir / "bin" / "speedlab_spawn") as life:
        _measure(life, build_dir, manifest, settings, cells, results_root, measure_ceilings, extra_run_facts)
    return life.document, life.run_dir


def _measure(
    life: lifecycle.Run,
    build_dir: Path,
    manifest,
    settings: Settings,
    cells: list,
    results_root: Path,
    measure_ceilings: bool | None,
    extra_run_facts: dict | None,
) -> None:
    run_dir = life.run_dir
    workload_names = list(dict.fromkeys(cell.workload.name for cell in cells))
    with interrupts.held():
        writer = life.start(
            {
                "schema": results.SCHEMA,
                "schema_version": results.SCHEMA_VERSION,
                "run": {
                    "id": run_dir.name,
                    "status": "running",
                    "started_utc": results.utc_now(),
                    "finished_utc": None,
                    "argv": sys.argv,
                    "settings": settings.as_dict(),
                    "git": results.git_facts(),
                    "build_dir": str(build_dir),
                    **(extra_run_facts or {}),
                },
                "machine": {},
                "ceilings": None,  # filled in below; an interruption before then leaves them empty
                "manifest": results.manifest_snapshot(manifest, workload_names),
                "cells": [],
            }
        )
    harnesses = Harnesses(manifest, build_dir, data_dir=run_dir / "data")
    languages = sorted({cell.impl.language for cell in cells if cell.not_applicable is None})
    statuses = {name: harnesses.status(name) for name in languages}
    machine = sysinfo.collect(build_dir, {n: s.context for n, s in statuses.items() if s.context})
    writer.document["machine"] = machine
    writer.flush()
    allow_measure = settings.preset.measure_ceilings if measure_ceilings is None else measure_ceilings
    if allow_measure and not ceilings_module.cache_path(results_root, machine).exists():
        console.print(
            "measuring this machine's ceilings (peak FLOP/s, memory bandwidth) once; cached in "
            f"{results_root / 'machines'}"
        )
    try:
        machine_ceilings = ceilings_module.load_or_measure(
            results_root, build_dir, machine, allow_measure=allow_measure
        )
    except RuntimeError as error:
        console.print(f"[yellow]ceilings not measured:[/] {error}")
        machine_ceilings = None
    writer.document["ceilings"] = machine_ceilings
    writer.flush()
    console.print(
        f"[bold]speedlab[/] {len(cells)} cells, preset [bold]{settings.preset.name}[/] "
        f"({settings.repetitions} repetitions, budget {settings.cell_budget:g} s/cell) → {run_dir}"
    )
    for name, status in statuses.items():
        if not status.usable:
            console.print(f"  [yellow]{name} impls will be skipped:[/] {status.reason}", width=terminal_report.WIDTH)

    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )
    task = progress.add_task("", total=len(cells))
    runner = Runner(
        manifest, harnesses, settings, on_cell_start=lambda cell: progress.update(task, description=cell.label())
    )
    with progress:
        for cell in cells:
            with interrupts.held():  # a cell measured is a cell kept, whenever the signal comes
                writer.add(runner.execute(cell))
            line = terminal_report.progress_line(writer.cells[-1])  # skips: once per reason, below
            if line:
                progress.console.print(line, width=terminal_report.WIDTH)
            progress.advance(task)
            interrupts.check()
    for line in terminal_report.skip_summary(writer.cells):
        console.print(line, width=terminal_report.WIDTH)
    rounds.extra_rounds(runner, writer, settings, console.print)
    if allow_measure and writer.document.get("ceilings"):
        ceilings_refresh.after_run(writer.document, results_root, build_dir, console.print)
        writer.flush()


def write_outputs(document: dict, run_dir: Path) -> None:
    """Every derived file of a run, from the document alone."""
    from speedlab import charts as charts_module
    from speedlab import html

    results.write_csv(document, run_dir / "results.csv")
    results.write_gbench(document, run_dir / "gbench.json")
    svgs = charts_module.all_charts(document)
    chart_dir = run_dir / "charts"
    chart_dir.mkdir(exist_ok=True)
    files = {}
    for chart_id, svg in svgs.items():
        (chart_dir / f"{chart_id}.svg").write_text(svg)
        files[chart_id] = f"charts/{chart_id}.svg"
    report_markdown.write_markdown(document, run_dir / "report.md", files)
    html.write_run(document, svgs, run_dir / "report.html")
