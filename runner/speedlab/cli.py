"""speedlab's command line: the group and its global options. Each subcommand is a module of its own
(cli_run.py, cli_report.py, cli_list.py, cli_sysinfo.py, cli_compare.py, cli_reproduce.py, cli_fleet.py,
race_cli.py, profile.py); a run's orchestration is session.py, not the CLI."""

from __future__ import annotations

from pathlib import Path

import click

from speedlab import dask_options
from speedlab.cli_compare import compare_command
from speedlab.cli_fleet import fleet
from speedlab.cli_list import list_command
from speedlab.cli_report import report_command
from speedlab.cli_reproduce import reproduce_command
from speedlab.cli_run import run_command
from speedlab.cli_sysinfo import sysinfo_command
from speedlab.harnesses import default_build_dir
from speedlab.profile import profile_command
from speedlab.race_cli import race_command


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


dask_options.install(run_command)  # speedlab run --dask-scheduler ADDRESS (dask_options.py)
for command in (
    run_command,
    report_command,
    list_command,
    sysinfo_command,
    compare_command,
    reproduce_command,
    fleet,
    race_command,
    profile_command,
):
    cli.add_command(command)


def main() -> None:
    cli(prog_name="speedlab")
