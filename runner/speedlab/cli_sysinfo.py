"""`speedlab sysinfo [--measure|--remeasure]`: the machine card, and its ceilings (measured once, cached)."""

from __future__ import annotations

from pathlib import Path

import click
from rich.table import Table

from speedlab import ceilings as ceilings_module
from speedlab import jsonio, sysinfo
from speedlab.cli_options import load_manifest_or_fail
from speedlab.harnesses import RESULTS_DIR, Harnesses
from speedlab.session import console


@click.command("sysinfo")
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
    manifest = load_manifest_or_fail(obj["manifest_dir"])
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
