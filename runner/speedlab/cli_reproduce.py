"""`speedlab reproduce`: re-measure published comparison tables under their sources' conditions."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.table import Table

from speedlab import lifecycle
from speedlab import reproduce as reproduce_module
from speedlab.cli_options import load_manifest_or_fail
from speedlab.cli_options import load_results as _load_results
from speedlab.harnesses import RESULTS_DIR
from speedlab.session import console, execute_run


@click.command("reproduce")
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
    manifest = load_manifest_or_fail(obj["manifest_dir"])
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
