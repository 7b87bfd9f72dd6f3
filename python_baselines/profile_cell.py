"""One Python cell under a profiler, for `speedlab profile` (runner/speedlab/profile.py).

    python -m python_baselines.profile_cell --run WORKLOAD/IMPL --param n=64 --out DIR --mode MODE
        [--threads T] [--seed S] [--seconds 1.0] [--function FILE:LINE:NAME]

Modes (each in a process of its own, so one profiler's overhead never skews another's figures):
- cprofile: cProfile over the kernel (repeated for --seconds, at least once) -> DIR/cprofile.{pstats,txt,json};
  the json names the hottest function of the impl's own code (most own time in python_baselines/).
- lines: line_profiler on --function (that function) over one kernel call -> DIR/lines.{txt,json}.
- memory: tracemalloc over prepare + one kernel call -> DIR/memory.json (the peak; the sites holding memory
  at the end, inputs and result).
- plain: the kernel, unprofiled, for --seconds (what py-spy samples from outside).
Errors: exit status 2 with the reason on stderr.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import linecache
import pstats
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

from python_baselines.harness import parse_param
from python_baselines.registry import ParamError, Params, SkipBenchmark, load_all

PACKAGE_DIR = str(Path(__file__).resolve().parent)
TOP = 25


def prepared_cell(args, impl=None):
    impl = impl or find_impl(args)
    params = Params(values=dict(parse_param(p) for p in args.param), threads=args.threads, seed=args.seed)
    return impl.prepare(params)


def find_impl(args):
    impl = load_all().get(tuple(args.run.partition("/")[::2]))
    if impl is None:
        raise ParamError(f"unknown implementation '{args.run}' (speedlab list shows them)")
    return impl


def repeat(prepared, seconds: float) -> int:
    """The kernel, with the impl's untimed work around each call (sort's fresh input), for `seconds`."""
    calls, deadline = 0, time.perf_counter() + seconds
    while True:
        once(prepared)
        calls += 1
        if time.perf_counter() >= deadline:
            return calls


def once(prepared):
    if prepared.before_each is not None:
        prepared.before_each()
    result = prepared.kernel()
    if prepared.after_each is not None:
        prepared.after_each(result)
    return result


def function_rows(stats: pstats.Stats) -> list[dict[str, Any]]:
    rows = []
    for (file, line, name), (_, ncalls, tottime, cumtime, _) in stats.stats.items():  # type: ignore[attr-defined]
        rows.append(
            {"function": name, "file": file, "line": line, "ncalls": ncalls, "tottime_s": tottime, "cumtime_s": cumtime}
        )
    rows.sort(key=lambda row: row["tottime_s"], reverse=True)
    return rows


def run_cprofile(prepared, out: Path, seconds: float) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    calls = repeat(prepared, seconds)
    profiler.disable()
    profiler.dump_stats(str(out / "cprofile.pstats"))
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text)
    stats.sort_stats("tottime").print_stats(TOP)
    (out / "cprofile.txt").write_text(text.getvalue())
    rows = function_rows(stats)
    total = sum(row["tottime_s"] for row in rows) or 1.0
    for row in rows:
        row["share"] = row["tottime_s"] / total
    own = [row for row in rows if row["file"].startswith(PACKAGE_DIR) and not row["file"].endswith("profile_cell.py")]
    kernel = own[0] if own else None
    (out / "cprofile.json").write_text(
        json.dumps({"calls": calls, "total_s": total, "top": rows[:TOP], "kernel": kernel}, indent=2)
    )


def find_function(spec: str):
    """FILE:LINE:NAME (from cprofile.json) -> the function object whose code starts there."""
    file, line, name = spec.rsplit(":", 2)
    for module in list(sys.modules.values()):
        if getattr(module, "__file__", None) != file:
            continue
        candidates = list(vars(module).values())
        candidates += [member for value in candidates if isinstance(value, type) for member in vars(value).values()]
        for value in candidates:  # module functions, and the methods of its classes
            code = getattr(value, "__code__", None)
            if code is not None and code.co_name == name and code.co_firstlineno == int(line):
                return value
    raise ParamError(f"no function {name} at {file}:{line} to profile line by line")


def run_lines(prepared, out: Path, spec: str) -> None:
    from line_profiler import LineProfiler

    function = find_function(spec)
    profiler = LineProfiler()
    profiler.add_function(function)
    profiler.enable_by_count()
    once(prepared)
    profiler.disable_by_count()
    text = io.StringIO()
    profiler.print_stats(stream=text, output_unit=1e-3)
    (out / "lines.txt").write_text(text.getvalue())
    stats = profiler.get_stats()
    lines = [entry for timings in stats.timings.values() for entry in timings]  # (line, hits, time)
    total = sum(entry[2] for entry in lines) or 1
    file = function.__code__.co_filename
    rows = [
        {
            "line": line,
            "hits": hits,
            "time_s": time_units * stats.unit,
            "share": time_units / total,
            "source": linecache.getline(file, line).strip(),
        }
        for line, hits, time_units in sorted(lines)
    ]
    (out / "lines.json").write_text(
        json.dumps({"function": function.__qualname__, "file": file, "lines": rows}, indent=2)
    )


def run_memory(args, out: Path) -> None:
    impl = find_impl(args)  # the imports first: their memory is not the cell's
    tracemalloc.start(10)
    prepared = prepared_cell(args, impl)
    result = once(prepared)
    _, peak = tracemalloc.get_traced_memory()
    snapshot = tracemalloc.take_snapshot()
    tracemalloc.stop()
    sites = [
        {
            "site": f"{stat.traceback[0].filename}:{stat.traceback[0].lineno}",
            "bytes": stat.size,
            "blocks": stat.count,
            "source": linecache.getline(stat.traceback[0].filename, stat.traceback[0].lineno).strip(),
        }
        for stat in snapshot.statistics("lineno")[:TOP]
    ]
    (out / "memory.json").write_text(json.dumps({"peak_bytes": peak, "sites": sites}, indent=2))
    del result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m python_baselines.profile_cell")
    parser.add_argument("--run", required=True)
    parser.add_argument("--param", action="append", default=[])
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--mode", choices=("cprofile", "lines", "memory", "plain"), required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seconds", type=float, default=1.0)
    parser.add_argument("--function", default="")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    try:
        if args.mode == "memory":
            run_memory(args, args.out)
            return 0
        prepared = prepared_cell(args)
        if args.mode == "cprofile":
            run_cprofile(prepared, args.out, args.seconds)
        elif args.mode == "lines":
            run_lines(prepared, args.out, args.function)
        else:
            repeat(prepared, args.seconds)
    except (ParamError, SkipBenchmark) as error:
        print(f"speedlab profile: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
