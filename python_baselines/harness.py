"""The Python harness (the contract: docs/harness-protocol.md).

    python -m python_baselines --list
    python -m python_baselines --run WORKLOAD/IMPL --param n=1000000 [--threads T]
        [--seed S] [--repetitions R] [--min-time SECONDS] [--warmup SECONDS]

Times an impl the way Google Benchmark does (warm-up, iteration calibration,
repetitions; the last calibration batch is repetition 0) with the monotonic
clock, and prints Google Benchmark's JSON on stdout. Errors go to stderr with
exit status 2.
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import platform
import socket
import statistics
import sys
import time
from dataclasses import dataclass, field
from typing import Any, Callable

from python_baselines import cpu_clock
from python_baselines.registry import Implementation, ParamError, Params, SkipBenchmark, load_all

USAGE_ERROR = 2
MAX_ITERATIONS = 1_000_000_000

# Where the last result goes, so nothing can treat the work as dead (CPython
# never would, but the harness keeps the same contract as every language).
SINK: list[Any] = [None]


@dataclass(frozen=True)
class Repetition:
    iterations: int
    wall_ns: int
    cpu_ns: int
    # The checksums of THIS batch's outputs (Prepared.checksums after the batch, untimed): every repetition
    # proves itself, so an impl that is right only in its last repetition is caught.
    checksums: dict[str, float] = field(default_factory=dict)


def next_iterations(iterations: int, seconds: float, min_time: float) -> int:
    """Google Benchmark's PredictNumberOfIterations."""
    multiplier = min_time * 1.4 / max(seconds, 1e-9)
    if min_time > 0 and seconds / min_time <= 0.1:  # too short to predict from: grow 10x
        multiplier = 10.0
    # std::lround, as Google Benchmark does (round half away from zero).
    return int(min(math.floor(max(multiplier * iterations, iterations + 1.0) + 0.5), MAX_ITERATIONS))


Checksums = Callable[[Any], dict[str, float]]


def time_batch(
    kernel: Callable[[], Any],
    iterations: int,
    before_each: Callable[[], None] | None = None,
    after_each: Callable[[Any], None] | None = None,
    checksums: Checksums | None = None,
    manual_time: Callable[[], float] | None = None,
) -> Repetition:
    """Times `iterations` calls of the kernel. `before_each()` and `after_each(result)` run around every
    call outside the clocks (Google Benchmark's PauseTiming); `checksums(last result)` runs after the batch,
    untimed, and its values are this batch's. The CPU time is the whole process's and its live workers'
    (cpu_clock.py), read outside the wall clock: cpu / wall is the cores the repetition used. With
    `manual_time` (GPU impls) each iteration's time is the impl's own measurement (the kernel's CUDA events)."""
    clock = cpu_clock.TreeClock()
    if before_each is None and after_each is None and manual_time is None:
        cpu_start = clock.read_ns()
        wall_start = time.perf_counter_ns()
        for _ in range(iterations):
            SINK[0] = kernel()
        wall_end = time.perf_counter_ns()
        cpu_end = clock.read_ns()
        wall_ns, cpu_ns = wall_end - wall_start, cpu_end - cpu_start
    else:  # with untimed work around each iteration: each iteration timed on its own
        wall_ns = cpu_ns = 0
        for _ in range(iterations):
            if before_each is not None:
                before_each()
            cpu_start = clock.read_ns()
            wall_start = time.perf_counter_ns()
            SINK[0] = kernel()
            wall_end = time.perf_counter_ns()
            wall_ns += wall_end - wall_start if manual_time is None else round(manual_time() * 1e9)
            cpu_ns += clock.read_ns() - cpu_start
            if after_each is not None:
                after_each(SINK[0])
    values = {} if checksums is None else {key: float(value) for key, value in checksums(SINK[0]).items()}
    return Repetition(iterations, wall_ns, cpu_ns, values)


