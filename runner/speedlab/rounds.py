"""The rounds after a run's first pass: interleaved processes, and noisy cells measured again.

A shared machine's speed drifts over a run (neighbours come and go, the clock throttles). Measured one cell
after another, a drift lands on whichever cells ran at that moment and skews their ratios. So with
`--processes N` a cell's first process runs in the first pass (where the budget and the predictions are
decided), and its other N - 1 run in later rounds, one process per cell a round, in an order shuffled per
round from the run's seed: Google Benchmark's random interleaving, at the granularity of whole processes.
Every round's repetitions are pooled with the cell's earlier ones; nothing is dropped.

After the rounds, a cell all of whose processes were noisy (load.py: CPU steal or other processes' load above
a threshold) gets `noisy_retries` more processes; still noisy, the report flags it with the reason. With
`--precision P`, cells whose median is known less well than ±P (uncertainty.py) then get more processes,
round after shuffled round, up to `--max-processes`.
"""

from __future__ import annotations

import random
from typing import Any, Callable

from speedlab import interrupts, uncertainty


def extra_rounds(runner, writer, settings, say: Callable[[str], None]) -> None:
    """Runs the interleaved rounds and the noisy cells' retries, replacing each cell's record as it goes."""
    measured = [index for index, record in enumerate(writer.cells) if runner.can_remeasure(record)]
    rounds = settings.processes - 1 if settings.interleave else 0
    for round_number in range(2, 2 + rounds):
        order = list(measured)
        random.Random(settings.seed * 1_000_003 + round_number).shuffle(order)
        say(
            f"round {round_number} of {settings.processes}: one more process for each of {len(order)} cells, "
            f"in shuffled order"
        )
        _remeasure_all(runner, writer, order)
    for retry in range(settings.noisy_retries):
        noisy = [
            index for index in measured if _all_noisy(writer.cells[index]) and runner.can_remeasure(writer.cells[index])
        ]
        if not noisy:
            break
        say(f"measuring {len(noisy)} cell(s) again: every process ran while the machine was busy")
        _remeasure_all(runner, writer, noisy)
    if settings.precision:
        precision_rounds(runner, writer, settings, measured, say)


def precision_rounds(runner, writer, settings, measured: list[int], say: Callable[[str], None]) -> None:
    """--precision: rounds of one more process for every cell whose median's 95% interval (uncertainty.py)
    is wider than ±precision, shuffled per round, until each is known well enough or has max_processes."""
    round_number = settings.processes + 1
    while True:
        uncertain = [
            index
            for index in measured
            if runner.can_remeasure(writer.cells[index])
            and len(writer.cells[index].get("processes") or []) < settings.max_processes
            and _known_less_than(writer.cells[index], settings.precision)
        ]
        if not uncertain:
            break
        random.Random(settings.seed * 1_000_003 + round_number).shuffle(uncertain)
        say(
            f"precision round {round_number}: {len(uncertain)} cell(s) known less well than "
            f"±{settings.precision * 100:g}%, one more process each"
        )
        _remeasure_all(runner, writer, uncertain)
        round_number += 1
    left = [writer.cells[i]["name"] for i in measured if _known_less_than(writer.cells[i], settings.precision)]
    if left:
        say(
            f"{len(left)} cell(s) still known less well than ±{settings.precision * 100:g}% after "
            f"{settings.max_processes} processes: their ratios carry their ± in the report"
        )


def _known_less_than(record: dict[str, Any], precision: float) -> bool:
    interval = uncertainty.median_interval(record)
    return interval is not None and interval["half_width"] > precision


def _remeasure_all(runner, writer, indices: list[int]) -> None:
    for index in indices:
        if not runner.can_remeasure(writer.cells[index]):
            continue  # it failed in an earlier round
        with interrupts.held():  # a process measured is a process kept, whenever the signal comes
            writer.replace(index, runner.remeasure(writer.cells[index]))
        interrupts.check()


def _all_noisy(record: dict[str, Any]) -> bool:
    noise = record.get("noise")
    return bool(noise) and noise["noisy_processes"] == noise["processes"]
