"""`speedlab profile WORKLOAD IMPL [-s SIZE] [-t T]`: find the bottleneck first.

Runs one cell under its language's own profiler and writes the result into a profile folder,
`profiles/WORKLOAD-IMPL-SIZE/` of a run folder (a new one, or an existing run with --into RUN, whose
report.md then links it), with profile.md and profile.json:
- Python: cProfile's top functions; line_profiler on the hottest function of the impl's own code; a py-spy
  flame graph (SVG); tracemalloc's peak and the allocation sites (python_baselines/profile_cell.py);
- C++: perf record with the cpu-clock software event (works in VMs without hardware counters), the top
  symbols, and the hardware counters where the kernel exposes them (profilers.py);
- Java: Java Flight Recorder's execution samples, the top methods (profilers.py).
A profile is not a timing: every profiler slows the code down (cProfile and line_profiler by several times,
unevenly by line), so its times are shares within the profile, never comparable with the tables.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import asdict
from pathlib import Path
from typing import Any

import click

from speedlab import profilers, results
from speedlab.harnesses import REPO_ROOT, Harnesses, venv_python
from speedlab.manifest import ManifestError, load_manifest
from speedlab.profilers import Finding, run_tool, tail

NOT_A_TIMING = (
    "A profile is not a timing: the profilers' overhead (cProfile and line_profiler slow Python "
    "down several times, unevenly by line; sampling less so) makes every time here incomparable with "
    "the report's tables. Read the shares: where the time goes, not how long it takes."
)
PY_SPY_RATE = 200  # samples per second


def python_command(cell: dict[str, Any], mode: str, out: Path, extra: list[str] | None = None) -> list[str]:
    command = [
        venv_python(),
        "-m",
        "python_baselines.profile_cell",
        "--run",
        f"{cell['workload']}/{cell['impl']}",
        "--threads",
        str(cell["threads"]),
        "--mode",
        mode,
        "--out",
        str(out),
        "--seconds",
        str(cell["seconds"]),
    ]
    for key, value in cell["params"].items():
        command += ["--param", f"{key}={value}"]
    return command + (extra or [])


def harness_command(harnesses: Harnesses, cell: dict[str, Any]) -> list[str]:
    command = harnesses.command(cell["impl"].split(".", 1)[0]) + ["--run", f"{cell['workload']}/{cell['impl']}"]
    for key, value in cell["params"].items():
        command += ["--param", f"{key}={value}"]
    return command + [
        "--threads",
        str(cell["threads"]),
        "--repetitions",
        "1",
        "--min-time",
        str(cell["seconds"]),
        "--warmup",
        "0",
    ]


def profile_python(cell: dict[str, Any], env: dict[str, str], out: Path) -> list[Finding]:
    findings = []
    code, _, err = run_tool(python_command(cell, "cprofile", out), env, REPO_ROOT)
    if code != 0:
        raise click.ClickException(f"the cell could not run under cProfile: {tail(err)}")
    stats = json.loads((out / "cprofile.json").read_text())
    cprofile = Finding(
        "cProfile (top functions by own time)", files=["cprofile.txt", "cprofile.pstats", "cprofile.json"]
    )
    cprofile.lines += ["| own time share | own time | calls | function |", "|---|---|---|---|"]
    cprofile.lines += [
        f"| {row['share']:.1%} | {row['tottime_s']:.3g} s | {row['ncalls']} | "
        f"`{row['function']}` ({Path(row['file']).name}:{row['line']}) |"
        for row in stats["top"][:12]
    ]
    cprofile.summary = {"top": stats["top"][:12], "kernel": stats["kernel"]}
    findings.append(cprofile)
    findings.append(line_profile(cell, env, out, stats["kernel"]))
    findings.append(flame_graph(cell, env, out))
    findings.append(memory_profile(cell, env, out))
    return findings


def line_profile(cell: dict[str, Any], env: dict[str, str], out: Path, kernel: dict[str, Any] | None) -> Finding:
    title = "line_profiler (the hottest function of the impl's code, line by line)"
    if kernel is None:
        return Finding(
            title, ["No function of the impl's own code took time (the work is in a library)."], available=False
        )
    spec = f"{kernel['file']}:{kernel['line']}:{kernel['function']}"
    code, _, err = run_tool(python_command(cell, "lines", out, ["--function", spec]), env, REPO_ROOT)
    if code != 0:
        hint = " (pip install line_profiler)" if "No module named 'line_profiler'" in err else ""
        return Finding(title, [f"line_profiler failed: {tail(err)}{hint}"], available=False)
    lines = json.loads((out / "lines.json").read_text())
    hottest = max(lines["lines"], key=lambda row: row["share"])
    finding = Finding(
        f"{title}: `{lines['function']}`",
        files=["lines.txt", "lines.json"],
        summary={"function": lines["function"], "hottest_line": hottest},
    )
    finding.lines += [
        f"Line {hottest['line']} owns {hottest['share']:.1%} of the function's time: `{hottest['source']}`",
        "",
        "| line | hits | share | source |",
        "|---|---|---|---|",
    ]
    finding.lines += [
        f"| {row['line']} | {row['hits']} | {row['share']:.1%} | `{row['source']}` |"
        for row in lines["lines"]
        if row["hits"]
    ]
    return finding


def flame_graph(cell: dict[str, Any], env: dict[str, str], out: Path) -> Finding:
    title = "py-spy (sampled flame graph)"
    py_spy = shutil.which("py-spy") or str(Path(venv_python()).parent / "py-spy")
    svg = out / "flame.svg"
    code, _, err = run_tool(
        [
            py_spy,
            "record",
            "--subprocesses",
            "-r",
            str(PY_SPY_RATE),
            "-o",
            str(svg),
            "--",
            *python_command(cell, "plain", out),
        ],
        env,
        REPO_ROOT,
    )
    if code != 0 or not svg.exists():
        return Finding(
            title,
            [
                f"py-spy could not sample: {tail(err)} (pip install py-spy; it needs ptrace: "
                f"'sudo sysctl kernel.yama.ptrace_scope=0' where that is restricted)"
            ],
            available=False,
        )
    return Finding(
        title,
        [
            f"![flame graph](flame.svg) — {PY_SPY_RATE} samples a second of the kernel, unprofiled "
            f"otherwise, worker processes included (--subprocesses); the widest bars are where the "
            f"time goes."
        ],
        ["flame.svg"],
    )


def memory_profile(cell: dict[str, Any], env: dict[str, str], out: Path) -> Finding:
    title = "tracemalloc (peak memory, allocation sites)"
    code, _, err = run_tool(python_command(cell, "memory", out), env, REPO_ROOT)
    if code != 0:
        return Finding(title, [f"tracemalloc failed: {tail(err)}"], available=False)
    memory = json.loads((out / "memory.json").read_text())
    finding = Finding(title, files=["memory.json"], summary={"peak_bytes": memory["peak_bytes"]})
    finding.lines += [
        f"Peak traced by Python's allocator over prepare + one kernel call: "
        f"{memory['peak_bytes'] / 2**20:.2f} MiB (NumPy buffers included; memory of C++ and BLAS "
        f"not). Sites still holding memory at the end (inputs, result):",
        "",
        "| bytes | blocks | site |",
        "|---|---|---|",
    ]
    finding.lines += [
        f"| {site['bytes']:,} | {site['blocks']:,} | {Path(site['site']).name} `{site['source']}` |"
        for site in memory["sites"][:10]
    ]
    return finding


def profile_cell(manifest, harnesses: Harnesses, cell: dict[str, Any], out: Path) -> list[Finding]:
    language = cell["impl"].split(".", 1)[0]
    env = harnesses.environment(cell["threads"])
    if language == "python":
        return profile_python(cell, env, out)
    if language in ("cpp", "cuda"):
        return [profilers.profile_perf(harness_command(harnesses, cell), env, REPO_ROOT, out)]
    if language == "java":
        return [profilers.profile_jfr(harness_command(harnesses, cell), env, REPO_ROOT, out)]
    raise click.ClickException(f"no profiler for {language} impls (python, cpp, java have one)")


def write_report(cell: dict[str, Any], findings: list[Finding], out: Path) -> None:
    size = ", ".join(f"{k} = {v}" for k, v in cell["params"].items())
    lines = [
        f"# Profile: {cell['workload']} {cell['impl']} ({size}, threads = {cell['threads']})",
        "",
        f"> {NOT_A_TIMING}",
        "",
    ]
    for finding in findings:
        lines += [f"## {finding.title}", "", *finding.lines, ""]
        if finding.files:
            lines += ["Files: " + ", ".join(f"[{name}]({name})" for name in finding.files), ""]
    (out / "profile.md").write_text("\n".join(lines))
    (out / "profile.json").write_text(
        json.dumps(
            {"cell": cell, "not_a_timing": NOT_A_TIMING, "findings": [asdict(f) for f in findings]},
            indent=2,
            default=str,
        )
    )


def report_links(run_dir: Path) -> list[str]:
    """Lines for a run's report.md: its profile folders (made with --into RUN), each linked."""
    folders = sorted(p for p in (run_dir / "profiles").glob("*/profile.md")) if (run_dir / "profiles").is_dir() else []
    if not folders:
        return []
    return (
        ["## Profiles", "", NOT_A_TIMING, ""]
        + [f"- [{path.parent.name}](profiles/{path.parent.name}/profile.md)" for path in folders]
        + [""]
    )


