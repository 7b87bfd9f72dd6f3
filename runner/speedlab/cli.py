"""speedlab's command line: run, list, sysinfo, report."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from speedlab import report as report_module
from speedlab import reproduce as reproduce_module
from speedlab import ceilings as ceilings_module
from speedlab import ceilings_refresh
from speedlab import interrupts, jsonio, lifecycle, results, rounds, sysinfo, terminal_report
from speedlab.cli_options import (
    ALPHA,
    PRECISION,
    PROCESSES,
    REPETITIONS,
    SECONDS,
    SECONDS_POSITIVE,
    SEED,
    warn_oversubscribed,
)
from speedlab.cli_options import load_results as _load_results
from speedlab.cli_options import parse_sizes as _parse_sizes
from speedlab.harnesses import RESULTS_DIR, Harnesses, default_build_dir
from speedlab.manifest import ManifestError, load_manifest
from speedlab.run import FAILURE_STATUSES, PlanError, Runner, Settings, parse_choice_overrides, plan

# Piped output (CI logs, `| tee`) gets wide tables instead of rich's 80 columns.
console = Console(highlight=False, width=None if sys.stdout.isatty() else 160)


def _split(values: tuple[str, ...]) -> list[str]:
    """Accepts both --x a,b and --x a --x b."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def parse_sizes(values: tuple[str, ...]) -> list[int] | None:
    return _parse_sizes(_split(values))


def _load(manifest_dir: Path | None):
    try:
        return load_manifest(manifest_dir)
    except ManifestError as error:
        raise click.ClickException(f"manifest error: {error}") from None


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option(
    "--manifest",
    "manifest_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder with suite.toml and workloads/ (default: benchmarks/).",
)
@click.option(
    "--build-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="CMake build folder with the harnesses (default: build/, or $SPEEDLAB_BUILD_DIR).",
)
@click.pass_context
def cli(ctx: click.Context, manifest_dir: Path | None, build_dir: Path | None) -> None:
    """speedlab: the same computation in Python, NumPy, Java, C++ and CUDA, timed by one runner."""
    ctx.obj = {"manifest_dir": manifest_dir, "build_dir": (build_dir or default_build_dir()).resolve()}


# ----------------------------------------------------------------- run


