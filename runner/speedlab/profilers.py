"""Each language's own profiler over one cell, and the parsers of what they write (`speedlab profile`).

Every profiler runs the real harness (or, for Python, python_baselines/profile_cell.py, which prepares the
impl the harness's way) in a process of its own, and leaves its files in the profile folder. A tool that
cannot run here (perf without permission or without the package, JFR without a JDK) yields a Finding
whose text says so and what to do, never an exception: the other profiles still get written.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TOOL_TIMEOUT_S = 600.0
TOP = 15


@dataclass
class Finding:
    """One profiler's result: a heading, the lines the report shows, the files it wrote (names in the folder)."""

    title: str
    lines: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    available: bool = True
    summary: dict[str, Any] = field(default_factory=dict)


def run_tool(command: list[str], env: dict[str, str], cwd: Path, timeout: float = TOOL_TIMEOUT_S):
    """(returncode, stdout, stderr); returncode 127 with the reason when the program cannot start."""
    try:
        done = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    except FileNotFoundError:
        return 127, "", f"{command[0]}: not found"
    except subprocess.TimeoutExpired:
        return 124, "", f"{command[0]}: no result within {timeout:.0f} s"
    return done.returncode, done.stdout, done.stderr


def tail(text: str, lines: int = 4) -> str:
    return " ".join(text.strip().splitlines()[-lines:])


# --------------------------------------------------------------------------------------------- perf (C++)

PERF_LINE = re.compile(r"^\s*([\d.]+)%\s+(?:\S+\s+)?\[[.k]\]\s+(.+?)\s*$")
IPC_COLUMNS = re.compile(r"\s+(?:-|[\d.]+%?)\s+(?:-|\[?[\d.]+%\]?)$")
PERF_MISSING = (
    "perf is not available: {why}. Install it with 'sudo apt-get install linux-perf' (Debian; "
    "Ubuntu: linux-tools-generic), and allow sampling with 'sudo sysctl kernel.perf_event_paranoid=1'"
)
HARDWARE_EVENTS = ("cycles", "instructions", "cache-references", "cache-misses")


def parse_perf_report(text: str) -> list[dict[str, Any]]:
    """`perf report --stdio --no-children --sort symbol` -> [{share, symbol}], hottest first."""
    rows = []
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        match = PERF_LINE.match(line)
        if match:
            symbol = IPC_COLUMNS.sub("", match.group(2))  # perf 6.x appends IPC columns ('-  -' without a PMU)
            rows.append({"share": float(match.group(1)) / 100, "symbol": symbol})
    return sorted(rows, key=lambda row: row["share"], reverse=True)


def parse_perf_stat(text: str) -> dict[str, float | None]:
    """`perf stat -x,` (CSV on stderr) -> event -> count, None where the event is '<not supported>'."""
    counts: dict[str, float | None] = {}
    for line in text.splitlines():
        fields = line.split(",")
        if len(fields) < 3:
            continue
        value, event = fields[0], fields[2]
        if event in HARDWARE_EVENTS:
            try:
                counts[event] = float(value)
            except ValueError:
                counts[event] = None  # <not supported> / <not counted>
    return counts


def counters_lines(counts: dict[str, float | None]) -> list[str]:
    if not counts or all(value is None for value in counts.values()):
        return [
            "Hardware counters (IPC, cache misses): not available in this VM (perf stat reads "
            "'<not supported>': the hypervisor exposes no PMU). cpu-clock sampling still works."
        ]
    lines = []
    if counts.get("cycles") and counts.get("instructions"):
        lines.append(f"IPC: {counts['instructions'] / counts['cycles']:.2f} instructions per cycle")
    if counts.get("cache-references") and counts.get("cache-misses") is not None:
        lines.append(f"cache misses: {counts['cache-misses'] / counts['cache-references']:.1%} of cache references")
    return lines or [
        "Hardware counters: only some are exposed here: " + ", ".join(k for k, v in counts.items() if v is not None)
    ]


