"""`speedlab race WORKLOAD`: measure (or reuse, --from RUN) the tiers of one workload, replay them as bars
filling at their true relative speed, end on the race's table."""

from __future__ import annotations

import time
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn

from speedlab import race as race_module
from speedlab import units
from speedlab.cli_options import load_manifest_or_fail, load_results, parse_sizes
from speedlab.harnesses import REPO_ROOT
from speedlab.render import terminal
from speedlab.run import PlanError, Settings, plan
from speedlab.session import console, execute_run

FRAME_S = 0.05


def replay(result: race_module.Race, console: Console, clock=time.monotonic, sleep=time.sleep) -> None:
    """Bars that fill in each entrant's scaled time; the slowest takes the race's length."""
    console.print(
        f"[bold]{result.workload}[/]: the tiers racing at their measured speeds ({result.scale_text})",
        width=terminal.WIDTH,
    )
    progress = Progress(
        TextColumn("{task.description:<34}"),
        BarColumn(bar_width=40),
        TextColumn("{task.fields[done]}"),
        console=console,
        auto_refresh=False,
    )
    tasks = [
        (progress.add_task(units.abbreviate(e.label)[:34], total=result.replay_seconds(e), done=""), e)
        for e in result.entrants
    ]
    longest = max(result.replay_seconds(e) for e in result.entrants)
    start = clock()
    with progress:
        while True:
            elapsed = clock() - start
            for task, entrant in tasks:
                length = result.replay_seconds(entrant)
                measured = units.approximate(units.seconds(entrant.seconds), entrant.approximate)
                done = f"done: {measured} measured" if elapsed >= length else ""
                progress.update(task, completed=min(elapsed, length), done=done)
            progress.refresh()
            if elapsed >= longest:
                break
            sleep(FRAME_S)


def _measure(obj, workload: str, sizes: list[int] | None, preset: str, results_dir: Path) -> dict:
    manifest = load_manifest_or_fail(obj["manifest_dir"])
    if preset not in manifest.presets:
        raise click.BadParameter(
            f"unknown preset '{preset}'; presets: {', '.join(manifest.presets)}", param_hint="--preset"
        )
    try:
        settings = Settings.from_preset(manifest.presets[preset])
        cells = plan(manifest, settings, [workload], None, sizes, {})
    except PlanError as error:
        raise click.UsageError(str(error)) from None
    document, _ = execute_run(obj["build_dir"], manifest, settings, cells, results_dir.resolve())
    return document


@click.command("race")
@click.argument("workload")
@click.option("--size", "-s", default=None, help="The size to race at (the workload's size parameter, e.g. 1e6).")
@click.option(
    "--from",
    "from_run",
    type=click.Path(path_type=Path),
    default=None,
    help="Race the cells of an existing run instead of measuring.",
)
@click.option("--preset", default="demo", show_default=True, help="Preset to measure with (without --from).")
@click.option(
    "--seconds",
    type=click.FloatRange(min=0.1),
    default=race_module.RACE_SECONDS,
    show_default=True,
    help="How long the slowest tier takes in the replay.",
)
@click.option("--no-replay", is_flag=True, help="Print the race's table without the animation.")
@click.option(
    "--results-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=REPO_ROOT / "reports",
    help="Where the measured run goes (default: reports/).",
)
@click.pass_obj
def race_command(obj, workload, size, from_run, preset, seconds, no_replay, results_dir) -> None:
    """Replay the tiers of one workload side by side at their true relative speed, then their table."""
    sizes = parse_sizes([size]) if size else None
    document = load_results(from_run) if from_run else _measure(obj, workload, sizes, preset, Path(results_dir))
    try:
        result = race_module.race(document, workload, {"size": sizes[0]} if sizes else None, seconds)
    except race_module.RaceError as error:
        raise click.UsageError(str(error)) from None
    if not no_replay:
        replay(result, console)
    terminal.show(race_module.table(result), console)