@cli.command()
@click.option("--preset", default="quick", show_default=True, help="smoke | quick | full (see benchmarks/suite.toml).")
@click.option("--workloads", "-w", multiple=True, help="Workloads to run (comma-separated; default: all).")
@click.option("--impls", "-i", multiple=True, help="Impls to run, names or globs: cpp.naive, 'cpp.*', '*.numpy'.")
@click.option("--sizes", "-s", multiple=True, help="Sizes for each workload's size parameter, e.g. 1e6,1e7.")
@click.option(
    "--param",
    "-p",
    "choice_params",
    multiple=True,
    metavar="NAME=VALUE[,VALUE]",
    help="Values of a choice parameter at every size, instead of the preset's: -p dtype=float64,float32, "
    "-p isa=x86-64,avx2,native (impls run the values their manifest entry declares).",
)
@click.option(
    "--threads", "-t", multiple=True, help="Thread counts for multi-threaded impls: 1, all, 4 (default: the preset's)."
)
@click.option(
    "--repetitions", "-r", type=REPETITIONS, default=None, help="Repetitions per cell (default: the preset's)."
)
@click.option(
    "--processes",
    type=PROCESSES,
    default=None,
    help="Harness processes per cell for the warm time (default: the preset's); all their repetitions "
    "are kept, so compare sees the variance between processes. Interleaved: the 2nd..Nth run in "
    "later rounds of the run, in shuffled order.",
)
@click.option(
    "--interleave/--no-interleave",
    default=None,
    help="Run a cell's extra processes in later shuffled rounds (default) or back to back.",
)
@click.option(
    "--precision",
    type=PRECISION,
    default=None,
    metavar="PERCENT",
    help="Keep adding interleaved processes to cells whose median is known less well than ±PERCENT "
    "(95%), up to --max-processes each: e.g. --precision 2.5 for ratios that repeat within 5%.",
)
@click.option(
    "--max-processes", type=PROCESSES, default=None, help="With --precision: processes per cell at most (default 10)."
)
@click.option("--min-time", type=SECONDS, default=None, help="Seconds each repetition runs at least.")
@click.option("--warmup", type=SECONDS, default=None, help="Seconds of warm-up before timing.")
@click.option("--timeout", type=SECONDS_POSITIVE, default=None, help="Seconds before a harness process is killed.")
@click.option(
    "--budget",
    type=SECONDS_POSITIVE,
    default=None,
    help="Seconds a cell may be predicted to take; slower cells are extrapolated, not run.",
)
@click.option("--seed", type=SEED, default=None, help="Seed of the shared input generator (default 42).")
@click.option(
    "--cold/--no-cold", default=None, help="Also time one whole process per cell (cold start); default: the preset's."
)
@click.option(
    "--cold-runs",
    type=click.IntRange(min=1),
    default=None,
    help="Whole processes per cell for the cold time, their median (hyperfine-style); implies --cold.",
)
@click.option(
    "--ceilings/--no-ceilings",
    "measure_ceilings",
    default=None,
    help="Measure this machine's peak FLOP/s and bandwidth if not cached; default: the preset's.",
)
@click.option(
    "--results-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=RESULTS_DIR,
    show_default=False,
    help="Where runs/<time>_<host>/ and latest go (default: reports/).",
)
@click.option(
    "--tables",
    "show_tables",
    is_flag=True,
    help="After the run, print every per-workload table too (default: the headline matrix only).",
)
@click.pass_obj
def run(
    obj,
    preset,
    workloads,
    impls,
    sizes,
    choice_params,
    threads,
    repetitions,
    processes,
    interleave,
    precision,
    max_processes,
    min_time,
    warmup,
    timeout,
    budget,
    seed,
    cold,
    cold_runs,
    measure_ceilings,
    results_dir,
    show_tables,
) -> None:
    """Measure the selected cells and write a results folder and report."""
    manifest = _load(obj["manifest_dir"])
    if preset not in manifest.presets:
        raise click.BadParameter(
            f"unknown preset '{preset}'; presets: {', '.join(manifest.presets)}", param_hint="--preset"
        )
    try:
        settings = Settings.from_preset(
            manifest.presets[preset],
            repetitions=repetitions,
            min_time=min_time,
            warmup=warmup,
            timeout=timeout,
            cell_budget=budget,
            seed=seed,
            threads=_split(threads) or None,
            processes=processes,
            interleave=interleave,
            precision=precision / 100 if precision else None,
            max_processes=max_processes,
            cold=True if cold is None and cold_runs else cold,
            cold_runs=cold_runs,
        )
        cells = plan(
            manifest,
            settings,
            _split(workloads) or None,
            _split(impls) or None,
            parse_sizes(sizes),
            parse_choice_overrides(list(choice_params)),
        )
    except PlanError as error:
        raise click.UsageError(str(error)) from None
    warn_oversubscribed(cells)

    document, run_dir = execute_run(
        obj["build_dir"], manifest, settings, cells, Path(results_dir).resolve(), measure_ceilings
    )
    status = exit_status(document)  # lists the failed cells first: the headline matrix ends the output
    terminal_report.print_summary(document, console, run_dir, show_tables)
    sys.exit(status)


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
    with lifecycle.Run(results_root, console, _write_outputs, launcher=build_dir / "bin" / "speedlab_spawn") as life:
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


def _write_outputs(document: dict, run_dir: Path) -> None:
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
    report_module.write_markdown(document, run_dir / "report.md", files)
    html.write_run(document, svgs, run_dir / "report.html")


# ----------------------------------------------------------------- report


