"""Measuring a cell: memory check, prediction, the harness processes, timing and checksum validation.

The outcomes a cell can have are listed in run.py. Every failure is the cell's status with its reason,
never an exception that ends the run.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import Any, Callable

from speedlab import cores, gbench, interrupts, load, memory, predict, validation
from speedlab.harnesses import REPO_ROOT, Harnesses
from speedlab.manifest import Manifest, format_params
from speedlab.process import ProcessResult, run_process
from speedlab.run import Cell, Settings, usable_cpus


@dataclass
class Runner:
    manifest: Manifest
    harnesses: Harnesses
    settings: Settings
    on_cell_start: Callable[[Cell], None] = lambda cell: None
    # Memory available now (bytes), asked before every cell; tests give a fixed number.
    available_memory: Callable[[], int | None] = memory.available_bytes
    _history: predict.History = field(default_factory=predict.History)
    _references: dict[tuple, dict[str, float]] = field(default_factory=dict)
    # Each measured cell's processes so far, by cell name: later rounds pool theirs with them.
    _runs: dict[str, tuple[Cell, list]] = field(default_factory=dict)
    _sequence: int = 0

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
            return self._finish(
                record,
                "skipped",
                f"the {cell.impl.language} harness has no {cell.impl.name} for "
                f"{cell.workload.name}: rebuild with 'make build'",
            )
        predicted_bytes = cell.workload.memory_bytes(cell.impl.name, cell.params)
        if predicted_bytes is not None:
            record["memory"] = {"predicted_bytes": predicted_bytes}
        # Would it fit? Asked before any prediction: a time extrapolated for a cell that cannot run on this
        # machine (python.numpy loading a file larger than memory) would be a number nobody can measure here.
        _, refused = memory.refusal(cell.workload, cell.impl.name, cell.params, self.available_memory())
        if refused:
            return self._finish(record, "skipped", refused)
        prediction = self._predict(cell, record)
        if isinstance(prediction, dict):  # the probe itself failed: that is this cell's outcome
            return prediction
        if prediction is not None and prediction.run_seconds > self.settings.cell_budget:
            entry, reason = predict.extrapolation(cell, self.settings, prediction)
            record["extrapolated"] = entry
            record["throughput"] = validation.throughput(cell.workload, cell.params, prediction.seconds_per_iteration)
            return self._finish(record, "extrapolated", reason)
        record = self._measure(record, cell)
        # Cold start is a property of the impl and size, not of an instruction set or a precision: axis-sweep
        # cells skip it (they sit beside a main cell that has it), but for a scheduler with worker processes,
        # whose start the cold time is the only figure of (dask_report.py).
        started = cell.params.get("scheduler") in ("processes", "local_cluster")
        if record["status"] == "ok" and self.settings.cold and (not cell.is_axis or started):
            record["cold"] = self._cold(cell)
        return record

    def _cold(self, cell: Cell) -> dict[str, Any]:
        """Whole processes, one run each, no warm-up: what a user waits for from the command line.
        With cold_runs > 1 the figures are medians over the processes (as hyperfine reports). The wall
        times are the launcher's (fork to reaped exit); the runner's own are kept as a cross-check."""
        walls, runner_walls, cpus, firsts, rss, rss_all = [], [], [], [], [], []
        command = self._command(cell, cell.params, 1, 0.0, 0.0)
        for _ in range(max(1, self.settings.cold_runs)):
            try:
                result = self._run_harness(cell, cell.params, 1, 0.0, 0.0)
            except interrupts.RunInterrupted:
                if not walls:  # the warm measurement is complete: keep the cell, without its cold time
                    return {"error": "interrupted before the cold run", "command": command}
                break
            probe: dict[str, Any] = {}
            parsed = self._parse(probe, result)
            if parsed is None:
                return {"wall_s": result.wall_s, "error": probe.get("reason", "the cold run failed")}
            first = parsed.repetitions[0]
            walls.append(result.wall_s)
            runner_walls.append(result.runner_wall_s)
            cpus.append(result.cpu_s)
            rss.append(result.max_rss_kib)
            rss_all.append(result.max_rss_all_kib or result.max_rss_kib)
            firsts.append(first.real_s * first.iterations)
        return {
            "wall_s": statistics.median(walls),
            "walls_s": walls,
            "cpu_s": statistics.median(cpus),
            "max_rss_kib": max(rss),
            "max_rss_all_kib": max(rss_all),
            "first_run_s": statistics.median(firsts),
            "wall_source": result.wall_source,
            "runner_walls_s": runner_walls,
            "command": command,
        }

    # --- records

    def _base_record(self, cell: Cell) -> dict[str, Any]:
        record = {
            "name": cell.name,
            "workload": cell.workload.name,
            "impl": cell.impl.name,
            "language": cell.impl.language,
            "tier": cell.impl.tier,
            "params": dict(cell.params),
            "threads": cell.threads,
            "description": cell.impl.description,
            "status": None,
            "reason": "",
        }
        if cell.workload.precision != "float64" and "dtype" not in cell.params:
            record["precision"] = cell.workload.precision  # the roofline's FP64 peak does not apply
        if cell.threads > usable_cpus():  # more threads than cores: they take turns, and the report says so
            record["oversubscribed"] = True
        return record

    @staticmethod
    def _finish(record: dict[str, Any], status: str, reason: str = "") -> dict[str, Any]:
        record["status"] = status
        record["reason"] = reason
        return record

    # --- the harness process

    def _command(
        self, cell: Cell, params: dict[str, int], repetitions: int, min_time: float, warmup: float
    ) -> list[str]:
        command = self.harnesses.command(cell.impl.language) + ["--run", f"{cell.workload.name}/{cell.impl.name}"]
        for key, value in params.items():
            command += ["--param", f"{key}={value}"]
        command += [
            "--threads",
            str(cell.threads),
            "--seed",
            str(self.settings.seed),
            "--repetitions",
            str(repetitions),
            "--min-time",
            repr(min_time),
            "--warmup",
            repr(warmup),
        ]
        return command

    def _run_harness(
        self, cell: Cell, params: dict[str, int], repetitions: int, min_time: float, warmup: float
    ) -> ProcessResult:
        command = self._command(cell, params, repetitions, min_time, warmup)
        before = load.snapshot()
        result = run_process(
            command,
            self.settings.timeout,
            env=self.harnesses.environment(cell.threads),
            cwd=REPO_ROOT,
            spawner=self.harnesses.spawner,
        )
        result.load = load.between(before, load.snapshot(), result.wall_s, result.cpu_s)
        return result

    @staticmethod
    def _process_record(result: ProcessResult) -> dict[str, Any]:
        return {
            "command": result.command,
            "returncode": result.returncode,
            "timed_out": result.timed_out,
            "wall_s": result.wall_s,
            "wall_source": result.wall_source,
            "runner_wall_s": result.runner_wall_s,
            "user_s": result.user_s,
            "sys_s": result.sys_s,
            "max_rss_kib": result.max_rss_kib,
            "max_rss_all_kib": result.max_rss_all_kib,  # summed over the harness's processes (process.py)
            "load": result.load,
            "stderr_tail": result.stderr_tail(),
        }

    def _parse(self, record: dict[str, Any], result: ProcessResult) -> gbench.Parsed | None:
        """Fills record with the raw output and process facts; sets a failure status if unusable."""
        record["process"] = self._process_record(result)
        if result.timed_out:
            record["raw_stdout"] = result.stdout[-4000:]
            self._finish(
                record,
                "timeout",
                f"no result within {self.settings.timeout:.0f} s: "
                f"{result.describe_exit()} (raise --timeout, or use a smaller size)",
            )
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
        impossible = gbench.impossible_timing(parsed)
        if impossible:  # never a speed: the cell fails with the reason
            self._finish(record, "failed", impossible)
            return None
        return parsed

    def _measure(self, record: dict[str, Any], cell: Cell) -> dict[str, Any]:
        """The warm measurement in `processes` harness processes, their repetitions pooled. Interleaved (the
        default), only the first runs now: the others come in later rounds of the run (rounds.py), so that a
        drift of the machine's speed over the run reaches every cell alike instead of one cell's processes."""
        count = 1 if self.settings.interleave else max(1, self.settings.processes)
        runs: list[tuple[gbench.Parsed, dict[str, Any]]] = []
        self._runs[cell.name] = (cell, runs)
        for index in range(count):
            failed = self._one_process(record, cell, runs, f"process {index + 1} of {count}" if count > 1 else "")
            if failed is not None:
                return failed
        return self._pool(record, cell, runs)

    def remeasure(self, record: dict[str, Any]) -> dict[str, Any]:
        """One more warm process for a cell measured before (an interleaved round, or a noisy cell measured
        again), pooled with its earlier ones. A process that fails makes the cell fail, with the reason: its
        earlier processes stay in the record."""
        cell, runs = self._runs[record["name"]]
        record = dict(record)
        failed = self._one_process(record, cell, runs, f"process {len(runs) + 1}")
        return failed if failed is not None else self._pool(record, cell, runs, remember=False)

    def can_remeasure(self, record: dict[str, Any]) -> bool:
        return record["status"] == "ok" and record["name"] in self._runs

    def _one_process(self, record: dict[str, Any], cell: Cell, runs: list, label: str) -> dict[str, Any] | None:
        part: dict[str, Any] = {}
        result = self._run_harness(
            cell, cell.params, self.settings.repetitions, self.settings.min_time, self.settings.warmup
        )
        parsed = self._parse(part, result)
        self._sequence += 1
        part["process"]["sequence"] = self._sequence  # the order of processes over the whole run
        if parsed is None:
            record.update(part)
            if label:
                record["reason"] = f"{label}: {record['reason']}"
            return record
        runs.append((parsed, part))
        return None

    def _pool(self, record: dict[str, Any], cell: Cell, runs: list, remember: bool = True) -> dict[str, Any]:
        first = runs[0][1]
        record["process"] = dict(
            first["process"],
            max_rss_kib=max(p["process"]["max_rss_kib"] or 0 for _, p in runs),
            max_rss_all_kib=max(p["process"].get("max_rss_all_kib") or 0 for _, p in runs) or None,
        )
        record["processes"] = [
            {
                "index": index,
                "repetitions_s": [rep.real_s for rep in parsed.repetitions],
                **{
                    key: part["process"].get(key)
                    for key in ("sequence", "wall_s", "user_s", "sys_s", "max_rss_kib", "max_rss_all_kib", "load")
                },
            }
            for index, (parsed, part) in enumerate(runs)
        ]
        loads = [part["process"].get("load") for _, part in runs]
        noisy = [entry for entry in loads if entry and entry["noisy"]]
        if noisy:
            worst = max(noisy, key=lambda entry: max(entry["steal_fraction"], entry["others_fraction"]))
            record["noise"] = {"noisy_processes": len(noisy), "processes": len(runs), "reason": load.describe(worst)}
        else:
            record.pop("noise", None)
        if len(runs) == 1:
            record["harness_output"] = first["harness_output"]
        else:  # every process's repetitions, tagged with the process; per-process aggregates left out
            record["harness_output"] = {
                "context": first["harness_output"].get("context", {}),
                "benchmarks": [
                    dict(entry, speedlab_process=index)
                    for index, (_, part) in enumerate(runs)
                    for entry in part["harness_output"].get("benchmarks", [])
                    if entry.get("run_type", "iteration") == "iteration"
                ],
            }
        pooled = gbench.Parsed(
            context=runs[0][0].context,
            name=runs[0][0].name,
            repetitions=[rep for parsed, _ in runs for rep in parsed.repetitions],
        )
        return self._interpret(record, cell, pooled, remember)

    def _interpret(
        self, record: dict[str, Any], cell: Cell, parsed: gbench.Parsed, remember: bool = True
    ) -> dict[str, Any]:
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
        record["throughput"] = validation.throughput(cell.workload, cell.params, summary.median_s)
        record.update(cores.figures(parsed, record))  # cores used (GPU busy), from the harness's CPU time
        judged = self._validate(cell, parsed)
        record["validation"] = judged
        if not judged["ok"]:
            return self._finish(record, "wrong_checksum", judged["reason"])
        if remember:  # a later round re-pools a cell already remembered: once is enough
            self._history.remember(cell, summary.median_s)  # only a validated time predicts others
        return self._finish(record, "ok")

    # --- validation

    def reference(self, cell: Cell, params: dict[str, Any] | None = None) -> dict[str, float]:
        params = cell.params if params is None else params
        key = (cell.workload.name, tuple(sorted(params.items())))
        if key not in self._references:
            self._references[key] = cell.workload.reference(dict(params), seed=self.settings.seed)
        return self._references[key]

    def _validate(self, cell: Cell, parsed: gbench.Parsed, params: dict[str, Any] | None = None) -> dict[str, Any]:
        """The checksums of every repetition against the reference at `params` (default: the cell's)."""
        params = cell.params if params is None else params
        return validation.validate(cell.workload, cell.impl.name, params, parsed, self.reference(cell, params))

    # --- budgets and extrapolation (predict.py)

    def _predict(self, cell: Cell, record: dict[str, Any]) -> predict.Prediction | dict[str, Any] | None:
        """The cell's predicted time, from a validated basis (predict.py); a failed probe's record instead."""
        same = self._history.basis(cell, same_threads=True)
        if same:
            return predict.scaled(cell, self.settings, *same, kind="measured")
        fewer = self._history.basis(cell, same_threads=False)
        if fewer:
            prediction = predict.scaled(cell, self.settings, *fewer, kind="measured")
            if prediction.run_seconds <= self.settings.cell_budget:
                return prediction  # fits even at fewer threads: it runs, nothing is extrapolated from it
        probe_params = predict.probe_params(cell)
        if probe_params is None:
            return None
        return self._probe(cell, record, probe_params)

    def _probe(self, cell: Cell, record: dict[str, Any], params: dict[str, Any]) -> predict.Prediction | dict:
        """A short calibrated measurement at a small size and the cell's thread count, validated like a cell
        (a tiny probe of a single iteration would be all noise)."""
        result = self._run_harness(
            cell,
            params,
            1,
            min(self.settings.min_time, predict.PROBE_MIN_TIME_S),
            min(self.settings.warmup, predict.PROBE_WARMUP_CAP_S),
        )
        probe: dict[str, Any] = {
            "params": params,
            "threads": cell.threads,
            "why": f"no validated measurement of {cell.impl.name} at threads={cell.threads} and a size no larger",
        }
        record["probe"] = probe
        parsed = self._parse(probe, result)
        if parsed is None:
            if probe["status"] == "skipped":
                return self._finish(record, "skipped", probe["reason"])
            return self._finish(record, probe["status"], f"probe at {format_params(params)} failed: {probe['reason']}")
        seconds = gbench.summarize([rep.real_s for rep in parsed.repetitions]).median_s
        probe["median_s"] = seconds
        probe["checksums"] = {name: parsed.counter_values(name) for name in cell.workload.checksums}
        probe["validation"] = self._validate(cell, parsed, params)
        if not probe["validation"]["ok"]:  # a wrong answer is no basis for a time, and says the impl is wrong
            return self._finish(
                record,
                "wrong_checksum",
                f"probe at {format_params(params)} computed a wrong answer: {probe['validation']['reason']}",
            )
        return predict.scaled(cell, self.settings, params, cell.threads, seconds, kind="probe")
