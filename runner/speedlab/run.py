"""A run: plan the cells, measure each in its own harness process, validate, record.

A cell is one (workload, impl, parameters, threads). Its outcome is one of
    ok              measured, checksum within tolerance
    wrong_checksum  measured, but computed something else: shown as a failure, never a speed
    failed          the harness crashed, errored or printed garbage
    timeout         killed after the timeout
    skipped         cannot run here (no GPU, not built), with the reason
    extrapolated    predicted to exceed the cell budget: not run, time from the cost model, labelled
    not_applicable  the tier cannot express the workload (from the manifest), with the reason
"""

from __future__ import annotations

import fnmatch
import math
import os
import statistics
from dataclasses import dataclass, field
from typing import Any, Callable

from speedlab import error_bounds, gbench
from speedlab.harnesses import REPO_ROOT, Harnesses
from speedlab.manifest import (ImplSpec, Manifest, Preset, Workload, expand_entry, format_params,  # noqa: F401
                               format_value, is_axis_cell)
from speedlab.process import ProcessResult, run_process

FAILURE_STATUSES = ("failed", "wrong_checksum", "timeout")
PROBE_WARMUP_CAP_S = 0.2
PROBE_MIN_TIME_S = 0.05


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

    @classmethod
    def from_preset(cls, preset: Preset, **overrides: Any) -> "Settings":
        values = dict(repetitions=preset.repetitions, min_time=preset.min_time, warmup=preset.warmup,
                      timeout=preset.timeout, cell_budget=preset.cell_budget, seed=42, threads=list(preset.threads),
                      cold=preset.cold, sweep_threads=list(preset.sweep_threads) if preset.sweep_threads else None)
        if overrides.get("threads") is not None:  # --threads applies to the sweeps too
            values["sweep_threads"] = None
        values.update({key: value for key, value in overrides.items() if value is not None})
        if values["repetitions"] < 1:
            raise PlanError("--repetitions must be at least 1")
        if values["timeout"] <= 0 or values["cell_budget"] <= 0:
            raise PlanError("--timeout and --budget must be positive numbers of seconds")
        return cls(preset=preset, **values)

    def as_dict(self) -> dict[str, Any]:
        return {"preset": self.preset.name, "repetitions": self.repetitions, "min_time_s": self.min_time,
                "warmup_s": self.warmup, "timeout_s": self.timeout, "cell_budget_s": self.cell_budget,
                "seed": self.seed, "threads": self.threads, "cold": self.cold, "cold_runs": self.cold_runs,
                **({"sweep_threads": self.sweep_threads} if self.sweep_threads else {})}


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
            raise PlanError(f"--param {name}: no selected workload has a choice parameter '{name}' "
                            f"(choice parameters: {', '.join(known) or 'none'}; sizes are set with --sizes)")
        if not all(spec.is_choice for spec in specs):
            raise PlanError(f"--param {name}: '{name}' is a number; --param sets choice parameters (dtype, isa); "
                            f"sizes are set with --sizes")
        known_values = list(dict.fromkeys(v for spec in specs for v in spec.choices))
        unknown = [v for v in values if v not in known_values]
        if unknown:
            raise PlanError(f"--param {name}: unknown value(s) {', '.join(unknown)}; {name} is one of "
                            f"{', '.join(known_values)}")