@cli.command("report")
@click.argument("run_path", metavar="RUN", type=click.Path(path_type=Path), default=RESULTS_DIR / "latest")
@click.option("--quiet", "-q", is_flag=True, help="Write the files without printing the tables.")
@click.option(
    "--terminal",
    "show_tables",
    is_flag=True,
    help="Print every per-workload table (fitted to 100 columns), not only the headline matrix.",
)
def report_command(run_path: Path, quiet: bool, show_tables: bool) -> None:
    """Regenerate report.md, report.html, charts, results.csv and gbench.json from RUN's results.json alone
    (default: reports/latest)."""
    document = _load_results(run_path)
    run_dir = run_path if run_path.is_dir() else run_path.parent
    _write_outputs(document, run_dir)
    if not quiet:
        terminal_report.print_summary(document, console, run_dir, show_tables)
    console.print(f"wrote {run_dir}/report.md, report.html, charts/, results.csv, gbench.json")


# ----------------------------------------------------------------- reproduce


@cli.command("reproduce")
@click.argument("names", nargs=-1)
@click.option("--list", "list_sources", is_flag=True, help="List the published tables that can be reproduced.")
@click.option("--all", "all_sources", is_flag=True, help="Reproduce every published table (one shared run).")
@click.option(
    "--scale",
    type=click.Choice(reproduce_module.SCALES),
    default="default",
    show_default=True,
    help="smoke: tiny sizes (tests); default: the published size, slow rows extrapolated; full: measure "
    "at the published size whatever it costs.",
)
@click.option("--full", is_flag=True, help="Same as --scale full.")
@click.option(
    "--conditions",
    type=click.Choice(reproduce_module.CONDITIONS),
    default="source",
    show_default=True,
    help="source: each row's source-faithful variant (the source's flags and code style); ours: "
    "speedlab's own impls (rows that differ from the source read 'not comparable').",
)
@click.option(
    "--from",
    "from_run",
    type=click.Path(path_type=Path),
    default=None,
    help="Compute the tables from an existing run instead of measuring.",
)
@click.option(
    "--results-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=RESULTS_DIR,
    help="Where the run folder goes (default: reports/).",
)
@click.pass_obj
def reproduce_command(obj, names, list_sources, all_sources, scale, full, conditions, from_run, results_dir) -> None:
    """Re-measure published comparison tables (reports/published/) and print published | measured | ratio."""
    try:
        sources = reproduce_module.load_sources()
        if list_sources:
            table = Table(title="published tables", title_justify="left", header_style="bold")
            for header in ("name", "source", "tables"):
                table.add_column(header)
            for source in sources.values():
                table.add_row(source.name, f"{source.title} ({source.year})", "; ".join(t.name for t in source.tables))
            console.print(table)
            return
        if not names and not all_sources:
            raise click.UsageError(f"name a published table or pass --all; known: {', '.join(sources)}")
        chosen = list(sources.values()) if all_sources else [reproduce_module.select(sources, n) for n in names]
    except reproduce_module.ReproduceError as error:
        raise click.UsageError(str(error)) from None
    scale = "full" if full else scale
    manifest = _load(obj["manifest_dir"])
    if from_run is not None:
        document = _load_results(from_run)
        run_dir = from_run if from_run.is_dir() else from_run.parent
    else:
        settings = reproduce_module.settings_for(chosen, manifest, scale)
        try:
            cells, problems = reproduce_module.cells_for(chosen, manifest, settings, scale, conditions)
        except reproduce_module.ReproduceError as error:
            raise click.UsageError(str(error)) from None
        for problem in problems:
            console.print(f"[yellow]{problem}[/]")
        document, run_dir = execute_run(
            obj["build_dir"],
            manifest,
            settings,
            cells,
            Path(results_dir).resolve(),
            extra_run_facts={"reproduce": [s.name for s in chosen], "scale": scale, "conditions": conditions},
        )
    for source in chosen:
        tables = reproduce_module.evaluate(source, document, manifest, scale, conditions)
        path = reproduce_module.write(source, tables, document, run_dir, scale, conditions)
        console.print(f"\n[bold]{source.name}[/]: {source.title}")
        for result in tables:
            view = Table(title=result.spec.name, title_justify="left", header_style="bold")
            cols = reproduce_module.headers(result.spec)
            for header in cols:
                view.add_column(header, overflow="fold")
            for row in result.rows:
                style = "red" if row.verdict == "contradicted" else None
                view.add_row(
                    *reproduce_module.row_values(result.spec, row, reproduce_module.machine_peak(document)), style=style
                )
            console.print(view)
            console.print(f"verdict: {result.verdict()}")
        console.print(f"wrote {path} and {path.with_suffix('.html').name}")
    if from_run is None and lifecycle.exit_code(document):
        sys.exit(lifecycle.exit_code(document))


