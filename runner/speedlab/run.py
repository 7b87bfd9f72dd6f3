"""A run: plan the cells, measure each in its own harness process, validate, record.

A cell is one (workload, impl, parameters, threads). Its outcome is one of
    ok              measured, checksum within tolerance
    wrong_checksum  measured, but computed something else: shown as a failure, never a speed
    failed          the harness crashed, errored or printed garbage
    timeout         killed after the timeout
    skipped         cannot run here (no GPU, not built), with the reason
    extrapolated    predicted to exceed the cell budget: not run, time from the cost model, labelled
    not_applicable  the tier cannot express the workload (from the manifest), with the reason

A timing that cannot be true (not finite, not positive, faster than the clock can tell) fails the cell
(gbench.impossible_timing); a cell predicted to need more memory than is available is skipped before it
starts (memory.py); predictions and extrapolation are in predict.py.
"""

from __future__ import annotations

import fnmatch
import math
import os
from dataclasses import dataclass
from typing import Any

from speedlab.manifest import (  # noqa: F401  (some re-exported: on the paren's line, the noqa survives ruff format)
    ImplSpec,
    Manifest,
    Preset,
    Workload,
    expand_entry,
    format_params,
    format_value,
    is_axis_cell,
)

FAILURE_STATUSES = ("failed", "wrong_checksum", "timeout")


class PlanError(ValueError):
    """A bad selection on the command line; the message says what is known."""


@dataclass
class Settings:
    preset: Preset
    repetitions: int
    min_time: float
    warmup: float
    timeout: float
    cell_budget: float
    seed: int
    threads: list[str]
    cold: bool = True
    cold_runs: int = 1  # whole-process runs per cell; the cold time is their median (hyperfine-style when > 1)
    # Thread counts of axis-sweep cells (a choice parameter away from its default); None: `threads`.
    sweep_threads: list[str] | None = None
    # Harness processes per cell for the warm measurement; their repetitions are pooled, so the statistics
    # see the variance between processes (memory layout, frequency, JIT decisions), not only within one.
    processes: int = 1
    # Processes after a cell's first run in later rounds of the run, each round in a shuffled order (Google
    # Benchmark's random interleaving, across processes): drift over the run then reaches every cell alike.
    interleave: bool = True
    # A cell all of whose processes ran while the machine was busy (CPU steal, other processes: load.py)
    # gets this many more processes at the end of the run; still noisy, it is flagged.
    noisy_retries: int = 1
    # --precision: after the rounds, cells whose median is known less well than ±precision (a fraction;
    # uncertainty.py) get one more process per round, in shuffled rounds, up to max_processes each.
    precision: float | None = None
    max_processes: int = 10

    @classmethod
    def from_preset(cls, preset: Preset, **overrides: Any) -> "Settings":
        values = dict(
            repetitions=preset.repetitions,
            min_time=preset.min_time,
            warmup=preset.warmup,
            timeout=preset.timeout,
            cell_budget=preset.cell_budget,
            seed=42,
            threads=list(preset.threads),
            cold=preset.cold,
            sweep_threads=list(preset.sweep_threads) if preset.sweep_threads else None,
            processes=preset.processes,
            noisy_retries=preset.noisy_retries,
        )
        if overrides.get("threads") is not None:  # --threads applies to the sweeps too
            values["sweep_threads"] = None
        values.update({key: value for key, value in overrides.items() if value is not None})
        if values["repetitions"] < 1:
            raise PlanError("--repetitions must be at least 1")
        if values.get("processes", 1) < 1:
            raise PlanError("--processes must be at least 1")
        if values.get("precision") is not None and values.get("max_processes", 10) < values.get("processes", 1):
            raise PlanError(
                f"--max-processes ({values.get('max_processes', 10)}) must be at least --processes "
                f"({values.get('processes', 1)})"
            )
        # The CLI checks its options (cli_options.py); this catches a preset or a caller with bad numbers.
        for key, flag, positive in (
            ("timeout", "--timeout", True),
            ("cell_budget", "--budget", True),
            ("min_time", "--min-time", False),
            ("warmup", "--warmup", False),
        ):
            value = float(values[key])
            if not math.isfinite(value) or value < 0 or (positive and value == 0):
                raise PlanError(
                    f"{flag} must be a finite number of seconds {'above' if positive else 'at least'} 0, got {value}"
                )
        return cls(preset=preset, **values)

    def as_dict(self) -> dict[str, Any]:
        return {
            "preset": self.preset.name,
            "repetitions": self.repetitions,
            "min_time_s": self.min_time,
            "warmup_s": self.warmup,
            "timeout_s": self.timeout,
            "cell_budget_s": self.cell_budget,
            "seed": self.seed,
            "threads": self.threads,
            "cold": self.cold,
            "cold_runs": self.cold_runs,
            "processes": self.processes,
            "interleave": self.interleave,
            "noisy_retries": self.noisy_retries,
            **({"precision": self.precision, "max_processes": self.max_processes} if self.precision else {}),
            **({"sweep_threads": self.sweep_threads} if self.sweep_threads else {}),
        }