def plan(manifest: Manifest, settings: Settings, workload_names: list[str] | None = None,
         impl_patterns: list[str] | None = None, sizes: list[int] | None = None,
         choices: dict[str, list[str]] | None = None) -> list[Cell]:
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
            raise PlanError(f"no impl matches {', '.join(unmatched)}; impls of the selected workloads: "
                            f"{', '.join(known)}")
    cells: list[Cell] = []
    for workload in workloads:
        for params in _sizes_for(workload, settings.preset.name, sizes, choices):
            try:
                workload.check_params(params)
            except ValueError as error:
                raise PlanError(str(error)) from None
            axis = is_axis_cell(params)
            impls = sorted(workload.impls.values(), key=lambda i: (manifest.tier_rank(i.tier), i.name))
            for impl in impls:
                if not _matches(impl.name, impl_patterns):
                    continue
                if not all(impl.supports(key, value, workload.params[key].default)
                           for key, value in params.items() if isinstance(value, str)):
                    continue  # e.g. a float64-only impl at dtype = float32
                if not impl_patterns and impl.presets and settings.preset.name not in impl.presets:
                    continue  # not part of this preset unless asked for by name
                counts = sweep_counts if axis else thread_counts
                for threads in (counts if impl.threads == "multi" else [1]):
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
        impl_name.split(".", 1)[0], list(manifest.tiers)[0])


def _sizes_for(workload: Workload, preset: str, sizes: list[int] | None,
               choices: dict[str, list[str]] | None = None) -> list[dict[str, Any]]:
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
    out = [{workload.size_param: p[workload.size_param], **{k: v for k, v in p.items() if k != workload.size_param}}
           for p in out]
    unique = list({tuple(p.items()): p for p in out}.values())
    return sorted(unique, key=lambda p: (workload.cost(p), is_axis_cell(p), format_params(p)))


# ----------------------------------------------------------------- measuring

@dataclass
class Prediction:
    seconds_per_iteration: float
    run_seconds: float
    basis_params: dict[str, int]
    basis_seconds: float
    basis_kind: str  # "measured" (an earlier cell) or "probe"


