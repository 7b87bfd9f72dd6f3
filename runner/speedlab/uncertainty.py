"""How well a run knows each median, and so how far its ratios can be expected to move in another run.

On a shared machine the speed drifts between processes as well as within one (on the Zen 4 VM a Python loop
ran 1.18 s in one process and 0.72 s in the next, three repetitions each, with no CPU steal visible), so the
spread of the repetitions alone says little about the median's error. The interval here is a hierarchical
bootstrap (Davison & Hinkley 1997, §3.8; the resampling pyperf and Criterion use, one level up): resample the
cell's processes with replacement, then each chosen process's repetitions, take the median of the pooled
sample; the 2.5th–97.5th percentiles of those medians bound the median. With one process it sees only the
repetitions' spread and says so (`processes` = 1). A ratio of two medians is known to the two relative
half-widths added in quadrature (errors of independent measurements, on the log scale).

RATIO_TARGET is what "repeats" means in the tables: two runs' ratios within 5% of each other. Each run's
ratio has its own error, so their difference spreads √2 times wider than one interval: a ratio known to
better than ±5%/√2 ≈ ±3.5% repeats within 5%; one known less well is printed with its ± (e.g. "86.1× ±12%"),
so a reader sees which ratios another run on this machine may not give again.
"""

from __future__ import annotations

import functools
import math
import zlib
from typing import Any

import numpy as np

RATIO_TARGET = 0.05
RESAMPLES = 2000
CONFIDENCE = 0.95


def _groups(cell: dict[str, Any]) -> tuple[tuple[float, ...], ...]:
    """The cell's repetitions, one tuple per process (all as one process for records without them)."""

    def usable(values):
        return tuple(v for v in values or () if isinstance(v, (int, float)) and math.isfinite(v) and v > 0)

    groups = tuple(g for g in (usable(p.get("repetitions_s")) for p in cell.get("processes") or []) if g)
    return groups or ((usable(cell.get("repetitions_s")),) if usable(cell.get("repetitions_s")) else ())


def median_interval(cell: dict[str, Any]) -> dict[str, Any] | None:
    """{"low_s", "high_s", "half_width": relative to the median, "processes"} for an ok cell with at least 3
    repetitions; None otherwise (an extrapolated cell's "~" already says its time is an estimate)."""
    if cell.get("status") != "ok":
        return None
    groups = _groups(cell)
    if sum(len(g) for g in groups) < 3:
        return None
    return _bootstrap(groups, zlib.crc32(str(cell.get("name", "")).encode()))


@functools.lru_cache(maxsize=4096)
def _bootstrap(groups: tuple[tuple[float, ...], ...], seed: int) -> dict[str, Any]:
    rng = np.random.default_rng(seed)  # seeded by the cell's name: the same report every time it is rendered
    median = float(np.median(np.concatenate([np.asarray(g) for g in groups])))
    sizes = {len(g) for g in groups}
    if len(sizes) == 1:  # the usual case, vectorised: (resamples, processes, repetitions)
        data = np.asarray(groups)
        count, size = data.shape
        chosen = rng.integers(0, count, (RESAMPLES, count))
        picks = rng.integers(0, size, (RESAMPLES, count, size))
        medians = np.median(data[chosen[..., None], picks].reshape(RESAMPLES, -1), axis=1)
    else:
        arrays = [np.asarray(g) for g in groups]
        medians = np.empty(RESAMPLES)
        for index in range(RESAMPLES):
            chosen = rng.integers(0, len(arrays), len(arrays))
            medians[index] = np.median(np.concatenate([rng.choice(arrays[c], len(arrays[c])) for c in chosen]))
    tail = (1 - CONFIDENCE) / 2 * 100
    low, high = (float(v) for v in np.percentile(medians, [tail, 100 - tail]))
    # Resampling G groups sees (G - 1) / G of the between-group variance (the plug-in bias, Davison & Hinkley
    # §3.8): widen by its square root, or two processes read half their true spread.
    widen = math.sqrt(len(groups) / (len(groups) - 1)) if len(groups) > 1 else 1.0
    low, high = median - (median - low) * widen, median + (high - median) * widen
    return {"low_s": low, "high_s": high, "half_width": (high - low) / 2 / median, "processes": len(groups)}


def ratio_half_width(*cells: dict[str, Any] | None) -> float | None:
    """The relative half-width of a ratio of these cells' medians, or None if one is not known."""
    widths = []
    for cell in cells:
        interval = median_interval(cell) if cell else None
        if interval is None:
            return None
        widths.append(interval["half_width"])
    return math.sqrt(sum(w * w for w in widths))


def suffix(half_width: float | None) -> str:
    """What a ratio's text carries: its ± when wider than RATIO_TARGET, else nothing."""
    if half_width is None or half_width <= RATIO_TARGET / math.sqrt(2):
        return ""
    return f" ±{half_width * 100:.0f}%"


def summary(document: dict[str, Any]) -> dict[str, Any] | None:
    """Run-level repeatability: the median and worst half-width of the measured cells' medians, how many
    processes they pooled, and the share of cells known to ±2.5% (a ratio of two such cells to about ±3.5%)."""
    intervals = [i for i in (median_interval(c) for c in document.get("cells", [])) if i]
    if not intervals:
        return None
    widths = sorted(i["half_width"] for i in intervals)
    return {
        "cells": len(widths),
        "median_half_width": float(np.median(widths)),
        "worst_half_width": widths[-1],
        "within_target": sum(w <= RATIO_TARGET / 2 for w in widths),
        "single_process": sum(i["processes"] == 1 for i in intervals),
    }


def sentence(document: dict[str, Any]) -> str | None:
    """The report's repeatability line, from this run's numbers."""
    facts = summary(document)
    if not facts:
        return None
    text = (
        f"**Repeatability**: from the spread between and within this run's processes (a bootstrap, 95%), a "
        f"cell's median is known to ±{facts['median_half_width'] * 100:.1f}% (median over {facts['cells']} "
        f"cells; worst ±{facts['worst_half_width'] * 100:.0f}%); {facts['within_target']} cells are known to "
        f"±2.5%, close enough that a ratio of two of them should repeat within 5% in another run on this "
        f"machine. A ratio known less well than ±3.5% (so that another run may differ from it by more than 5%) is "
        f"printed with its ± (e.g. 86.1× ±12%)."
    )
    if facts["single_process"]:
        text += (
            f" {facts['single_process']} cell(s) ran in one process, whose interval cannot see the "
            f"drift between processes: rerun with `--processes 3` to see it."
        )
    return text
