"""`speedlab run`: plan the selected cells from the manifest and a preset, measure them (session.py), print
the summary. Every option's range is checked by its click type (cli_options.py): a bad value exits 2."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from speedlab import terminal_report
from speedlab.cli_options import (
    PRECISION,
    PROCESSES,
    REPETITIONS,
    SECONDS,
    SECONDS_POSITIVE,
    SEED,
    load_manifest_or_fail,
    parse_sizes,
    split_values,
    warn_oversubscribed,
)
from speedlab.harnesses import RESULTS_DIR
from speedlab.run import PlanError, Settings, parse_choice_overrides, plan
from speedlab.session import console, execute_run, exit_status


@click.command("run")
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
def run_command(
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
    manifest = load_manifest_or_fail(obj["manifest_dir"])
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
            threads=split_values(threads) or None,
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
            split_values(workloads) or None,
            split_values(impls) or None,
            parse_sizes(split_values(sizes)),
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