@dataclass
class Runner:
    manifest: Manifest
    harnesses: Harnesses
    settings: Settings
    on_cell_start: Callable[[Cell], None] = lambda cell: None
    _history: dict[tuple, list[tuple[dict[str, int], float]]] = field(default_factory=dict)
    _references: dict[tuple, dict[str, float]] = field(default_factory=dict)

    # --- public

    def execute(self, cell: Cell) -> dict[str, Any]:
        """Runs one cell and returns its record for results.json."""
        self.on_cell_start(cell)
        record = self._base_record(cell)
        if cell.not_applicable is not None:
            return self._finish(record, "not_applicable", cell.not_applicable)
        harness = self.harnesses.status(cell.impl.language)
        if not harness.usable:
            return self._finish(record, "skipped", harness.reason)
        if (cell.workload.name, cell.impl.name) not in harness.impls:
            return self._finish(record, "skipped", f"the {cell.impl.language} harness has no {cell.impl.name} for "
                                                   f"{cell.workload.name}: rebuild with 'make build'")
        prediction = self._predict(cell, record)
        if isinstance(prediction, dict):  # the probe itself failed: that is this cell's outcome
            return prediction
        if prediction is not None and prediction.run_seconds > self.settings.cell_budget:
            return self._extrapolate(record, cell, prediction)
        result = self._run_harness(cell, cell.params, self.settings.repetitions, self.settings.min_time,
                                   self.settings.warmup)
        record = self._interpret(record, cell, result)
        # Cold start is a property of the impl and size, not of an instruction set or a precision: axis-sweep
        # cells skip it (they sit beside a main cell that has it).
        if record["status"] == "ok" and self.settings.cold and not cell.is_axis:
            record["cold"] = self._cold(cell)
        return record

    def _cold(self, cell: Cell) -> dict[str, Any]:
        """Whole processes, one run each, no warm-up: what a user waits for from the command line.
        With cold_runs > 1 the figures are medians over the processes (as hyperfine reports)."""
        walls, cpus, firsts, rss = [], [], [], []
        for _ in range(max(1, self.settings.cold_runs)):
            result = self._run_harness(cell, cell.params, 1, 0.0, 0.0)
            probe: dict[str, Any] = {}
            parsed = self._parse(probe, result)
            if parsed is None:
                return {"wall_s": result.wall_s, "error": probe.get("reason", "the cold run failed")}
            first = parsed.repetitions[0]
            walls.append(result.wall_s)
            cpus.append(result.cpu_s)
            rss.append(result.max_rss_kib)
            firsts.append(first.real_s * first.iterations)
        return {"wall_s": statistics.median(walls), "walls_s": walls, "cpu_s": statistics.median(cpus),
                "max_rss_kib": max(rss), "first_run_s": statistics.median(firsts)}

    # --- records

    def _base_record(self, cell: Cell) -> dict[str, Any]:
        return {"name": cell.name, "workload": cell.workload.name, "impl": cell.impl.name,
                "language": cell.impl.language, "tier": cell.impl.tier, "params": dict(cell.params),
                "threads": cell.threads, "description": cell.impl.description, "status": None, "reason": ""}

    @staticmethod
    def _finish(record: dict[str, Any], status: str, reason: str = "") -> dict[str, Any]:
        record["status"] = status
        record["reason"] = reason
        return record

    # --- the harness process

    def _command(self, cell: Cell, params: dict[str, int], repetitions: int, min_time: float,
                 warmup: float) -> list[str]:
        command = self.harnesses.command(cell.impl.language) + ["--run", f"{cell.workload.name}/{cell.impl.name}"]
        for key, value in params.items():
            command += ["--param", f"{key}={value}"]
        command += ["--threads", str(cell.threads), "--seed", str(self.settings.seed),
                    "--repetitions", str(repetitions), "--min-time", repr(min_time), "--warmup", repr(warmup)]
        return command

    def _run_harness(self, cell: Cell, params: dict[str, int], repetitions: int, min_time: float,
                     warmup: float) -> ProcessResult:
        command = self._command(cell, params, repetitions, min_time, warmup)
        return run_process(command, self.settings.timeout, env=self.harnesses.environment(cell.threads),
                           cwd=REPO_ROOT, spawner=self.harnesses.spawner)

    @staticmethod
    def _process_record(result: ProcessResult) -> dict[str, Any]:
        return {"command": result.command, "returncode": result.returncode, "timed_out": result.timed_out,
                "wall_s": result.wall_s, "user_s": result.user_s, "sys_s": result.sys_s,
                "max_rss_kib": result.max_rss_kib, "stderr_tail": result.stderr_tail()}

    def _parse(self, record: dict[str, Any], result: ProcessResult) -> gbench.Parsed | None:
        """Fills record with the raw output and process facts; sets a failure status if unusable."""
        record["process"] = self._process_record(result)
        if result.timed_out:
            record["raw_stdout"] = result.stdout[-4000:]
            self._finish(record, "timeout", f"no result within {self.settings.timeout:.0f} s: "
                                            f"{result.describe_exit()} (raise --timeout, or use a smaller size)")
            return None
        try:
            parsed = gbench.parse(result.stdout)
            record["harness_output"] = gbench._loads(result.stdout)
        except gbench.HarnessOutputError as error:
            record["raw_stdout"] = result.stdout[-4000:]
            if result.returncode != 0:
                detail = result.stderr_tail(5) or "no error output"
                self._finish(record, "failed", f"harness {result.describe_exit()}: {detail}")
            else:
                self._finish(record, "failed", f"harness output unusable: {error}")
            return None
        if result.returncode != 0:
            detail = result.stderr_tail(5) or "no error output"
            self._finish(record, "failed", f"harness {result.describe_exit()}: {detail}")
            return None
        if parsed.error:
            self._finish(record, "failed", f"the benchmark reported an error: {parsed.error}")
            return None
        if parsed.skipped:
            self._finish(record, "skipped", parsed.skipped)
            return None
        return parsed

    def _interpret(self, record: dict[str, Any], cell: Cell, result: ProcessResult) -> dict[str, Any]:
        parsed = self._parse(record, result)
        if parsed is None:
            return record
        times = [rep.real_s for rep in parsed.repetitions]
        summary = gbench.summarize(times, parsed.repetitions[0].iterations)
        record["summary"] = summary.as_dict()
        record["repetitions_s"] = times
        if any("end_to_end_s" in rep.counters for rep in parsed.repetitions):
            record["end_to_end"] = gbench.summarize(parsed.counter_values("end_to_end_s")).as_dict()
        # Every other counter (output_rel_error: the measured error of a float32/TF32/BF16 result against a
        # float64 computation; copy_bytes; streaming_stores), as its median over the repetitions.
        checksum_names = set(cell.workload.checksums)
        names = sorted({name for rep in parsed.repetitions for name in rep.counters} - checksum_names)
        if names:
            record["counters"] = {name: statistics.median(parsed.counter_values(name)) for name in names}
        record["throughput"] = self._throughput(cell, summary.median_s)
        validation = self._validate(cell, parsed)
        record["validation"] = validation
        self._remember(cell, cell.params, summary.median_s)
        if not validation["ok"]:
            return self._finish(record, "wrong_checksum", validation["reason"])
        return self._finish(record, "ok")

    # --- validation

    def reference(self, cell: Cell) -> dict[str, float]:
        key = (cell.workload.name, tuple(sorted(cell.params.items())))
        if key not in self._references:
            self._references[key] = cell.workload.reference(dict(cell.params), seed=self.settings.seed)
        return self._references[key]

    def _validate(self, cell: Cell, parsed: gbench.Parsed) -> dict[str, Any]:
        reference = self.reference(cell)
        checks: dict[str, Any] = {}
        problems: list[str] = []
        for name, spec in cell.workload.checksum_specs(cell.impl.name, cell.params).items():
            values = parsed.counter_values(name)
            expected = reference.get(name)
            if not values:
                checks[name] = {"ok": False, "reference": expected}
                problems.append(f"the harness reported no '{name}' counter")
                continue
            # Every repetition must agree; the worst one decides.
            worst = max(values, key=lambda v: math.inf if math.isnan(v) else abs(v - expected))
            error = abs(worst - expected)
            ok = (not math.isnan(worst)) and error <= spec.atol + spec.rtol * abs(expected)
            rel = error / abs(expected) if expected else error
            checks[name] = {"ok": ok, "value": _finite(worst), "reference": expected, "rel_error": _finite(rel),
                            "rtol": spec.rtol, "atol": spec.atol}
            if not ok:
                problems.append(f"{name} = {worst!r}, reference {expected!r} (relative error {rel:.2e} > "
                                f"tolerance {spec.rtol:.0e})")
        bounds = error_bounds.check(cell.workload.bounds_at(cell.params), parsed.counter_values, problems)
        return {"ok": not problems, "checksums": checks, **({"error_bounds": bounds} if bounds else {}),
                "reason": "; ".join(problems)}

    # --- throughput

    @staticmethod
    def _throughput(cell: Cell, seconds: float) -> dict[str, float | None]:
        flops = cell.workload.flops(cell.params) if cell.workload.flops else None
        nbytes = cell.workload.bytes(cell.params) if cell.workload.bytes else None
        return {"flops": flops, "bytes": nbytes,
                "gflops": flops / seconds / 1e9 if flops and seconds > 0 else None,
                "gbps": nbytes / seconds / 1e9 if nbytes and seconds > 0 else None}

    # --- budgets and extrapolation

    def _history_key(self, cell: Cell) -> tuple:
        others = tuple(sorted((k, v) for k, v in cell.params.items() if k != cell.workload.size_param))
        return (cell.workload.name, cell.impl.name, others)

    def _remember(self, cell: Cell, params: dict[str, int], median_s: float) -> None:
        self._history.setdefault(self._history_key(cell), []).append((dict(params), cell.threads, median_s))

    def _earlier(self, cell: Cell) -> list[tuple[dict[str, int], float]]:
        """Measurements a prediction may start from: the same impl at a size no larger, with the same
        thread count or fewer (more threads are assumed no slower: a conservative prediction)."""
        cost = cell.workload.cost
        target = cost(cell.params)
        return [(p, t) for p, threads, t in self._history.get(self._history_key(cell), [])
                if cost(p) <= target and threads <= cell.threads]

    def _run_seconds(self, per_iteration: float) -> float:
        """How long a harness takes for this many repetitions at this per-iteration time."""
        s = self.settings
        warmup = max(s.warmup, per_iteration) if s.warmup > 0 else 0.0
        calibration = s.min_time if per_iteration < s.min_time else 0.0
        return warmup + calibration + s.repetitions * max(per_iteration, s.min_time)

    def _predict(self, cell: Cell, record: dict[str, Any]) -> Prediction | dict[str, Any] | None:
        cost = cell.workload.cost
        target = cost(cell.params)
        earlier = self._earlier(cell)
        if earlier:
            params, seconds = max(earlier, key=lambda item: cost(item[0]))
            kind = "measured"
        else:
            probe_params = self._probe_params(cell)
            if probe_params is None:
                return None
            # A short calibrated measurement, not a single iteration: a tiny probe is otherwise all noise.
            result = self._run_harness(cell, probe_params, 1, min(self.settings.min_time, PROBE_MIN_TIME_S),
                                       min(self.settings.warmup, PROBE_WARMUP_CAP_S))
            probe: dict[str, Any] = {"params": probe_params}
            parsed = self._parse(probe, result)
            if parsed is None:
                record["probe"] = probe
                if probe["status"] == "skipped":
                    return self._finish(record, "skipped", probe["reason"])
                return self._finish(record, probe["status"], f"probe at {_fmt_params(probe_params)} failed: "
                                                             f"{probe['reason']}")
            seconds = gbench.summarize([rep.real_s for rep in parsed.repetitions]).median_s
            probe["median_s"] = seconds
            probe["checksums"] = {name: parsed.counter_values(name) for name in cell.workload.checksums}
            record["probe"] = probe
            params, kind = probe_params, "probe"
        per_iteration = seconds * target / cost(params)
        return Prediction(per_iteration, self._run_seconds(per_iteration), params, seconds, kind)

    def _probe_params(self, cell: Cell) -> dict[str, Any] | None:
        """The smoke preset's smallest size for this workload, if smaller than the cell's, at the cell's
        choices (the probe of an isa = avx2 cell runs the avx2 build)."""
        smoke = [p for p in cell.workload.sizes.get("smoke") or [] if not is_axis_cell(p)]
        if not smoke:
            return None
        probe = min(smoke, key=cell.workload.cost)
        probe = {cell.workload.size_param: probe[cell.workload.size_param],
                 **{k: v for k, v in probe.items() if k != cell.workload.size_param},
                 **{k: v for k, v in cell.params.items() if isinstance(v, str)}}
        return probe if cell.workload.cost(probe) < cell.workload.cost(cell.params) else None

    def _extrapolate(self, record: dict[str, Any], cell: Cell, prediction: Prediction) -> dict[str, Any]:
        record["extrapolated"] = {
            "median_s": prediction.seconds_per_iteration,
            "model": cell.workload.cost.text,
            "from_params": prediction.basis_params,
            "from_median_s": prediction.basis_seconds,
            "from": prediction.basis_kind,
            "predicted_run_s": prediction.run_seconds,
        }
        record["throughput"] = self._throughput(cell, prediction.seconds_per_iteration)
        reason = (f"not run: predicted {prediction.run_seconds:,.0f} s for warm-up and {self.settings.repetitions} "
                  f"repetitions, over the {self.settings.cell_budget:,.0f} s cell budget (--budget); time "
                  f"extrapolated from {_fmt_params(prediction.basis_params)} ({prediction.basis_kind}) "
                  f"with cost model {cell.workload.cost.text}")
        return self._finish(record, "extrapolated", reason)


def _finite(value: float) -> float | None:
    """A number for results.json, which is strict JSON: NaN and infinities become null."""
    return value if math.isfinite(value) else None


def _fmt_params(params: dict[str, Any]) -> str:
    return format_params(params)
