"""The race: the tiers of one workload replayed side by side at their true relative speed.

Each entrant is the fastest cell of one headline column (tier, thread split) at one size -- the same
cells the headline matrix picks -- and runs for its measured time times one scale, chosen so that the
slowest takes RACE_SECONDS. The terminal replays it as filling bars (race_cli.py); report.html shows it
as CSS keyframes whose durations are those scaled times (no scripts).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from speedlab import headline, story as story_module, units
from speedlab.manifest_model import format_params
from speedlab.table import Column, Table, Value, text

RACE_SECONDS = 10.0


class RaceError(ValueError):
    """A race that cannot be run: the message says why and what to do."""


@dataclass(frozen=True)
class Entrant:
    column: str
    impl: str
    threads: int
    seconds: float  # the measured (or extrapolated) time of one run
    approximate: bool

    @property
    def label(self) -> str:
        return f"{self.column}: {self.impl}" + (f" ({self.threads} threads)" if self.threads > 1 else "")


@dataclass
class Race:
    workload: str
    params: dict[str, Any]
    entrants: list[Entrant]  # slowest first
    scale: float  # replay seconds per measured second

    def replay_seconds(self, entrant: Entrant) -> float:
        return entrant.seconds * self.scale

    @property
    def scale_text(self) -> str:
        """What the replay's clock means: 1 s of replay = how much measured time."""
        return f"1 s of the race = {units.seconds(1 / self.scale)} measured"


def _params_match(params: tuple, wanted: dict[str, Any] | None, size_param: str | None) -> bool:
    if not wanted:
        return True
    given = dict(params)
    return all(given.get(size_param if key == "size" else key) == value for key, value in wanted.items())


def race(
    document: dict[str, Any], workload: str, wanted: dict[str, Any] | None = None, seconds: float = RACE_SECONDS
) -> Race:
    story = story_module.of(document)
    sizes = headline.by_size(document).get(workload)
    if not sizes:
        known = ", ".join(sorted({c["workload"] for c in document["cells"]}))
        raise RaceError(f"no cells of '{workload}' in this run (workloads in it: {known})")
    size_param = document.get("manifest", {}).get("workloads", {}).get(workload, {}).get("size_param")
    matching = [p for p in sizes if _params_match(p, wanted, size_param)]
    if not matching:
        shown = "; ".join(format_params(dict(p)) for p in sizes)
        raise RaceError(f"{workload} was not measured at {wanted} in this run (sizes: {shown})")
    params = headline.headline_size({p: sizes[p] for p in matching}, story.baseline) or max(
        matching, key=lambda p: sorted(v for _, v in p)
    )
    cells = sizes[params]
    base = next((c for c in cells if c.impl == story.baseline and c.threads == 1), None)
    entrants = []
    for column in story.columns:
        if base is not None and column.tier == base.tier and column.accepts(1):
            candidates = [base]  # as in the headline: the interpreted lane is the baseline itself
        else:
            candidates = [c for c in cells if c.tier == column.tier and column.accepts(c.threads)]
        timed = [(t, approx, c) for c in candidates for t, approx in [headline.user_time(c)] if t]
        if timed:
            best_s, approximate, best = min(timed, key=lambda item: item[0])
            entrants.append(Entrant(column.name, best.impl, best.threads, best_s, approximate))
    if len(entrants) < 2:
        raise RaceError(
            f"{workload} ({format_params(dict(params))}) has fewer than two tiers with a time: nothing to race"
        )
    entrants.sort(key=lambda e: -e.seconds)
    return Race(workload, dict(params), entrants, seconds / entrants[0].seconds)


def table(result: Race) -> Table:
    """The race's result: each entrant's time and how many times faster than the slowest."""
    slowest = result.entrants[0].seconds
    out = Table(
        f"{result.workload} ({format_params(result.params)}): the race",
        [
            Column("tier", "left"),
            Column("impl", "left"),
            Column("threads"),
            Column("time"),
            Column("race time"),
            Column("vs slowest"),
        ],
    )
    for entrant in sorted(result.entrants, key=lambda e: e.seconds):
        out.add(
            [
                text(entrant.column),
                text(entrant.impl),
                text(str(entrant.threads)),
                Value("duration", entrant.seconds, approximate=entrant.approximate),
                Value("duration", result.replay_seconds(entrant)),
                Value("ratio", slowest / entrant.seconds, approximate=entrant.approximate, heat=True),
            ]
        )
    out.footer.append(result.scale_text + "; ~: an extrapolated time.")
    return out
