"""speedlab reproduce: re-measure published comparison tables on this machine.

Each source in reports/published/NAME.toml holds the published numbers with
their citation, machine and conditions, and maps every row to a speedlab impl.
Hardware differs, so what is compared is ratios between tiers: for each row
its time relative to the table's baseline, published and measured here, and
their quotient (the ratio of ratios). A published ratio is *confirmed* when
ours is within a factor of AGREEMENT_FACTOR of it.

Sizes: at the default scale the published size is the target; rows too slow
for the cell budget are extrapolated from the table's smaller `steps` with the
workload's cost model and labelled so in every table; `--scale full` measures
at the published size whatever it costs; `--scale smoke` uses each workload's
smoke size (for tests). Timing follows the source: whole processes (cold) for
hyperfine-style sources, in-process (warm) otherwise, with the source's
statistic (median, best-of, mean).
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from speedlab import report
from speedlab.harnesses import REPO_ROOT
from speedlab.manifest import Manifest, is_axis_cell
from speedlab.markup import md_escape
from speedlab.run import Cell, Settings, plan, resolve_threads

PUBLISHED_DIR = REPO_ROOT / "reports" / "published"
AGREEMENT_FACTOR = 2.0
SCALES = ("smoke", "default", "full")
SUITE_IMPLS = ["python.loops", "python.numpy", "java.loops", "cpp.naive"]


class ReproduceError(ValueError):
    """A malformed published file or a bad request; the message names the file and field."""


# ----------------------------------------------------------------- the published files

@dataclass
class RowSpec:
    label: str
    published: float | None
    impl: str
    threads: int | str
    workload: str | None
    params: dict[str, int] | None
    baseline_impl: str | None
    note: str = ""
    gflops: float | None = None
    peak_share: float | None = None


@dataclass
class TableSpec:
    name: str
    kind: str  # "cells" or "suite"
    workload: str | None
    params: dict[str, int] | None
    steps: list[dict[str, int]]
    timing: str  # "warm" or "cold"
    statistic: str  # "median", "min" or "mean"
    unit: str  # "s", "ms" or "relative"
    baseline: str | None  # label of the baseline row
    display: str  # "relative" or "speedup"
    rows: list[RowSpec]


@dataclass
class Source:
    name: str
    title: str
    authors: str
    venue: str
    year: int
    doi: str
    url: str
    read_from: str
    notes: str
    machine: dict[str, Any]
    tables: list[TableSpec]
    path: Path

    def citation(self) -> str:
        link = f"doi:{self.doi}" if self.doi else self.url
        return f"{self.authors}, “{self.title}”, {self.venue}, {self.year}. {link}"


def _need(table: dict[str, Any], key: str, where: str) -> Any:
    if key not in table:
        raise ReproduceError(f"{where}: missing '{key}'")
    return table[key]


def _choice(value: str, allowed: tuple[str, ...], where: str) -> str:
    if value not in allowed:
        raise ReproduceError(f"{where}: '{value}' is not one of {', '.join(allowed)}")
    return value


def load_source(path: Path) -> Source:
    try:
        raw = tomllib.loads(path.read_text())
    except tomllib.TOMLDecodeError as error:
        raise ReproduceError(f"{path}: not valid TOML: {error}") from None
    source = _need(raw, "source", str(path))
    name = _need(source, "name", f"{path} [source]")
    if name != path.stem:
        raise ReproduceError(f"{path}: [source] name '{name}' must match the file name '{path.stem}'")
    tables = []
    for index, table in enumerate(_need(raw, "tables", str(path))):
        where = f"{path} [[tables]] #{index + 1}"
        kind = _choice(table.get("kind", "cells"), ("cells", "suite"), f"{where} kind")
        rows = []
        for row_index, row in enumerate(_need(table, "rows", where)):
            row_where = f"{where} row #{row_index + 1}"
            threads = row.get("threads", 1)
            if threads != "all" and not (isinstance(threads, int) and threads >= 1):
                raise ReproduceError(f"{row_where}: threads must be a positive integer or \"all\"")
            published = row.get("published")
            if published is not None and not (isinstance(published, (int, float)) and published > 0):
                raise ReproduceError(f"{row_where}: published must be a positive number")
            rows.append(RowSpec(label=_need(row, "label", row_where),
                                published=float(published) if published is not None else None,
                                impl=row.get("impl", ""), threads=threads, workload=row.get("workload"),
                                params=row.get("params"), baseline_impl=row.get("baseline_impl"),
                                note=row.get("note", ""), gflops=row.get("gflops"),
                                peak_share=row.get("peak_share")))
        spec = TableSpec(name=_need(table, "name", where), kind=kind, workload=table.get("workload"),
                         params=table.get("params"), steps=list(table.get("steps", [])),
                         timing=_choice(table.get("timing", "warm"), ("warm", "cold"), f"{where} timing"),
                         statistic=_choice(table.get("statistic", "median"), ("median", "min", "mean"),
                                           f"{where} statistic"),
                         unit=_choice(table.get("unit", "s"), ("s", "ms", "relative"), f"{where} unit"),
                         baseline=table.get("baseline"),
                         display=_choice(table.get("display", "relative"), ("relative", "speedup"),
                                         f"{where} display"),
                         rows=rows)
        labels = [row.label for row in rows]
        if spec.baseline is not None and spec.baseline not in labels:
            raise ReproduceError(f"{where}: baseline '{spec.baseline}' is not a row label ({', '.join(labels)})")
        if spec.unit != "relative" and spec.baseline is None:
            raise ReproduceError(f"{where}: a table of absolute times needs a baseline row")
        for row in rows:
            if row.impl and spec.baseline is None and not row.baseline_impl:
                raise ReproduceError(f"{where}: row '{row.label}' needs baseline_impl (the table has no baseline row)")
            if row.impl and kind == "cells" and not (row.workload or spec.workload):
                raise ReproduceError(f"{where}: row '{row.label}' has no workload")
        tables.append(spec)
    return Source(name=name, title=source.get("title", name), authors=source.get("authors", ""),
                  venue=source.get("venue", ""), year=int(source.get("year", 0)), doi=source.get("doi", ""),
                  url=source.get("url", ""), read_from=source.get("read_from", ""), notes=source.get("notes", ""),
                  machine=dict(raw.get("machine", {})), tables=tables, path=path)


def load_sources(directory: Path = PUBLISHED_DIR) -> dict[str, Source]:
    return {path.stem: load_source(path) for path in sorted(directory.glob("*.toml"))}


def select(sources: dict[str, Source], name: str) -> Source:
    if name not in sources:
        raise ReproduceError(f"unknown published table '{name}'; known: {', '.join(sources)}")
    return sources[name]


# ----------------------------------------------------------------- what to measure

@dataclass(frozen=True)
class Target:
    """One measurement a row needs: (workload, impl, params, threads)."""

    workload: str
    impl: str
    params: tuple[tuple[str, int], ...]
    threads: int


def _row_params(table: TableSpec, row: RowSpec, manifest: Manifest, scale: str) -> dict[str, int]:
    workload = manifest.workload(row.workload or table.workload)
    published = dict(row.params or table.params or {})
    if scale == "smoke":
        smoke = dict(workload.sizes["smoke"][0])
        return {**workload.defaults, **smoke}
    return {**workload.defaults, **published}


def _threads(value: int | str) -> int:
    return resolve_threads([str(value)])[0]


def row_targets(table: TableSpec, row: RowSpec, manifest: Manifest, scale: str) -> tuple[Target, Target] | None:
    """The row's own measurement and its baseline's; None when the row has no speedlab equivalent."""
    if not row.impl or table.kind != "cells":
        return None
    workload = row.workload or table.workload
    params = tuple(_row_params(table, row, manifest, scale).items())
    own = Target(workload, row.impl, params, _threads(row.threads))
    if row.baseline_impl:
        # The baseline gets the row's threads when it can use them (BLAS against BLAS), else one.
        spec = manifest.workloads.get(workload)
        multi = spec is not None and row.baseline_impl in spec.impls and spec.impls[row.baseline_impl].threads == "multi"
        base = Target(workload, row.baseline_impl, params, own.threads if multi else 1)
    else:
        base_row = next(r for r in table.rows if r.label == table.baseline)
        base_params = tuple(_row_params(table, base_row, manifest, scale).items())
        base = Target(base_row.workload or table.workload, base_row.impl, base_params, _threads(base_row.threads))
    return own, base


def cells_for(sources: list[Source], manifest: Manifest, settings: Settings, scale: str) -> tuple[list[Cell], list[str]]:
    """Every cell the sources need (steps first, deduplicated) and notes on rows that cannot be measured."""
    wanted: dict[Target, None] = {}
    problems: list[str] = []
    suite = False
    for source in sources:
        for table in source.tables:
            if table.kind == "suite":
                suite = True
                continue
            for row in table.rows:
                targets = row_targets(table, row, manifest, scale)
                if targets is None:
                    continue
                for target in targets:
                    workload = manifest.workloads.get(target.workload)
                    if workload is None or target.impl not in workload.impls:
                        problems.append(f"{source.name}: '{row.label}' needs {target.workload}/{target.impl}, "
                                        f"which this checkout does not have")
                        continue
                    if scale == "default":
                        for step in table.steps:
                            step_params = tuple({**dict(target.params), **step}.items())
                            wanted[Target(target.workload, target.impl, step_params, target.threads)] = None
                    wanted[target] = None
    cells = []
    for target in wanted:
        workload = manifest.workloads[target.workload]
        params = dict(target.params)
        try:
            workload.check_params(params)
        except ValueError as error:
            raise ReproduceError(str(error)) from None
        params = {workload.size_param: params[workload.size_param],
                  **{k: v for k, v in params.items() if k != workload.size_param}}
        cells.append(Cell(workload, workload.impls[target.impl], params, target.threads))
    if suite:
        have = {(c.workload.name, c.impl.name, tuple(c.params.items()), c.threads) for c in cells}
        for cell in plan(manifest, settings, None, SUITE_IMPLS, None):
            # The suite's main cells only: the isa and dtype sweeps are not what the claim is about.
            if cell.not_applicable is None and cell.threads == 1 and not is_axis_cell(cell.params):
                key = (cell.workload.name, cell.impl.name, tuple(cell.params.items()), cell.threads)
                if key not in have:
                    cells.append(cell)
                    have.add(key)
    cells.sort(key=lambda c: (c.workload.name, c.workload.cost(c.params)))
    return cells, problems


def settings_for(sources: list[Source], manifest: Manifest, scale: str) -> Settings:
    preset = manifest.presets["smoke" if scale == "smoke" else "quick" if scale == "default" else "full"]
    cold = any(table.timing == "cold" for source in sources for table in source.tables)
    settings = Settings.from_preset(preset, cold=cold)
    settings.cold_runs = 3 if cold and scale != "smoke" else 1
    if scale == "full":
        settings.cell_budget = 1e12
        settings.timeout = 1e7
    return settings


# ----------------------------------------------------------------- evaluation

@dataclass
class Measured:
    seconds: float | None
    status: str  # "measured", "extrapolated", or the cell's failure/skip status, or "missing"
    reason: str = ""
    gflops: float | None = None


def _find(document: dict[str, Any], target: Target) -> dict[str, Any] | None:
    params = dict(target.params)
    for cell in document["cells"]:
        if (cell["workload"] == target.workload and cell["impl"] == target.impl and cell["threads"] == target.threads
                and cell["params"] == params):
            return cell
    return None


def measured(document: dict[str, Any], target: Target, timing: str, statistic: str) -> Measured:
    cell = _find(document, target)
    if cell is None:
        return Measured(None, "missing", "not in this run")
    flops = (cell.get("throughput") or {}).get("flops")
    if cell["status"] == "extrapolated":
        seconds = cell["extrapolated"]["median_s"]
        return Measured(seconds, "extrapolated", cell.get("reason", ""), flops / seconds / 1e9 if flops else None)
    if cell["status"] != "ok":
        return Measured(None, cell["status"], cell.get("reason", ""))
    if timing == "cold":
        cold = cell.get("cold") or {}
        walls = cold.get("walls_s") or ([cold["wall_s"]] if "wall_s" in cold else [])
        if not walls:
            return Measured(None, "missing", cold.get("error", "no cold measurement"))
        seconds = {"median": sorted(walls)[len(walls) // 2] if len(walls) % 2 else
                   (sorted(walls)[len(walls) // 2 - 1] + sorted(walls)[len(walls) // 2]) / 2,
                   "min": min(walls), "mean": sum(walls) / len(walls)}[statistic]
    else:
        summary = cell["summary"]
        seconds = {"median": summary["median_s"], "min": summary["min_s"], "mean": summary["mean_s"]}[statistic]
    warm = cell["summary"]["median_s"]
    return Measured(seconds, "measured", "", flops / warm / 1e9 if flops else None)


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

    @property
    def ratio_of_ratios(self) -> float | None:
        if self.published_relative and self.measured_relative:
            return self.measured_relative / self.published_relative
        return None

    @property
    def verdict(self) -> str:
        ratio = self.ratio_of_ratios
        if ratio is None:
            return "—"
        if 1 / AGREEMENT_FACTOR <= ratio <= AGREEMENT_FACTOR:
            return "confirmed"
        return "contradicted"


@dataclass
class TableResult:
    spec: TableSpec
    rows: list[RowResult] = field(default_factory=list)

    def verdict(self) -> str:
        judged = [r for r in self.rows if r.ratio_of_ratios is not None and r.spec.label != self.spec.baseline]
        if not judged:
            return "nothing could be compared on this machine"
        confirmed = [r for r in judged if r.verdict == "confirmed"]
        worst = max(judged, key=lambda r: abs(math.log(r.ratio_of_ratios)))
        text = (f"{len(confirmed)} of {len(judged)} published ratios confirmed within {AGREEMENT_FACTOR:g}× on this "
                f"machine")
        if worst.verdict == "contradicted":
            text += (f"; the largest disagreement is {worst.spec.label}: {format_relative(worst.published_relative)}"
                     f" published, {format_relative(worst.measured_relative)} here")
        extrapolated = [r.spec.label for r in judged if r.extrapolated]
        if extrapolated:
            text += f" (extrapolated: {', '.join(extrapolated)})"
        return text + "."


def _published_relative(table: TableSpec, row: RowSpec) -> float | None:
    if row.published is None:
        return None
    if table.unit == "relative":
        return row.published
    base = next(r for r in table.rows if r.label == table.baseline)
    return row.published / base.published if base.published else None


def evaluate(source: Source, document: dict[str, Any], manifest: Manifest, scale: str) -> list[TableResult]:
    out = []
    for table in source.tables:
        result = TableResult(table)
        for row in table.rows:
            published = _published_relative(table, row)
            if table.kind == "suite":
                result.rows.append(_suite_row(table, row, published, document))
                continue
            targets = row_targets(table, row, manifest, scale) if row.impl else None
            if targets is None:
                result.rows.append(RowResult(row, published, None, note=row.note or "no speedlab equivalent"))
                continue
            own = measured(document, targets[0], table.timing, table.statistic)
            base = measured(document, targets[1], table.timing, table.statistic)
            relative = own.seconds / base.seconds if own.seconds and base.seconds else None
            note = row.note
            for what, m in (("row", own), ("baseline", base)):
                if m.seconds is None:
                    note = f"{what} not measured: {m.status} {m.reason}".strip()
            result.rows.append(RowResult(row, published, relative, own, base,
                                         own.status == "extrapolated" or base.status == "extrapolated", note))
        out.append(result)
    return out


def _suite_row(table: TableSpec, row: RowSpec, published: float | None, document: dict[str, Any]) -> RowResult:
    """Geometric mean over workloads of impl / baseline_impl, at each workload's largest common size."""
    if not row.impl:
        return RowResult(row, published, None, note=row.note or "no speedlab equivalent")
    by_workload: dict[str, list[tuple[float, float, bool]]] = {}
    for cell in document["cells"]:
        if cell["impl"] != row.impl or cell["threads"] != 1 or is_axis_cell(cell["params"]):
            continue
        own = measured(document, Target(cell["workload"], cell["impl"], tuple(cell["params"].items()), 1),
                       table.timing, table.statistic)
        base = measured(document, Target(cell["workload"], row.baseline_impl, tuple(cell["params"].items()), 1),
                        table.timing, table.statistic)
        if own.seconds and base.seconds:
            size = sorted(cell["params"].values())
            by_workload.setdefault(cell["workload"], []).append(
                (size, own.seconds / base.seconds, own.status == "extrapolated" or base.status == "extrapolated"))
    ratios = [max(entries)[1:] for entries in by_workload.values()]  # the largest size of each workload
    if not ratios:
        return RowResult(row, published, None, note=f"no workload has both {row.impl} and {row.baseline_impl}")
    values = [r for r, _ in ratios]
    mean = report.geometric_mean(values)
    return RowResult(row, published, mean, extrapolated=any(e for _, e in ratios), note=row.note,
                     spread=(min(values), max(values), len(values)))


