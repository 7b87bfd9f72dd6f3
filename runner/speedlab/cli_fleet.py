"""speedlab fleet: runs of many machines in one store, one table across them, and their history."""

from __future__ import annotations

import os
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from speedlab import fleet_history, fleet_render, fleet_store, fleet_tables
from speedlab.cli_options import ALPHA, InputError

STORE = click.option(
    "--store",
    "store",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The fleet store (default: reports/fleet/, or $SPEEDLAB_FLEET_STORE).",
)


def _store(store: Path | None) -> Path:
    return (store or Path(os.environ.get("SPEEDLAB_FLEET_STORE") or fleet_store.DEFAULT_STORE)).resolve()


def _load_store(store: Path) -> dict[str, list[fleet_store.StoredRun]]:
    try:
        return fleet_store.load_store(store)
    except fleet_store.FleetError as error:
        raise InputError(str(error)) from None


def print_table(console: Console, table: fleet_tables.FleetTable) -> None:
    view = Table(title=table.heading, title_justify="left", header_style="bold")
    for column in table.columns:
        view.add_column(column, justify="left" if column in fleet_render.LEFT else "right", overflow="fold")
    for row in table.rows:
        view.add_row(*row, style="dim" if fleet_tables.MISSING in row else None)
    console.print(view)
    for note in table.notes:
        console.print(note, style="dim", highlight=False, markup=False)


@click.group("fleet")
def fleet() -> None:
    """Runs of many machines (and of one over time) in one results store: add, list, report, history, run."""


@fleet.command("add")
@click.argument("sources", metavar="RUN_OR_RESULTS_JSON...", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--machine",
    "machine",
    default=None,
    help="File the runs under this machine id instead of the one from their machine card (e.g. two "
    "settings of one machine standing in for two machines).",
)
@STORE
def add_command(sources: tuple[Path, ...], machine: str | None, store: Path | None) -> None:
    """Copy runs (folders or results.json files, from this or other machines) into the store; a run id already
    stored is skipped. A file that is not a speedlab results document is refused (exit 2) and nothing after
    it is lost: the files before it stay added."""
    root = _store(store)
    for source in sources:
        try:
            added = fleet_store.add(root, source, machine)
        except fleet_store.FleetError as error:
            raise InputError(f"{error}\n(pass run folders under reports/runs/ or their results.json)") from None
        verb = "added" if added.added else "already stored, skipped:"
        click.echo(f"{verb} {added.run} → {added.path.relative_to(root.parent) if added.added else added.path}")


@fleet.command("list")
@STORE
def list_command(store: Path | None) -> None:
    """The machines of the store and their runs."""
    runs = _load_store(_store(store))
    console = Console(highlight=False)
    table = Table(title=f"fleet store {_store(store)}", title_justify="left", header_style="bold")
    for column in ("machine", "run", "started", "commit", "preset", "cells"):
        table.add_column(column)
    for machine, history in runs.items():
        for run in history:
            settings = run.document["run"].get("settings") or {}
            table.add_row(
                machine,
                run.run,
                run.started,
                run.commit,
                str(settings.get("preset", "?")),
                str(len(run.document["cells"])),
            )
    console.print(table)


@fleet.command("report")
@click.option("--baseline", default=None, help="Machine id the ratios are to (default: the first machine).")
@click.option(
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder for fleet.md and fleet.html (default: the store).",
)
@click.option("--quiet", "-q", is_flag=True, help="Write the files without printing the tables.")
@STORE
def report_command(baseline: str | None, output: Path | None, quiet: bool, store: Path | None) -> None:
    """One table across the machines: headline per machine, every cell's median per machine and its ratio to the
    baseline machine, geometric mean per tier, the machine cards in columns."""
    root = _store(store)
    try:
        view = fleet_tables.fleet(_load_store(root), baseline)
    except fleet_tables.BaselineError as error:
        raise click.BadParameter(str(error), param_hint="--baseline") from None
    tables = fleet_tables.all_tables(view)
    intro = f"{len(view.machines)} machine(s) from the store {root}, each by its newest run; ratios to {view.baseline}."
    paths = fleet_render.write(output or root, "fleet", "speedlab fleet", intro, tables)
    if not quiet:
        console = Console(highlight=False, width=200)
        for table in tables:
            print_table(console, table)
    click.echo(f"wrote {paths[0]} and {paths[1].name}")