def measure(
    kernel: Callable[[], Any],
    repetitions: int,
    min_time: float,
    warmup: float,
    before_each: Callable[[], None] | None = None,
    after_each: Callable[[Any], None] | None = None,
    checksums: Checksums | None = None,
    manual_time: Callable[[], float] | None = None,
) -> list[Repetition]:
    """Warm up, calibrate the iteration count to min_time, then time the repetitions. `before_each` and
    `after_each` run around every iteration, outside the timed region; `checksums` runs after every batch
    (the warm-up's too, whose values are dropped), so each repetition reports the checksums of its own
    outputs."""
    if warmup > 0:
        deadline = time.perf_counter() + warmup
        while True:
            if before_each is not None:
                before_each()
            SINK[0] = kernel()
            if after_each is not None:
                after_each(SINK[0])
            if time.perf_counter() >= deadline:
                break
        if checksums is not None:
            checksums(SINK[0])  # closes the warm-up's outputs: the first batch reports only its own
    results: list[Repetition] = []
    iterations = 1
    while True:
        batch = time_batch(kernel, iterations, before_each, after_each, checksums, manual_time)
        seconds = batch.wall_ns * 1e-9
        if seconds >= min_time or iterations >= MAX_ITERATIONS:
            results.append(batch)
            break
        iterations = next_iterations(iterations, seconds, min_time)
    while len(results) < repetitions:
        results.append(time_batch(kernel, iterations, before_each, after_each, checksums, manual_time))
    return results


def benchmark_name(workload: str, impl: str, params: Params) -> str:
    parts = [workload, impl] + [f"{key}:{value}" for key, value in params.values.items()]
    return "/".join(parts) + f"/threads:{params.threads}"


def aggregate(name: str, values: list[float]) -> float:
    if name == "mean":
        return statistics.fmean(values)
    if name == "median":
        return statistics.median(values)
    if name == "stddev":
        return statistics.stdev(values) if len(values) > 1 else 0.0
    if name == "cv":
        mean = statistics.fmean(values)
        return aggregate("stddev", values) / mean if mean else 0.0
    raise ValueError(f"unknown aggregate {name}")


def blas_info() -> list[dict[str, Any]]:
    """What threadpoolctl sees: BLAS/OpenMP libraries loaded by NumPy and their threads."""
    try:
        from threadpoolctl import threadpool_info

        keys = ("user_api", "internal_api", "version", "num_threads", "architecture", "threading_layer")
        return [{k: info.get(k) for k in keys} for info in threadpool_info()]
    except Exception as error:  # noqa: BLE001 - facts are best effort, never fatal
        return [{"error": str(error)}]


def context(params: Params, extra: dict[str, Any]) -> dict[str, Any]:
    import numpy

    return {
        "date": datetime.datetime.now(datetime.timezone.utc).astimezone().isoformat(timespec="seconds"),
        "host_name": socket.gethostname(),
        "executable": f"{sys.executable} -m python_baselines",
        "num_cpus": os.cpu_count(),
        "load_avg": list(os.getloadavg()),
        "library_build_type": "release",
        "speedlab": {
            "harness": "python",
            "python_version": platform.python_version(),
            "python_implementation": platform.python_implementation(),
            "numpy_version": numpy.__version__,
            "blas": blas_info(),
            "seed": params.seed,
            "threads": params.threads,
            **extra,
        },
    }


def document(
    impl: Implementation, params: Params, reps: list[Repetition], extra_context: dict[str, Any]
) -> dict[str, Any]:
    """Google Benchmark's JSON: an entry per repetition (with that repetition's own checksums), then the
    aggregates (of the checksums too, as Google Benchmark aggregates its counters)."""
    name = benchmark_name(impl.workload, impl.impl, params)
    structured = {"workload": impl.workload, "impl": impl.impl, "params": {**params.values, "threads": params.threads}}
    common = {
        "family_index": 0,
        "per_family_instance_index": 0,
        "run_name": name,
        "repetitions": len(reps),
        "threads": 1,
    }
    entries: list[dict[str, Any]] = []
    for index, rep in enumerate(reps):
        entries.append(
            {
                "name": name,
                **common,
                "run_type": "iteration",
                "repetition_index": index,
                "iterations": rep.iterations,
                "real_time": rep.wall_ns / rep.iterations,
                "cpu_time": rep.cpu_ns / rep.iterations,
                "time_unit": "ns",
                **rep.checksums,
                **structured,
            }
        )
    if len(reps) > 1:
        real = [rep.wall_ns / rep.iterations for rep in reps]
        cpu = [rep.cpu_ns / rep.iterations for rep in reps]
        for agg in ("mean", "median", "stddev", "cv"):
            entries.append(
                {
                    "name": f"{name}_{agg}",
                    **common,
                    "run_type": "aggregate",
                    "aggregate_name": agg,
                    "aggregate_unit": "percentage" if agg == "cv" else "time",
                    "iterations": len(reps),
                    "real_time": aggregate(agg, real),
                    "cpu_time": aggregate(agg, cpu),
                    "time_unit": "ns",
                    **{key: aggregate(agg, [rep.checksums[key] for rep in reps]) for key in reps[0].checksums},
                    **structured,
                }
            )
    return {"context": context(params, extra_context), "benchmarks": entries}