# ----------------------------------------------------------------- formatting

def format_relative(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:,.0f}×" if value >= 100 else f"{value:.3g}×"


def _shown(table: TableSpec, relative: float | None) -> str:
    if relative is None:
        return "—"
    return format_relative(1 / relative if table.display == "speedup" else relative)


def headers(table: TableSpec) -> list[str]:
    what = "speedup over " if table.display == "speedup" else "time relative to "
    base = table.baseline or "baseline"
    cols = ["row", "speedlab impl", f"published: {what}{base}", f"here: {what}{base}", "here / published", "verdict"]
    if table.kind == "cells" and table.unit != "relative":
        cols[2:2] = [f"published ({table.unit})"]
        cols[4:4] = ["here (s)"]
    if any(r.gflops is not None for r in table.rows):
        cols += ["published GFLOP/s", "GFLOP/s here", "published % of peak", "% of peak here"]
    return cols + ["note"]


def row_values(table: TableSpec, result: RowResult, peak_gflops: float | None) -> list[str]:
    spec = result.spec
    impl = spec.impl or "—"
    if spec.impl and spec.threads != 1:
        impl += f" ({spec.threads} threads)"
    if spec.baseline_impl and spec.impl:
        impl += f" vs {spec.baseline_impl}"
    here = _shown(table, result.measured_relative)
    if result.extrapolated and result.measured_relative is not None:
        here = f"~{here} (extrapolated)"
    ratio = result.ratio_of_ratios
    values = [spec.label, impl, _shown(table, result.published_relative), here,
              format_relative(ratio) if ratio else "—", result.verdict]
    if table.kind == "cells" and table.unit != "relative":
        published = "—" if spec.published is None else f"{spec.published:,g}"
        seconds = result.own.seconds if result.own else None
        values[2:2] = [published]
        values[4:4] = [("~" if result.extrapolated else "") + report.format_seconds(seconds) if seconds else "—"]
    if any(r.gflops is not None for r in table.rows):
        gflops = result.own.gflops if result.own else None
        share = gflops / peak_gflops if gflops and peak_gflops else None
        values += ["—" if spec.gflops is None else f"{spec.gflops:,g}", report.format_rate(gflops),
                   "—" if spec.peak_share is None else f"{spec.peak_share * 100:.2f}%",
                   "—" if share is None else f"{share * 100:.2f}%"]
    note = result.note
    if result.spread:
        low, high, count = result.spread
        note = (f"geometric mean of {count} workloads (range {format_relative(low)} to {format_relative(high)})"
                + (f"; {note}" if note else ""))
    return values + [note]