def profile_perf(command: list[str], env: dict[str, str], cwd: Path, out: Path, perf: str = "perf") -> Finding:
    finding = Finding("perf (cpu-clock samples)")
    if shutil.which(perf) is None:
        return Finding(finding.title, [PERF_MISSING.format(why=f"no '{perf}' on PATH")], available=False)
    data = out / "perf.data"
    code, _, err = run_tool(
        [perf, "record", "-e", "cpu-clock", "-F", "999", "-g", "-o", str(data), "--", *command], env, cwd
    )
    if code != 0 or not data.exists():
        return Finding(finding.title, [PERF_MISSING.format(why=f"'perf record' failed: {tail(err)}")], available=False)
    code, report, err = run_tool(
        [
            perf,
            "report",
            "-i",
            str(data),
            "--stdio",
            "--no-children",
            "--sort",
            "symbol",
            "-F",
            "overhead,sym",
            "-g",
            "none",
            "--percent-limit",
            "0.5",
        ],
        env,
        cwd,
    )
    (out / "perf-report.txt").write_text(report + err)
    rows = parse_perf_report(report)
    finding.files += ["perf.data", "perf-report.txt"]
    finding.summary["top_symbols"] = rows[:TOP]
    finding.lines.append("| share of samples | symbol |")
    finding.lines.append("|---|---|")
    finding.lines += [f"| {row['share']:.1%} | `{row['symbol']}` |" for row in rows[:TOP]]
    code, _, stat = run_tool([perf, "stat", "-x,", "-e", ",".join(HARDWARE_EVENTS), "--", *command], env, cwd)
    (out / "perf-stat.txt").write_text(stat)
    finding.files.append("perf-stat.txt")
    counts = parse_perf_stat(stat)
    finding.summary["counters"] = counts
    finding.lines += [""] + counters_lines(counts)
    return finding


# --------------------------------------------------------------------------------------------- JFR (Java)


def parse_jfr_samples(document: dict[str, Any]) -> list[dict[str, Any]]:
    """`jfr print --json --events jdk.ExecutionSample` -> [{method, samples, share}] by the top frame."""
    counts: dict[str, int] = {}
    for event in document.get("recording", {}).get("events", []):
        frames = ((event.get("values") or {}).get("stackTrace") or {}).get("frames") or []
        if not frames:
            continue
        method = frames[0].get("method") or {}
        owner = (((method.get("type") or {}).get("name")) or "?").replace("/", ".")  # JVM internal form
        name = f"{owner}.{method.get('name', '?')}"
        counts[name] = counts.get(name, 0) + 1
    total = sum(counts.values()) or 1
    rows = [{"method": name, "samples": count, "share": count / total} for name, count in counts.items()]
    return sorted(rows, key=lambda row: row["samples"], reverse=True)


def profile_jfr(command: list[str], env: dict[str, str], cwd: Path, out: Path) -> Finding:
    finding = Finding("Java Flight Recorder (execution samples)")
    recording = out / "java.jfr"
    java = [command[0], f"-XX:StartFlightRecording=filename={recording},settings=profile", *command[1:]]
    code, _, err = run_tool(java, env, cwd)
    if code != 0 or not recording.exists():
        return Finding(
            finding.title, [f"JFR recording failed: {tail(err)} (needs a JDK 11+ with JFR)"], available=False
        )
    jfr = shutil.which("jfr") or str(Path(shutil.which(command[0]) or "java").resolve().parent / "jfr")
    code, text, err = run_tool([jfr, "print", "--json", "--events", "jdk.ExecutionSample", str(recording)], env, cwd)
    if code != 0:
        return Finding(finding.title, [f"'jfr print' failed: {tail(err)}"], ["java.jfr"], available=False)
    rows = parse_jfr_samples(json.loads(text))
    (out / "jfr-top-methods.json").write_text(json.dumps(rows[:50], indent=2))
    finding.files += ["java.jfr", "jfr-top-methods.json"]
    finding.summary["top_methods"] = rows[:TOP]
    finding.lines += ["| share of samples | samples | method (top frame) |", "|---|---|---|"]
    finding.lines += [f"| {row['share']:.1%} | {row['samples']} | `{row['method']}` |" for row in rows[:TOP]]
    return finding