def skipped_document(impl: Implementation, params: Params, reason: str) -> dict[str, Any]:
    """Google Benchmark's newer form for a benchmark that did not run, with the reason."""
    name = benchmark_name(impl.workload, impl.impl, params)
    return {
        "context": context(params, {}),
        "benchmarks": [
            {
                "name": name,
                "run_name": name,
                "run_type": "iteration",
                "repetitions": 0,
                "skipped": True,
                "skip_message": reason,
                "workload": impl.workload,
                "impl": impl.impl,
                "params": {**params.values, "threads": params.threads},
            }
        ],
    }


def limit_threads(threads: int) -> None:
    """BLAS/OpenMP threads come from the runner's --threads (the runner also sets the env vars)."""
    try:
        from threadpoolctl import threadpool_limits

        threadpool_limits(limits=threads)
    except Exception:  # noqa: BLE001 - without threadpoolctl the env vars still apply
        pass


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse exits; the harness reports and returns 2
        raise UsageError(message)


def parse_param(text: str) -> tuple[str, int | str]:
    """NAME=INTEGER, or NAME=CHOICE for a choice parameter (dtype=float32): a name of letters, digits,
    '_', '.' and '-' that does not start with a digit."""
    name, eq, value = text.partition("=")
    if not eq or not name:
        raise UsageError(f"--param expects NAME=VALUE, got '{text}'")
    try:
        return name, int(value)
    except ValueError:
        pass
    if value and not value[0].isdigit() and value[0] != "-" and all(c.isalnum() or c in "_.-" for c in value):
        return name, value
    raise UsageError(f"--param {name} expects an integer or a choice name, got '{value}'")


def main(argv: list[str] | None = None) -> int:
    parser = _Parser(prog="python -m python_baselines", description=__doc__.split("\n\n")[0])
    parser.add_argument("--list", "--benchmark_list_tests", action="store_true", help="list the impls as JSON")
    parser.add_argument("--run", metavar="WORKLOAD/IMPL")
    parser.add_argument("--param", action="append", default=[], metavar="NAME=VALUE")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--repetitions", type=int, default=5)
    parser.add_argument("--min-time", type=float, default=0.1)
    parser.add_argument("--warmup", type=float, default=0.1)
    try:
        args = parser.parse_args(argv)
        registry = load_all()
        if args.list:
            impls = [{"workload": w, "impl": i} for (w, i) in registry]
            facts = context(Params(values={}), {})["speedlab"]
            print(
                json.dumps(
                    {
                        "harness": "python",
                        "available": True,
                        "unavailable_reason": "",
                        "implementations": impls,
                        "context": facts,
                    },
                    indent=2,
                )
            )
            return 0
        if not args.run:
            raise UsageError("nothing to do: pass --list or --run WORKLOAD/IMPL")
        if args.threads < 1 or args.repetitions < 1:
            raise UsageError("--threads and --repetitions must be >= 1")
        for flag, seconds in (("--min-time", args.min_time), ("--warmup", args.warmup)):
            # NaN would make calibration run forever (no time compares >= NaN); a negative time means nothing.
            if not math.isfinite(seconds) or seconds < 0:
                raise UsageError(f"{flag} must be a finite number of seconds >= 0, got '{seconds:g}'")
        workload, _, impl_name = args.run.partition("/")
        impl = registry.get((workload, impl_name))
        if impl is None:
            known = ", ".join(f"{w}/{i}" for (w, i) in registry)
            raise UsageError(f"unknown implementation '{args.run}'; this harness has: {known}")
        params = Params(values=dict(parse_param(p) for p in args.param), threads=args.threads, seed=args.seed)
        limit_threads(params.threads)
        prepared = impl.prepare(params)
        if params.unread_choices():
            raise ParamError(
                f"{impl.impl} does not implement {', '.join(params.unread_choices())} (it has the default only)"
            )
    except (UsageError, ParamError) as error:
        print(f"speedlab python harness: {error}", file=sys.stderr)
        return USAGE_ERROR
    except SkipBenchmark as reason:
        print(json.dumps(skipped_document(impl, params, str(reason)), indent=2))
        return 0

    reps = measure(
        prepared.kernel,
        args.repetitions,
        args.min_time,
        args.warmup,
        prepared.before_each,
        prepared.after_each,
        prepared.checksums,
        prepared.manual_time,
    )
    print(json.dumps(document(impl, params, reps, prepared.context), indent=2))
    return 0