def resolve_cell(manifest, workload_name: str, impl: str, size: int | None, threads: int, seconds: float):
    workload = manifest.workloads.get(workload_name)
    if workload is None:
        raise click.UsageError(f"unknown workload '{workload_name}'; known: {', '.join(manifest.workloads)}")
    if impl not in workload.impls:
        raise click.UsageError(f"{workload_name} has no impl '{impl}'; it has: {', '.join(workload.impls)}")
    params = dict(workload.defaults, **(workload.sizes.get("smoke") or [{}])[0])
    if size is not None:
        params[workload.size_param] = size
    return {"workload": workload_name, "impl": impl, "params": params, "threads": threads, "seconds": seconds}


@click.command("profile")
@click.argument("workload")
@click.argument("impl")
@click.option("--size", "-s", type=int, default=None, help="The size parameter (default: the smoke preset's).")
@click.option("--threads", "-t", type=click.IntRange(min=1), default=1, show_default=True)
@click.option(
    "--seconds",
    type=click.FloatRange(min=0.0),
    default=1.0,
    show_default=True,
    help="How long the kernel repeats under the sampling profilers.",
)
@click.option(
    "--into",
    "into_run",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=None,
    help="An existing run folder: the profile goes under its profiles/ and its report links it.",
)
@click.option("--results-dir", type=click.Path(file_okay=False, path_type=Path), default=REPO_ROOT / "reports")
@click.pass_obj
def profile_command(
    obj,
    workload: str,
    impl: str,
    size: int | None,
    threads: int,
    seconds: float,
    into_run: Path | None,
    results_dir: Path,
) -> None:
    """Run one cell under its language's profiler (cProfile, line_profiler, py-spy, tracemalloc; perf; JFR)."""
    try:
        manifest = load_manifest(obj["manifest_dir"])
    except ManifestError as error:
        raise click.ClickException(f"manifest error: {error}") from None
    cell = resolve_cell(manifest, workload, impl, size, threads, seconds)
    run_dir = into_run.resolve() if into_run else results.new_run_dir(Path(results_dir).resolve())
    size_text = "-".join(f"{k}{v}" for k, v in cell["params"].items())
    out = run_dir / "profiles" / f"{workload}-{impl}-{size_text}-t{threads}"
    out.mkdir(parents=True, exist_ok=True)
    findings = profile_cell(manifest, Harnesses(manifest, obj["build_dir"]), cell, out)
    write_report(cell, findings, out)
    for finding in findings:
        click.echo(f"{finding.title}: " + ("written" if finding.available else finding.lines[0]))
    click.echo(f"profile: {out / 'profile.md'}")