# ----------------------------------------------------------------- compare


@cli.command("compare")
@click.argument("run_a", metavar="RUN_A", type=click.Path(path_type=Path))
@click.argument("run_b", metavar="RUN_B", type=click.Path(path_type=Path))
@click.option(
    "--alpha",
    type=ALPHA,
    default=0.05,
    show_default=True,
    help="Significance level of the U test, after the Benjamini-Hochberg correction across cells.",
)
@click.option(
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder for compare.md and compare.html (default: reports/compare/A_vs_B/).",
)
def compare_command(run_a: Path, run_b: Path, alpha: float, output: Path | None) -> None:
    """Compare two runs cell by cell: ratio, Mann-Whitney U test, geometric mean per tier, both machines."""
    from speedlab import compare, html

    document_a, document_b = _load_results(run_a), _load_results(run_b)
    comparison = compare.compare(document_a, document_b, alpha)
    output = output or RESULTS_DIR / "compare" / f"{document_a['run']['id']}_vs_{document_b['run']['id']}"
    output.mkdir(parents=True, exist_ok=True)
    (output / "compare.md").write_text(compare.markdown(comparison))
    (output / "compare.html").write_text(html.render_compare(comparison))

    table = Table(title="B vs A per cell", title_justify="left", header_style="bold")
    for header in compare.HEADERS:
        table.add_column(header, justify="left" if header in ("workload / size", "impl", "verdict") else "right")
    for row in comparison.rows:
        style = {"B faster": "green", "B slower": "red"}.get(row.verdict, None if row.comparable else "dim")
        table.add_row(*compare.row_values(row), style=style)
    console.print(table)
    summary = Table(title="geometric-mean speedup per tier (B vs A)", title_justify="left", header_style="bold")
    for header in ("tier", "B vs A", "cells"):
        summary.add_column(header)
    for values in compare.summary_values(comparison):
        summary.add_row(*values)
    console.print(summary)
    for note in compare.notes(comparison):
        console.print(note, style="dim")
    for title, cells in (("only in A", comparison.only_a), ("only in B", comparison.only_b)):
        if cells:
            console.print(f"{len(cells)} cell(s) {title}: " + ", ".join(c["name"] for c in cells))
    console.print(f"wrote {output}/compare.md and compare.html")


# ----------------------------------------------------------------- list


