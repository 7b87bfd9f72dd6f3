"""speedlab compare RUN_A RUN_B: two runs of one machine, or two machines, cell by cell.

Like Google Benchmark's tools/compare.py: per cell the ratio of medians and a
two-sided Mann-Whitney U test on the raw repetitions (significant below
alpha); then a geometric-mean speedup per tier and overall; the two machine
cards side by side. Cells present in only one run are listed, not dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from scipy.stats import mannwhitneyu

from speedlab import report
from speedlab.manifest import format_params

DEFAULT_ALPHA = 0.05
RELIABLE_REPETITIONS = 9  # Google Benchmark's compare.py warns below this many


def cell_key(cell: dict[str, Any]) -> tuple:
    return (cell["workload"], cell["impl"], tuple(sorted(cell["params"].items())), cell["threads"])


def _label(cell: dict[str, Any]) -> str:
    params = format_params(cell["params"])
    return f"{cell['workload']} {params}"


@dataclass
class Row:
    key: tuple
    a: dict[str, Any]
    b: dict[str, Any]
    speedup: float | None = None  # A's median / B's median: > 1 means B is faster
    p_value: float | None = None
    verdict: str = ""

    @property
    def comparable(self) -> bool:
        return self.speedup is not None


@dataclass
class Comparison:
    a: dict[str, Any]
    b: dict[str, Any]
    alpha: float
    rows: list[Row] = field(default_factory=list)
    only_a: list[dict[str, Any]] = field(default_factory=list)
    only_b: list[dict[str, Any]] = field(default_factory=list)
    few_repetitions: bool = False

    def tier_summary(self) -> list[tuple[str, float | None, int]]:
        tiers = list(self.a.get("manifest", {}).get("tiers", {})) or []
        by_tier: dict[str, list[float]] = {}
        for row in self.rows:
            if row.comparable:
                by_tier.setdefault(row.a["tier"], []).append(row.speedup)
        order = [t for t in tiers if t in by_tier] + [t for t in by_tier if t not in tiers]
        out = [(tier, report.geometric_mean(by_tier[tier]), len(by_tier[tier])) for tier in order]
        everything = [s for values in by_tier.values() for s in values]
        out.append(("all", report.geometric_mean(everything), len(everything)))
        return out


def compare(a: dict[str, Any], b: dict[str, Any], alpha: float = DEFAULT_ALPHA) -> Comparison:
    result = Comparison(a, b, alpha)
    cells_b = {cell_key(c): c for c in b["cells"]}
    keys_a = set()
    for cell_a in a["cells"]:
        key = cell_key(cell_a)
        keys_a.add(key)
        cell_b = cells_b.get(key)
        if cell_b is None:
            result.only_a.append(cell_a)
            continue
        result.rows.append(_compare_cells(key, cell_a, cell_b, alpha, result))
    result.only_b = [c for c in b["cells"] if cell_key(c) not in keys_a]
    return result


def _compare_cells(key: tuple, a: dict[str, Any], b: dict[str, Any], alpha: float, result: Comparison) -> Row:
    row = Row(key, a, b)
    if a["status"] != "ok" or b["status"] != "ok":
        row.verdict = f"not compared: A {a['status']}, B {b['status']}"
        return row
    row.speedup = a["summary"]["median_s"] / b["summary"]["median_s"]
    reps_a, reps_b = a.get("repetitions_s") or [], b.get("repetitions_s") or []
    if min(len(reps_a), len(reps_b)) < RELIABLE_REPETITIONS:
        result.few_repetitions = True
    if len(reps_a) < 2 or len(reps_b) < 2:
        row.verdict = "too few repetitions to test"
        return row
    row.p_value = float(mannwhitneyu(reps_a, reps_b, alternative="two-sided").pvalue)
    if row.p_value < alpha:
        row.verdict = "B faster" if row.speedup > 1 else "B slower"
    else:
        row.verdict = "no significant difference"
    return row


HEADERS = ["workload / size", "impl", "threads", "A median", "B median", "B vs A", "p-value", "verdict"]


def row_values(row: Row) -> list[str]:
    def median(cell: dict[str, Any]) -> str:
        return report.format_seconds(cell["summary"]["median_s"]) if cell["status"] == "ok" else \
            report.STATUS_TEXT.get(cell["status"], cell["status"])

    return [_label(row.a), row.a["impl"], str(row.a["threads"]), median(row.a), median(row.b),
            report.format_speedup(row.speedup) if row.comparable else "—",
            f"{row.p_value:.4f}" if row.p_value is not None else "—", row.verdict]


def summary_values(comparison: Comparison) -> list[list[str]]:
    return [[tier, report.format_speedup(mean) if mean else "—", str(count)]
            for tier, mean, count in comparison.tier_summary()]


def machine_columns(comparison: Comparison) -> list[tuple[str, dict[str, str]]]:
    return [(f"A: {comparison.a['run'].get('id')}", dict(report.machine_lines(comparison.a))),
            (f"B: {comparison.b['run'].get('id')}", dict(report.machine_lines(comparison.b)))]


def notes(comparison: Comparison) -> list[str]:
    out = [f"B vs A = A's median / B's median: above 1× B is faster. Significance: two-sided Mann-Whitney U test on "
           f"the raw repetitions, alpha = {comparison.alpha}."]
    if comparison.few_repetitions:
        out.append(f"Some cells have fewer than {RELIABLE_REPETITIONS} repetitions: the test has little power there "
                   f"(Google Benchmark's compare.py gives the same warning); rerun with -r {RELIABLE_REPETITIONS} or more.")
    return out


def markdown(comparison: Comparison) -> str:
    lines = [f"# speedlab compare: {comparison.a['run'].get('id')} (A) vs {comparison.b['run'].get('id')} (B)", ""]
    lines += [f"- {note}" for note in notes(comparison)] + ["", "## Machines", ""]
    columns = machine_columns(comparison)
    labels = list(dict.fromkeys(label for _, lines_ in columns for label in lines_))
    lines += ["| | " + " | ".join(name for name, _ in columns) + " |", "|---|---|---|"]
    lines += [f"| {label} | " + " | ".join(c.get(label, "—").replace("|", "\\|") for _, c in columns) + " |"
              for label in labels]
    lines += ["", "## Geometric-mean speedup per tier (B vs A)", "", "| tier | B vs A | cells |", "|---|---|---|"]
    lines += ["| " + " | ".join(values) + " |" for values in summary_values(comparison)]
    lines += ["", "## Cells", "", "| " + " | ".join(HEADERS) + " |", "|" + "|".join(["---"] * len(HEADERS)) + "|"]
    lines += ["| " + " | ".join(row_values(row)) + " |" for row in comparison.rows]
    for title, cells in (("Only in A", comparison.only_a), ("Only in B", comparison.only_b)):
        if cells:
            lines += ["", f"## {title}", ""]
            lines += [f"- {_label(c)} {c['impl']} threads={c['threads']} ({c['status']})" for c in cells]
    return "\n".join(lines) + "\n"