@dataclass
class Cell:
    workload: Workload
    impl: ImplSpec
    params: dict[str, Any]  # integers, and choice names away from their defaults
    threads: int
    not_applicable: str | None = None

    @property
    def name(self) -> str:
        args = "/".join(f"{key}:{value}" for key, value in self.params.items())
        return f"{self.workload.name}/{self.impl.name}/{args}/threads:{self.threads}"

    def label(self) -> str:
        return f"{self.workload.name} {self.impl.name} {format_params(self.params)} threads={self.threads}"

    @property
    def is_axis(self) -> bool:
        return is_axis_cell(self.params)


def usable_cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def resolve_threads(values: list[str]) -> list[int]:
    out: list[int] = []
    for value in values:
        if value == "all":
            count = usable_cpus()
        else:
            try:
                count = int(value)
            except ValueError:
                raise PlanError(f"--threads takes numbers or 'all', got '{value}'") from None
            if count < 1:
                raise PlanError(f"--threads must be at least 1, got {count}")
        if count not in out:
            out.append(count)
    return out


def select_workloads(manifest: Manifest, names: list[str] | None) -> list[Workload]:
    if not names:
        return list(manifest.workloads.values())
    unknown = [name for name in names if name not in manifest.workloads]
    if unknown:
        raise PlanError(f"unknown workload(s) {', '.join(unknown)}; known workloads: {', '.join(manifest.workloads)}")
    return [manifest.workloads[name] for name in names]


def _matches(name: str, patterns: list[str] | None) -> bool:
    return not patterns or any(fnmatch.fnmatchcase(name, pattern) for pattern in patterns)


def parse_choice_overrides(texts: list[str]) -> dict[str, list[str]]:
    """--param NAME=V1,V2 (several --param allowed) -> {NAME: [V1, V2]}."""
    out: dict[str, list[str]] = {}
    for text in texts:
        name, eq, values = text.partition("=")
        if not eq or not name.strip() or not values.strip():
            raise PlanError(f"--param expects NAME=VALUE[,VALUE...], got '{text}'")
        out.setdefault(name.strip(), []).extend(v.strip() for v in values.split(",") if v.strip())
    return out


def _check_overrides(workloads: list[Workload], overrides: dict[str, list[str]]) -> None:
    for name, values in overrides.items():
        specs = [w.params[name] for w in workloads if name in w.params]
        if not specs:
            known = sorted({p for w in workloads for p, spec in w.params.items() if spec.is_choice})
            raise PlanError(
                f"--param {name}: no selected workload has a choice parameter '{name}' "
                f"(choice parameters: {', '.join(known) or 'none'}; sizes are set with --sizes)"
            )
        if not all(spec.is_choice for spec in specs):
            raise PlanError(
                f"--param {name}: '{name}' is a number; --param sets choice parameters (dtype, isa); "
                f"sizes are set with --sizes"
            )
        known_values = list(dict.fromkeys(v for spec in specs for v in spec.choices))
        unknown = [v for v in values if v not in known_values]
        if unknown:
            raise PlanError(
                f"--param {name}: unknown value(s) {', '.join(unknown)}; {name} is one of {', '.join(known_values)}"
            )