@cli.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of tables.")
@click.pass_obj
def list_command(obj, as_json: bool) -> None:
    """Workloads, their impls, and whether each can run here."""
    manifest = _load(obj["manifest_dir"])
    harnesses = Harnesses(manifest, obj["build_dir"])
    listing = []
    for workload in manifest.workloads.values():
        for impl in sorted(workload.impls.values(), key=lambda i: (manifest.tier_rank(i.tier), i.name)):
            status = harnesses.status(impl.language)
            if not status.usable:
                state, reason = "unavailable", status.reason
            elif (workload.name, impl.name) not in status.impls:
                state, reason = "not built", f"the {impl.language} harness does not implement it"
            else:
                state, reason = "ready", ""
            listing.append(
                {
                    "workload": workload.name,
                    "impl": impl.name,
                    "tier": impl.tier,
                    "threads": impl.threads,
                    "state": state,
                    "reason": reason,
                    "description": impl.description,
                    "presets": list(impl.presets),
                }
            )
        for impl_name, reason in workload.not_applicable.items():
            listing.append(
                {
                    "workload": workload.name,
                    "impl": impl_name,
                    "tier": "",
                    "threads": "",
                    "state": "not applicable",
                    "reason": reason,
                    "description": "",
                }
            )
    if as_json:
        click.echo(
            jsonio.dumps(
                {
                    "workloads": {
                        w.name: {"title": w.title, "size_param": w.size_param, "sizes": w.sizes}
                        for w in manifest.workloads.values()
                    },
                    "impls": listing,
                },
                indent=2,
            )
        )
        return
    for workload in manifest.workloads.values():
        sizes = "; ".join(
            f"{preset}: " + ", ".join(f"{p[workload.size_param]:,}" for p in entries)
            for preset, entries in workload.sizes.items()
        )
        table = Table(
            title=f"{workload.name} — {workload.title} ({workload.size_param}; {sizes})",
            title_justify="left",
            header_style="bold",
        )
        for header in ("impl", "tier", "threads", "state", "description / reason"):
            table.add_column(header)
        for item in (entry for entry in listing if entry["workload"] == workload.name):
            style = {"ready": None, "not applicable": "dim"}.get(item["state"], "yellow")
            text = item["description"] if item["state"] == "ready" else item["reason"]
            if item.get("presets"):
                text += f" (runs in preset {', '.join(item['presets'])}, or when --impls selects it)"
            table.add_row(item["impl"], item["tier"], item["threads"], item["state"], text, style=style)
        console.print(table)


# ----------------------------------------------------------------- sysinfo


@cli.command("sysinfo")
@click.option("--json", "as_json", is_flag=True, help="Print every fact as JSON.")
@click.option(
    "--measure",
    is_flag=True,
    help="Also the ceilings: peak FLOP/s and memory bandwidth (1 thread and "
    "all), GPU copy/GEMM/transfer rates; measured once, then cached.",
)
@click.option(
    "--remeasure",
    is_flag=True,
    help="Measure the ceilings again even if cached; each candidate keeps its best figure over every trial.",
)
@click.option(
    "--results-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=RESULTS_DIR,
    help="Where the ceilings cache (machines/) lives (default: reports/).",
)
@click.pass_obj
def sysinfo_command(obj, as_json: bool, measure: bool, remeasure: bool, results_dir: Path) -> None:
    """The machine: CPU, SIMD, caches, memory, GPU, compilers, BLAS, Python/NumPy/Java; --measure: its ceilings."""
    manifest = _load(obj["manifest_dir"])
    harnesses = Harnesses(manifest, obj["build_dir"])
    contexts = {name: s.context for name, s in harnesses.all_statuses().items() if s.context}
    facts = sysinfo.collect(obj["build_dir"], contexts)
    lines = sysinfo.card(facts)
    if measure or remeasure:
        try:
            facts["ceilings"] = ceilings_module.load_or_measure(
                Path(results_dir).resolve(), obj["build_dir"], facts, remeasure=remeasure
            )
        except RuntimeError as error:
            raise click.ClickException(f"cannot measure the ceilings: {error}") from None
        lines += ceilings_module.card(facts["ceilings"])
    if as_json:
        click.echo(jsonio.dumps(facts, indent=2))
        return
    table = Table(show_header=False, title="this machine", title_justify="left")
    table.add_column(style="bold")
    table.add_column()
    for label, value in lines:
        table.add_row(label, value)
    console.print(table)


from speedlab.profile import profile_command  # noqa: E402 - a subcommand in a module of its own

cli.add_command(profile_command)


def main() -> None:
    cli(prog_name="speedlab")


# ----------------------------------------------------------------- fleet (cli_fleet.py), --dask-scheduler
# (at import, below main(): registered before main() runs)

from speedlab import dask_options  # noqa: E402
from speedlab.cli_fleet import fleet as _fleet  # noqa: E402

cli.add_command(_fleet)
dask_options.install(run)  # speedlab run --dask-scheduler ADDRESS (dask_options.py)


# ----------------------------------------------------------------- race (its own module)


def _register_race() -> None:
    from speedlab.race_cli import race_command

    cli.add_command(race_command)


_register_race()
