"""`speedlab report RUN`: rewrite a run's reports from its results.json alone."""

from __future__ import annotations

from pathlib import Path

import click

from speedlab import terminal_report
from speedlab.cli_options import load_results
from speedlab.harnesses import RESULTS_DIR
from speedlab.session import console, write_outputs


@click.command("report")
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
    document = load_results(run_path)
    run_dir = run_path if run_path.is_dir() else run_path.parent
    write_outputs(document, run_dir)
    if not quiet:
        terminal_report.print_summary(document, console, run_dir, show_tables)
    console.print(f"wrote {run_dir}/report.md, report.html, charts/, results.csv, gbench.json")