def plan(
    manifest: Manifest,
    settings: Settings,
    workload_names: list[str] | None = None,
    impl_patterns: list[str] | None = None,
    sizes: list[int] | None = None,
    choices: dict[str, list[str]] | None = None,
) -> list[Cell]:
    """Every cell of a run, in the order it will be measured (sizes ascending). `choices` (from --param)
    replaces the preset's values of choice parameters (dtype, isa) with these, crossed with the sizes.
    A cell at a choice value an impl does not declare is not planned (the report lists who lacks it).
    An impl whose manifest entry lists `presets` is planned in those presets only, unless --impls selects it."""
    workloads = select_workloads(manifest, workload_names)
    thread_counts = resolve_threads(settings.threads)
    sweep_counts = resolve_threads(settings.sweep_threads) if settings.sweep_threads else thread_counts
    choices = choices or {}
    _check_overrides(workloads, choices)
    if impl_patterns:
        known = sorted({impl for w in workloads for impl in list(w.impls) + list(w.not_applicable)})
        unmatched = [p for p in impl_patterns if not any(fnmatch.fnmatchcase(k, p) for k in known)]
        if unmatched:
            raise PlanError(
                f"no impl matches {', '.join(unmatched)}; impls of the selected workloads: {', '.join(known)}"
            )
    cells: list[Cell] = []
    for workload in workloads:
        for params in _sizes_for(workload, settings.preset.name, sizes, choices):
            try:
                workload.check_params(params)
            except ValueError as error:
                raise PlanError(str(error)) from None
            params = {k: int(v) if isinstance(v, int) else v for k, v in params.items()}  # plain ints from here
            axis = is_axis_cell(params)
            impls = sorted(workload.impls.values(), key=lambda i: (manifest.tier_rank(i.tier), i.name))
            for impl in impls:
                if not _matches(impl.name, impl_patterns):
                    continue
                if not all(
                    impl.supports(key, value, workload.params[key].default)
                    for key, value in params.items()
                    if isinstance(value, str)
                ):
                    continue  # e.g. a float64-only impl at dtype = float32
                if not impl_patterns and impl.presets and settings.preset.name not in impl.presets:
                    continue  # not part of this preset unless asked for by name
                counts = sweep_counts if axis else thread_counts
                for threads in counts if impl.threads == "multi" else [1]:
                    cells.append(Cell(workload, impl, params, threads))
            for impl_name, reason in workload.not_applicable.items():
                if not axis and _matches(impl_name, impl_patterns):
                    stand_in = ImplSpec(impl_name, _tier_of_language(manifest, impl_name), "single", reason)
                    cells.append(Cell(workload, stand_in, params, 1, not_applicable=reason))
    if not cells:
        raise PlanError("the selection is empty: no impl of the selected workloads matches")
    return cells


def _tier_of_language(manifest: Manifest, impl_name: str) -> str:
    # A not-applicable impl still needs a tier to sit in; use that of the same name elsewhere.
    for workload in manifest.workloads.values():
        if impl_name in workload.impls:
            return workload.impls[impl_name].tier
    return {"python": "interpreted", "java": "jit", "cpp": "compiled", "cuda": "gpu"}.get(
        impl_name.split(".", 1)[0], list(manifest.tiers)[0]
    )


def _sizes_for(
    workload: Workload, preset: str, sizes: list[int] | None, choices: dict[str, list[str]] | None = None
) -> list[dict[str, Any]]:
    preset_sizes = workload.sizes.get(preset) or workload.sizes.get("quick") or []
    if sizes:
        template = {**(preset_sizes[0] if preset_sizes else {}), **workload.defaults}
        template = {k: v for k, v in template.items() if not isinstance(v, str)}  # --sizes: default choices
        out = [{**template, workload.size_param: size} for size in sizes]
    else:
        out = [dict(p) for p in preset_sizes]
    applicable = {k: v for k, v in (choices or {}).items() if k in workload.params}
    if applicable:  # --param dtype=float32,float64: these values at every size, instead of the preset's
        out = [expanded for p in out for expanded in expand_entry({**p, **applicable})]
    out = [workload.normalize(p) for p in out]
    # The size parameter first, as in the benchmark names (n:SIZE/...); no duplicates.
    out = [
        {workload.size_param: p[workload.size_param], **{k: v for k, v in p.items() if k != workload.size_param}}
        for p in out
    ]
    unique = list({tuple(p.items()): p for p in out}.values())
    return sorted(unique, key=lambda p: (workload.cost(p), is_axis_cell(p), format_params(p)))


from speedlab.measure import Runner  # noqa: E402,F401 - measure.py imports this module's Cell and Settings
from speedlab.predict import Prediction  # noqa: E402,F401
