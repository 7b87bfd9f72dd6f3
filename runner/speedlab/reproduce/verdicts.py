"""The verdict of each row and each table: five outcomes, each saying why.

- **not comparable: …** — the measurement is not the source's program under the source's conditions (a row's
  `differs` under `--conditions ours`, or an `unmatched` difference no variant removes). Never "reproduced".
- **not measured at the source's size: …** — its time would rest on an extrapolation across a cache cliff.
- **reproduced** — the ratio of ratios is within the row's band of 1: REPRODUCED_BAND (25%) or, when the
  measurements here are noisier, 2·√(e_row² + e_baseline²) + the source's own precision, e = the standard
  error of a median, 1.2533·cv/√(repetitions) (so about 2 standard errors of the ratio). Why 25%: a ratio
  combines two times; on the busy 2-vCPU development machine a repetition's cv reaches 10–25%, so a median of
  3 is known to ±7–18% and a ratio of two to ±10–25% (1σ); the sources' own precision is 0.5–3% (PyPy blog
  ±0.5%, hyperfine's median of 3 a few %). A tighter band would call noise a contradiction; 2× would call a
  different program a reproduction.
- **consistent (gap: …)** — within 2×; the gap is named from the recorded conditions (hardware, versions).
- **contradicted: …** — beyond 2×, with the file's `cause` or "unexplained".
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from speedlab.reproduce.cliffs import cliffs_of, crossing, machine_caches
from speedlab.reproduce.sources import RowSpec, Source, TableSpec
from speedlab.reproduce.targets import Target

REPRODUCED_BAND = 0.25
CONSISTENT_FACTOR = 2.0


@dataclass
class Measured:
    seconds: float | None
    status: str  # "measured", "extrapolated", or the cell's failure/skip status, or "missing"
    reason: str = ""
    gflops: float | None = None
    cv: float = 0.0  # relative spread of the repetitions behind `seconds`
    count: int = 1  # how many repetitions (or whole-process runs) it summarizes

    @property
    def relative_error(self) -> float:
        """The standard error of a median of `count` values, relative: 1.2533 σ / √count."""
        return 1.2533 * self.cv / math.sqrt(max(1, self.count))

    basis: dict[str, Any] | None = None  # an extrapolation's basis params
    cliff: str = ""  # the cache cliff between the basis and the target ("" when none)


def _find(document: dict[str, Any], target: Target) -> dict[str, Any] | None:
    params = dict(target.params)
    for cell in document["cells"]:
        if (
            cell["workload"] == target.workload
            and cell["impl"] == target.impl
            and cell["threads"] == target.threads
            and cell["params"] == params
        ):
            return cell
    return None


def _cv(values: list[float]) -> float:
    if len(values) < 2:
        return 0.0
    mean = sum(values) / len(values)
    return math.sqrt(sum((v - mean) ** 2 for v in values) / (len(values) - 1)) / mean if mean else 0.0


def _extrapolated(cell: dict[str, Any], target: Target, document: dict[str, Any]) -> Measured:
    entry = cell["extrapolated"]
    seconds = entry["median_s"]
    flops = (cell.get("throughput") or {}).get("flops")
    basis = entry.get("from_params")
    cliff = ""
    if basis:
        cliff = crossing(cliffs_of(target.workload), target.impl, dict(target.params), basis, machine_caches(document))
    return Measured(
        seconds,
        "extrapolated",
        cell.get("reason", ""),
        flops / seconds / 1e9 if flops else None,
        basis=basis,
        cliff=cliff,
    )


def measured(document: dict[str, Any], target: Target, timing: str, statistic: str) -> Measured:
    cell = _find(document, target)
    if cell is None:
        return Measured(None, "missing", "not in this run")
    flops = (cell.get("throughput") or {}).get("flops")
    if cell["status"] == "extrapolated":
        return _extrapolated(cell, target, document)
    if cell["status"] != "ok":
        return Measured(None, cell["status"], cell.get("reason", ""))
    summary = cell["summary"]
    cv = summary.get("cv") or 0.0
    count = int(summary.get("repetitions") or 1)
    if timing == "cold":
        cold = cell.get("cold") or {}
        walls = cold.get("walls_s") or ([cold["wall_s"]] if "wall_s" in cold else [])
        if not walls:
            return Measured(None, "missing", cold.get("error", "no cold measurement"))
        ordered = sorted(walls)
        middle = len(ordered) // 2
        median = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
        seconds = {"median": median, "min": ordered[0], "mean": sum(walls) / len(walls)}[statistic]
        cv, count = (_cv(walls), len(walls)) if len(walls) > 1 else (cv, count)
    else:
        key = {"median": "median_s", "min": "min_s", "mean": "mean_s"}[statistic]
        if key not in summary:  # a results file that kept only the median: that statistic is not measured
            return Measured(None, "missing", f"the results record no {statistic} for this cell")
        seconds = summary[key]
    return Measured(seconds, "measured", "", flops / summary["median_s"] / 1e9 if flops else None, cv=cv, count=count)


@dataclass
class RowResult:
    spec: RowSpec
    published_relative: float | None  # the row's time / the baseline's time, as published
    measured_relative: float | None  # the same, measured here
    own: Measured | None = None
    base: Measured | None = None
    extrapolated: bool = False
    note: str = ""
    spread: tuple[float, float, int] | None = None  # suite rows: min, max, count
    impl: str = ""  # the impl measured (the variant under --conditions source)
    baseline_impl: str = ""
    difference: str = ""  # why the measurement is not the source's (-> not comparable)
    cliff: str = ""  # an extrapolation across a cache cliff (-> not measured at the source's size)
    gap: str = ""  # what differs between the source's machine and this one (names a consistent row's gap)
    precision: float = 0.0  # the source's own relative precision
    share_ratio: float | None = None  # compare = "peak_share": our share of peak / the published share

    @property
    def ratio_of_ratios(self) -> float | None:
        if self.spec.compare == "peak_share":
            return self.share_ratio
        if self.published_relative and self.measured_relative:
            return self.measured_relative / self.published_relative
        return None

    @property
    def band(self) -> float:
        errors = [m.relative_error for m in (self.own, self.base) if m is not None]
        return max(REPRODUCED_BAND, 2 * math.sqrt(sum(e * e for e in errors)) + self.precision)

    @property
    def verdict(self) -> str:
        """The band: reproduced, consistent, contradicted, not comparable, not measured, or — (nothing to compare)."""
        if self.difference and self.impl:
            return "not comparable"
        if self.cliff:
            return "not measured"
        ratio = self.ratio_of_ratios
        if ratio is None:
            return "—"
        if 1 / (1 + self.band) <= ratio <= 1 + self.band:
            return "reproduced"
        if 1 / CONSISTENT_FACTOR <= ratio <= CONSISTENT_FACTOR:
            return "consistent"
        return "contradicted"

    def verdict_text(self) -> str:
        verdict = self.verdict
        if verdict == "not comparable":
            return f"not comparable: {self.difference}"
        if verdict == "not measured":
            return f"not measured at the source's size: {self.cliff}"
        if verdict == "reproduced":
            return f"reproduced (within ±{self.band * 100:.0f}%)"
        if verdict == "consistent":
            return f"consistent (within 2×; gap: {self.gap or 'unexplained'})"
        if verdict == "contradicted":
            return f"contradicted: {self.spec.cause or 'unexplained'}"
        return verdict


@dataclass
class TableResult:
    spec: TableSpec
    rows: list[RowResult] = field(default_factory=list)
    conditions: str = "source"

    def judged(self) -> list[RowResult]:
        return [r for r in self.rows if r.verdict != "—" and r.spec.label != self.spec.baseline]

    def verdict(self) -> str:
        judged = self.judged()
        if not judged:
            return "nothing could be compared on this machine"
        counts = {
            band: [r for r in judged if r.verdict == band]
            for band in ("reproduced", "consistent", "contradicted", "not comparable", "not measured")
        }
        text = (
            f"{len(counts['reproduced'])} of {len(judged)} published ratios reproduced (within ±25% or the "
            f"row's noise), {len(counts['consistent'])} consistent (within 2×), "
            f"{len(counts['contradicted'])} contradicted"
        )
        if counts["not comparable"]:
            text += f"; not comparable: {', '.join(r.spec.label for r in counts['not comparable'])}"
        if counts["not measured"]:
            text += f"; not measured at the source's size: {', '.join(r.spec.label for r in counts['not measured'])}"
        compared = [r for r in judged if r.verdict in ("reproduced", "consistent", "contradicted")]
        if compared:
            worst = max(compared, key=lambda r: abs(math.log(r.ratio_of_ratios)))
            if worst.verdict == "contradicted":
                text += (
                    f"; the largest disagreement is {worst.spec.label}: "
                    f"{format_relative(worst.published_relative)} published, "
                    f"{format_relative(worst.measured_relative)} here ({worst.spec.cause or 'unexplained'})"
                )
        extrapolated = [f"{r.spec.label} (from {_basis(r)})" for r in judged if r.extrapolated]
        if extrapolated:
            text += f" (extrapolated: {', '.join(extrapolated)})"
        return text + f"; conditions: {self.conditions}."


def _basis(row: RowResult) -> str:
    for m in (row.own, row.base):
        if m is not None and m.basis:
            return ", ".join(f"{k}={v}" for k, v in m.basis.items())
    return "a smaller size"


def format_relative(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:,.0f}×" if value >= 100 else f"{value:.3g}×"


def hardware_gap(source: Source, document: dict[str, Any]) -> str:
    """What differs between the source's machine and this one, from the recorded facts."""
    cpu = (document.get("machine") or {}).get("cpu") or {}
    ours = cpu.get("model") or "this machine"
    theirs = (
        source.conditions.hardware
        if source.conditions and source.conditions.hardware
        else source.machine.get("description", "unstated")
    )
    parts = [f"hardware: {theirs} there, {ours} here"]
    if source.conditions and source.conditions.versions:
        parts.append("versions: " + ", ".join(f"{k} {v}" for k, v in source.conditions.versions.items()) + " there")
    return "; ".join(parts)