def machine_peak(document: dict[str, Any]) -> float | None:
    ceilings = document.get("ceilings") or {}
    theory = ceilings.get("cpu_theoretical") or {}
    return theory.get("gflops")


def markdown(source: Source, results: list[TableResult], document: dict[str, Any], scale: str) -> str:
    peak = machine_peak(document)
    lines = [f"# Reproducing {source.name}: {source.title}", "",
             f"**Source**: {source.citation()}", "",
             f"**Published on**: {source.machine.get('description', 'unstated')}"
             + (f" (peak {source.machine['peak_gflops']:,} GFLOP/s)" if source.machine.get("peak_gflops") else ""),
             "", f"**Measured on**: {dict(report.machine_lines(document)).get('CPU', '?')}"
             + (f" (theoretical peak {peak:.0f} GFLOP/s)" if peak else "")
             + f"; run `{document['run']['id']}`, scale **{scale}**.", "",
             f"**Where the figures were read**: {source.read_from}", ""]
    if source.notes:
        lines += [f"**Notes**: {source.notes}", ""]
    lines += [f"Ratios between rows are compared, never absolute times. *here / published* is the ratio of ratios; "
              f"a row is *confirmed* when it lies within {AGREEMENT_FACTOR:g}× of 1. `~` marks values that rest on "
              f"an extrapolated time.", ""]
    for result in results:
        table = result.spec
        method = ("whole process, as hyperfine measures" if table.timing == "cold" else "in-process, after warm-up")
        lines += [f"## {table.name}", "", f"Method here: {method}; statistic: {table.statistic}.", "",
                  f"**Verdict**: {result.verdict()}", ""]
        cols = headers(table)
        lines += ["| " + " | ".join(cols) + " |", "|" + "|".join(["---"] * len(cols)) + "|"]
        for row in result.rows:
            # a row's note can carry a cell's reason, which came from a harness: escaped (markup.py)
            lines.append("| " + " | ".join(md_escape(v) for v in row_values(table, row, peak)) + " |")
        lines.append("")
    return "\n".join(lines)


