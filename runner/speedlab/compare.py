"""speedlab compare RUN_A RUN_B: two runs of one machine, or two machines, cell by cell.

Like Google Benchmark's tools/compare.py: per cell the ratio of medians and a
two-sided Mann-Whitney U test on the raw repetitions; then a geometric-mean
speedup per tier and overall; the two machine cards side by side. Cells
present in only one run are listed, not dropped.

Two things compare.py leaves to the reader are done here:
- Many cells are tested at once (a full run has hundreds): at alpha = 0.05,
  one cell in twenty would read "faster" by chance. The p-values are
  adjusted with the Benjamini-Hochberg procedure (scipy.stats.
  false_discovery_control), which bounds the expected share of false
  discoveries among the cells called different at alpha. It is chosen over
  Holm-Bonferroni, which bounds the chance of even one false call: between
  two machines most cells do differ, and Holm's family-wise control would
  hide many real differences to avoid a single false one.
- With few repetitions the test cannot reach significance at all: the
  smallest two-sided p of a Mann-Whitney test of n1 against n2 values is
  2 / C(n1 + n2, n1) (complete separation), 0.1 for 3 against 3. Such a cell
  says "too few repetitions to test", not "no significant difference", and
  stays out of the correction (it cannot be a discovery).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from scipy.stats import false_discovery_control, mannwhitneyu

from speedlab import report_guide, units
from speedlab.manifest_model import format_params
from speedlab.model import Cell
from speedlab.sections import Section
from speedlab.table import Table, Value, columns, status, text

DEFAULT_ALPHA = 0.05
RELIABLE_REPETITIONS = 9  # Google Benchmark's compare.py warns below this many
TOO_FEW = "too few repetitions to test"


def smallest_p(n_a: int, n_b: int) -> float:
    """The smallest two-sided p-value a Mann-Whitney U test of n_a against n_b values can give."""
    return min(1.0, 2.0 / math.comb(n_a + n_b, n_a))


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
    p_value: float | None = None  # the U test's, for this cell alone
    p_adjusted: float | None = None  # Benjamini-Hochberg over every tested cell of the comparison
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
    untestable: int = 0  # cells with too few repetitions for the test to ever reach alpha
    single_process: bool = False  # some cell's repetitions all come from one harness process

    def tier_summary(self) -> list[tuple[str, float | None, int]]:
        tiers = list(self.a.get("manifest", {}).get("tiers", {})) or []
        by_tier: dict[str, list[float]] = {}
        for row in self.rows:
            if row.comparable:
                by_tier.setdefault(row.a["tier"], []).append(row.speedup)
        order = [t for t in tiers if t in by_tier] + [t for t in by_tier if t not in tiers]
        out = [(tier, units.geometric_mean(by_tier[tier]), len(by_tier[tier])) for tier in order]
        everything = [s for values in by_tier.values() for s in values]
        out.append(("all", units.geometric_mean(everything), len(everything)))
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
    _correct(result)
    return result


def _possible(seconds: Any) -> bool:
    return isinstance(seconds, (int, float)) and math.isfinite(seconds) and seconds > 0


def _compare_cells(key: tuple, a: dict[str, Any], b: dict[str, Any], alpha: float, result: Comparison) -> Row:
    row = Row(key, a, b)
    if a["status"] != "ok" or b["status"] != "ok":
        row.verdict = f"not compared: A {a['status']}, B {b['status']}"
        return row
    median_a, median_b = (a.get("summary") or {}).get("median_s"), (b.get("summary") or {}).get("median_s")
    if not (_possible(median_a) and _possible(median_b)):  # results written before timings were checked
        side = "A" if not _possible(median_a) else "B"
        row.verdict = f"not compared: {side}'s time is impossible ({median_a if side == 'A' else median_b!r} s)"
        return row
    row.speedup = median_a / median_b
    reps_a = [t for t in a.get("repetitions_s") or [] if _possible(t)]
    reps_b = [t for t in b.get("repetitions_s") or [] if _possible(t)]
    if min(len(reps_a), len(reps_b)) < RELIABLE_REPETITIONS:
        result.few_repetitions = True
    if any(len(cell.get("processes") or [None]) < 2 for cell in (a, b)):
        result.single_process = True
    if not reps_a or not reps_b or smallest_p(len(reps_a), len(reps_b)) >= alpha:
        row.verdict = TOO_FEW
        result.untestable += 1
        return row
    row.p_value = float(mannwhitneyu(reps_a, reps_b, alternative="two-sided").pvalue)
    return row


def _correct(result: Comparison) -> None:
    """Benjamini-Hochberg over the tested cells, then each verdict from its adjusted p-value."""
    tested = [row for row in result.rows if row.p_value is not None]
    if not tested:
        return
    adjusted = false_discovery_control([row.p_value for row in tested], method="bh")
    for row, p_adjusted in zip(tested, adjusted):
        row.p_adjusted = float(p_adjusted)
        if row.p_adjusted < result.alpha:
            row.verdict = "B faster" if row.speedup > 1 else "B slower"
        else:
            row.verdict = "no significant difference"


HEADERS = ["workload / size", "impl", "threads", "A median", "B median", "B vs A", "p-value", "adjusted p", "verdict"]


def _median(record: dict[str, Any]) -> Value:
    cell = Cell.of(record)
    if cell.measured:
        return Value("duration", cell.statistics.median_s)
    return status(units.STATUS_TEXT.get(cell.status, cell.status))


def _p(value: float | None) -> Value:
    return text(f"{value:.4f}") if value is not None else status(units.MISSING)


def cells_table(comparison: Comparison) -> Table:
    keep = {"B vs A": 0, "verdict": 0, "threads": 2, "p-value": 1, "adjusted p": 3}  # a narrow terminal: these last
    table = Table("Cells", columns(HEADERS, left=("workload / size", "impl", "verdict"), priority=keep), anchor="cells")
    for row in comparison.rows:
        verdict = status(row.verdict) if row.verdict else text("")
        values = [text(_label(row.a)), text(row.a["impl"]), text(str(row.a["threads"])), _median(row.a)]
        values += [_median(row.b), Value("ratio", row.speedup), _p(row.p_value), _p(row.p_adjusted), verdict]
        table.add(values, style="failed" if row.verdict == "B slower" else ("" if row.comparable else "muted"))
    return table


def summary_table(comparison: Comparison) -> Table:
    table = Table(
        "Geometric-mean speedup per tier (B vs A)",
        columns(["tier", "B vs A", "cells"], left=("tier",)),
        anchor="summary",
    )
    for tier, mean, count in comparison.tier_summary():
        table.add([text(tier), Value("ratio", mean), text(str(count))])
    return table


def unmatched_table(title: str, cells: list[dict[str, Any]]) -> Table:
    names = ["workload / size", "impl", "threads", "status"]
    table = Table(
        title, columns(names, left=("workload / size", "impl", "status")), anchor=title.lower().replace(" ", "-")
    )
    for cell in cells:
        table.add([text(_label(cell)), text(cell["impl"]), text(str(cell["threads"])), status(cell["status"])], "muted")
    return table


def machine_columns(comparison: Comparison) -> list[tuple[str, list[tuple[str, str]]]]:
    return [
        (f"A: {comparison.a['run'].get('id')}", report_guide.machine_lines(comparison.a)),
        (f"B: {comparison.b['run'].get('id')}", report_guide.machine_lines(comparison.b)),
    ]


def sections(comparison: Comparison) -> list[Section]:
    """compare.md and compare.html: the machines, the per-tier summary, every cell, the unmatched ones."""
    out = [Section("Machines", "machine").add(report_guide.machine_card(machine_columns(comparison)))]
    out += [Section("", level=1).add(summary_table(comparison)), Section("", level=1).add(cells_table(comparison))]
    for title, cells in (("Only in A", comparison.only_a), ("Only in B", comparison.only_b)):
        if cells:
            out.append(Section("", level=1).add(unmatched_table(title, cells)))
    return out


def notes(comparison: Comparison) -> list[str]:
    tested = sum(1 for row in comparison.rows if row.p_value is not None)
    out = [
        f"B vs A = A's median / B's median: above 1× B is faster. Significance: two-sided Mann-Whitney U test on "
        f"the raw repetitions; the p-values of the {tested} tested cells adjusted together (Benjamini-Hochberg: "
        f"at most a share alpha = {comparison.alpha} of the cells called faster or slower are expected to be "
        f"chance); a cell differs when its adjusted p is below alpha."
    ]
    if comparison.untestable:
        out.append(
            f"{comparison.untestable} cell(s) have too few repetitions to test: with n repetitions a side the "
            f"smallest possible p is 2 / C(2n, n) (0.1 at n = 3), not below alpha = {comparison.alpha}; "
            f"rerun with -r 4 or more (-r {RELIABLE_REPETITIONS} for a useful test)."
        )
    if comparison.single_process:
        out.append(
            "Some cells' repetitions all come from one harness process, so the variance between processes "
            "(memory layout, CPU frequency, JIT decisions) is not in the test: run with --processes 3 or "
            "more to include it."
        )
    if comparison.few_repetitions:
        out.append(
            f"Some cells have fewer than {RELIABLE_REPETITIONS} repetitions: the test has little power there "
            f"(Google Benchmark's compare.py gives the same warning); rerun with -r {RELIABLE_REPETITIONS} or more."
        )
    return out
