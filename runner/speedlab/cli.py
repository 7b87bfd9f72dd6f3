"""speedlab's command line: the group, run, report, list, sysinfo; compare, reproduce, fleet, profile and race
are registered from modules of their own (cli_compare.py, cli_reproduce.py, ...), a run's orchestration is session.py."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.table import Table

from speedlab import ceilings as ceilings_module
from speedlab import jsonio, sysinfo, terminal_report
from speedlab.cli_options import (
    PRECISION,
    PROCESSES,
    REPETITIONS,
    SECONDS,
    SECONDS_POSITIVE,
    SEED,
    warn_oversubscribed,
)
from speedlab.cli_options import load_manifest_or_fail as _load
from speedlab.cli_options import load_results as _load_results
from speedlab.cli_options import parse_sizes as _parse_sizes
from speedlab.harnesses import RESULTS_DIR, Harnesses, default_build_dir
from speedlab.run import PlanError, Settings, parse_choice_overrides, plan

from speedlab.session import console, execute_run, exit_status, write_outputs  # noqa: F401 (race_cli, tests)


def _split(values: tuple[str, ...]) -> list[str]:
    """Accepts both --x a,b and --x a --x b."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def parse_sizes(values: tuple[str, ...]) -> list[int] | None:
    return _parse_sizes(_split(values))


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
    write_outputs(document, run_dir)
    if not quiet:
        terminal_report.print_summary(document, console, run_dir, show_tables)
    console.print(f"wrote {run_dir}/report.md, report.html, charts/, results.csv, gbench.json")


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


from speedlab.cli_compare import compare_command  # noqa: E402 - subcommands in modules of their own
from speedlab.cli_reproduce import reproduce_command  # noqa: E402

cli.add_command(compare_command)
cli.add_command(reproduce_command)


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