def render_html(source: Source, results: list[TableResult], document: dict[str, Any], scale: str) -> str:
    from speedlab import html

    peak = machine_peak(document)
    sections = []
    for result in results:
        table = result.spec
        cols = headers(table)
        sections.append({"anchor": table.name, "heading": table.name, "headers": cols, "left": ("row", "speedlab impl",
                                                                                               "verdict", "note"),
                         "rows": [{"cells": row_values(table, r, peak),
                                   "css": "failed" if r.verdict == "contradicted" else ""} for r in result.rows],
                         "notes": [], "charts": [], "descriptions": [],
                         "description": f"Method here: {'whole process' if table.timing == 'cold' else 'in-process'};"
                                        f" statistic: {table.statistic}.",
                         "verdict": result.verdict()})
    return html.TEMPLATE.render(
        title=f"Reproducing {source.name}", subtitle=f"{source.citation()} — measured in run {document['run']['id']} "
                                                     f"at scale {scale}. Where the figures were read: {source.read_from}",
        machines=[("published on", {"Machine": source.machine.get("description", "?")}),
                  ("measured on", {"Machine": dict(report.machine_lines(document)).get("CPU", "?")})],
        card_labels=["Machine"], guide=[], tier_colors=[], roofline=None, sections=sections, cold=[], extra="")


def write(source: Source, results: list[TableResult], document: dict[str, Any], run_dir: Path, scale: str) -> Path:
    path = run_dir / f"reproduce-{source.name}.md"
    path.write_text(markdown(source, results, document, scale))
    (run_dir / f"reproduce-{source.name}.html").write_text(render_html(source, results, document, scale))
    return path