fleet.add_command(report_command, "table")  # `fleet table`: the same report


@fleet.command("history")
@click.option("--machine", "machine", default=None, help="Machine id (default: every machine of the store).")
@click.option("--alpha", type=ALPHA, default=0.05, show_default=True, help="Significance level of the compare test.")
@click.option(
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder for history-<machine>.md/.html (default: the store).",
)
@click.option("--quiet", "-q", is_flag=True, help="Write the files without printing the tables.")
@STORE
def history_command(machine: str | None, alpha: float, output: Path | None, quiet: bool, store: Path | None) -> None:
    """The runs of a machine over time: each cell per run and its median across runs, a chart per workload,
    changes flagged only when significant and larger than the noise."""
    root = _store(store)
    runs = _load_store(root)
    if machine is not None and machine not in runs:
        raise click.BadParameter(
            f"{machine} is not a machine of the store; machines: {', '.join(runs)}", param_hint="--machine"
        )
    console = Console(highlight=False, width=200)
    for name in [machine] if machine else list(runs):
        table = fleet_history.history_table(name, runs[name], alpha)
        charts = {
            w: svg
            for w in fleet_history.workloads(runs[name])
            if (svg := fleet_history.chart(runs[name], w)) is not None
        }
        intro = f"{len(runs[name])} run(s) of {name} from the store {root}, oldest first."
        paths = fleet_render.write(
            output or root, f"history-{name}", f"speedlab fleet history: {name}", intro, [table], charts
        )
        if not quiet:
            print_table(console, table)
        click.echo(f"wrote {paths[0]} and {paths[1].name}")


@fleet.command("run", context_settings={"ignore_unknown_options": True, "allow_interspersed_args": False})
@click.option(
    "--dask-scheduler",
    "address",
    required=True,
    metavar="tcp://HOST:PORT",
    help="The Dask cluster whose hosts run the suite (each worker with speedlab checked out and built).",
)
@click.option(
    "--each-worker",
    is_flag=True,
    help="One run per worker instead of per host (stand-ins: a LocalCluster on one machine), filed "
    "under <machine-id>-workerN.",
)
@click.option(
    "--repo",
    default=None,
    help="The speedlab checkout on the workers (default: the one their speedlab module comes from).",
)
@click.option(
    "--connect-timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=10.0,
    show_default=True,
    help="Seconds to reach the scheduler.",
)
@click.option(
    "--run-timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=None,
    help="Seconds one host's run may take (default: no limit).",
)
@STORE
@click.argument("run_args", nargs=-1, type=click.UNPROCESSED, metavar="[-- RUN_OPTIONS...]")
def run_command(
    address: str,
    each_worker: bool,
    repo: str | None,
    connect_timeout: float,
    run_timeout: float | None,
    store: Path | None,
    run_args: tuple[str, ...],
) -> None:
    """Run `speedlab run RUN_OPTIONS` on every distinct host of a Dask cluster, one host at a time (never two
    runs on one machine), and add each run to the store."""
    from speedlab import dask_report, fleet_run

    problem = dask_report.address_problem(address)
    if problem:
        raise click.BadParameter(problem, param_hint="--dask-scheduler")
    try:
        outcomes = fleet_run.run_fleet(
            address, list(run_args), _store(store), each_worker, repo, connect_timeout, run_timeout, report=click.echo
        )
    except fleet_run.FleetRunError as error:
        raise InputError(str(error)) from None
    failed = [o for o in outcomes if o.problem]
    click.echo(f"{len(outcomes) - len(failed)} of {len(outcomes)} host(s) stored in {_store(store)}")
    if failed:
        raise SystemExit(1)
