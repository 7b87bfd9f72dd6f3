"""Reading Google Benchmark's JSON format: the one format every harness prints.

One parser for every language. It accepts what Google Benchmark itself writes
(including the non-JSON tokens NaN and Infinity for broken counters) and turns
anything else into a HarnessOutputError that says what was wrong.
"""

from __future__ import annotations

import json
import math
import statistics
import time
from dataclasses import dataclass, field
from typing import Any

_TO_SECONDS = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}

# Fields of a Google Benchmark entry that are not user counters.
_STANDARD_FIELDS = {
    "name",
    "family_index",
    "per_family_instance_index",
    "run_name",
    "run_type",
    "repetitions",
    "repetition_index",
    "threads",
    "iterations",
    "real_time",
    "cpu_time",
    "time_unit",
    "aggregate_name",
    "aggregate_unit",
    "error_occurred",
    "error_message",
    "skipped",
    "skip_message",
    "label",
    "big_o",
    "rms",
    "complexity",
    "workload",
    "impl",
    "params",
}


class HarnessOutputError(ValueError):
    """The harness printed something that is not a usable Google Benchmark document."""


@dataclass
class Repetition:
    """One measured repetition: seconds per iteration and its counters."""

    real_s: float
    cpu_s: float
    iterations: int
    counters: dict[str, float]


@dataclass
class Parsed:
    context: dict[str, Any]
    name: str = ""
    repetitions: list[Repetition] = field(default_factory=list)
    skipped: str | None = None  # reason, when the harness skipped the benchmark
    error: str | None = None  # Google Benchmark's error_message, when it errored

    def counter_values(self, name: str) -> list[float]:
        return [rep.counters[name] for rep in self.repetitions if name in rep.counters]


def _loads(text: str) -> Any:
    # json.loads accepts NaN / Infinity / -Infinity, which Google Benchmark writes.
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        excerpt = text.strip()[:120].replace("\n", " ")
        raise HarnessOutputError(
            f"output is not JSON ({error.msg} at line {error.lineno}); it begins: {excerpt!r}"
        ) from None


def parse(text: str) -> Parsed:
    if not text.strip():
        raise HarnessOutputError("the harness printed nothing on stdout")
    document = _loads(text)
    if not isinstance(document, dict) or not isinstance(document.get("benchmarks"), list):
        raise HarnessOutputError("output is JSON but not Google Benchmark's format (no 'benchmarks' list)")
    parsed = Parsed(context=document.get("context") or {})
    for entry in document["benchmarks"]:
        if not isinstance(entry, dict):
            raise HarnessOutputError("a 'benchmarks' entry is not an object")
        parsed.name = parsed.name or entry.get("run_name") or entry.get("name", "")
        if entry.get("skipped"):
            parsed.skipped = entry.get("skip_message") or "skipped by the harness"
            continue
        if entry.get("error_occurred"):
            parsed.error = entry.get("error_message") or "the benchmark reported an error"
            continue
        if entry.get("run_type", "iteration") != "iteration":
            continue  # aggregates are recomputed from the repetitions
        unit = entry.get("time_unit", "ns")
        if unit not in _TO_SECONDS:
            raise HarnessOutputError(
                f"entry '{entry.get('name')}' has unknown time_unit '{unit}' (expected one of {', '.join(_TO_SECONDS)})"
            )
        try:
            scale = _TO_SECONDS[unit]
            real = float(entry["real_time"]) * scale
            cpu = float(entry.get("cpu_time", math.nan)) * scale
            iterations = int(entry.get("iterations", 1))
        except KeyError as missing:
            raise HarnessOutputError(f"entry '{entry.get('name')}' lacks {missing}") from None
        except (TypeError, ValueError):
            raise HarnessOutputError(f"entry '{entry.get('name')}' has a non-numeric time or unit") from None
        counters = {
            key: float(value)
            for key, value in entry.items()
            if key not in _STANDARD_FIELDS and isinstance(value, (int, float)) and not isinstance(value, bool)
        }
        parsed.repetitions.append(Repetition(real, cpu, iterations, counters))
    if not parsed.repetitions and parsed.skipped is None and parsed.error is None:
        raise HarnessOutputError("the document holds no measured repetitions")
    return parsed


# The fastest an iteration can honestly be: 0.1 ns is half a cycle of a 5 GHz core, and every kernel
# iteration is at least a call and a sink store (several cycles). Below it the loop body was optimized
# away or the harness's arithmetic is broken; either way the number is not a speed.
MIN_SECONDS_PER_ITERATION = 1e-10


def clock_resolution_s() -> float:
    """The monotonic clock's tick (1 ns on Linux, where every harness's clock is CLOCK_MONOTONIC)."""
    return time.get_clock_info("monotonic").resolution


def impossible_timing(parsed: Parsed, resolution_s: float | None = None) -> str | None:
    """Why the repetitions' times cannot be true, or None: a duration is finite and positive, an iteration
    takes at least MIN_SECONDS_PER_ITERATION, and a repetition (all its iterations together) at least one
    tick of the clock that timed it."""
    resolution_s = clock_resolution_s() if resolution_s is None else resolution_s
    for index, rep in enumerate(parsed.repetitions):
        shown = f"repetition {index} reports real_time {rep.real_s * 1e9:.3g} ns per iteration"
        if not math.isfinite(rep.real_s):
            return f"impossible timing: {shown} (not a finite number)"
        if rep.real_s <= 0:
            return f"impossible timing: {shown} (a duration is positive)"
        if rep.iterations < 1:
            return f"impossible timing: repetition {index} reports {rep.iterations} iterations (at least 1)"
        if rep.real_s < MIN_SECONDS_PER_ITERATION:
            return (
                f"impossible timing: {shown}, under {MIN_SECONDS_PER_ITERATION * 1e9:g} ns (half a cycle at "
                f"5 GHz): the work was optimized away or the harness miscounts"
            )
        if rep.real_s * rep.iterations < resolution_s:
            return (
                f"impossible timing: repetition {index} lasted {rep.real_s * rep.iterations * 1e9:.3g} ns in "
                f"all, under the monotonic clock's resolution of {resolution_s * 1e9:g} ns"
            )
    return None


@dataclass(frozen=True)
class Summary:
    """Statistics over the repetitions' seconds per iteration."""

    median_s: float
    mean_s: float
    stddev_s: float
    min_s: float
    max_s: float
    cv: float  # stddev / mean
    repetitions: int
    iterations: int  # per repetition (of the first)

    def as_dict(self) -> dict[str, float]:
        return dict(self.__dict__)


def summarize(values: list[float], iterations: int = 1) -> Summary:
    if not values:
        raise ValueError("no values to summarize")
    mean = statistics.fmean(values)
    stddev = statistics.stdev(values) if len(values) > 1 else 0.0
    return Summary(
        median_s=statistics.median(values),
        mean_s=mean,
        stddev_s=stddev,
        min_s=min(values),
        max_s=max(values),
        cv=stddev / mean if mean else 0.0,
        repetitions=len(values),
        iterations=iterations,
    )
