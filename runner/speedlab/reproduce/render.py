"""The reproduced tables as text: terminal rows, Markdown and HTML (reproduce-NAME.md / .html in the run)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from speedlab import html, report_guide, units
from speedlab.markup import md_escape
from speedlab.sections import Paragraph, Section
from speedlab.table import Table, columns, text
from speedlab.reproduce.evaluate import machine_peak
from speedlab.reproduce.sources import Source, TableSpec
from speedlab.reproduce.verdicts import REPRODUCED_BAND, RowResult, TableResult, format_relative


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


def _impl_text(result: RowResult) -> str:
    spec = result.spec
    impl = result.impl or spec.impl or "—"
    if impl != "—" and spec.threads != 1:
        impl += f" ({spec.threads} threads)"
    if result.baseline_impl and spec.baseline_impl:
        impl += f" vs {result.baseline_impl}"
    return impl


def row_values(table: TableSpec, result: RowResult, peak_gflops: float | None) -> list[str]:
    spec = result.spec
    here = _shown(table, result.measured_relative)
    if result.extrapolated and result.measured_relative is not None:
        here = f"~{here} (extrapolated)"
    ratio = result.ratio_of_ratios
    ratio_text = format_relative(ratio) if ratio else "—"
    if ratio and spec.compare == "peak_share":
        ratio_text += " (share of peak)"
    values = [
        spec.label,
        _impl_text(result),
        _shown(table, result.published_relative),
        here,
        ratio_text,
        result.verdict_text(),
    ]
    if table.kind == "cells" and table.unit != "relative":
        published = "—" if spec.published is None else f"{spec.published:,g}"
        seconds = result.own.seconds if result.own else None
        values[2:2] = [published]
        values[4:4] = [("~" if result.extrapolated else "") + units.seconds(seconds) if seconds else "—"]
    if any(r.gflops is not None for r in table.rows):
        gflops = result.own.gflops if result.own else None
        share = gflops / peak_gflops if gflops and peak_gflops else None
        values += [
            "—" if spec.gflops is None else f"{spec.gflops:,g}",
            units.rate(gflops),
            "—" if spec.peak_share is None else f"{spec.peak_share * 100:.2f}%",
            "—" if share is None else f"{share * 100:.2f}%",
        ]
    note = result.note
    if result.spread:
        low, high, count = result.spread
        note = f"geometric mean of {count} workloads (range {format_relative(low)} to {format_relative(high)})" + (
            f"; {note}" if note else ""
        )
    return values + [note]


def _conditions_lines(source: Source, conditions: str) -> list[str]:
    c = source.conditions
    if c is None:
        return []
    compilers = "; ".join(f"{language}: `{flags}`" for language, flags in c.compilers.items()) or "not stated"
    lines = [
        f"**The source's conditions**: {c.timing}; warm-up: {c.warmup}; input: {c.inputs}; threads: "
        f"{c.threads}; compilers: {compilers}"
        + (f"; its own precision ±{c.precision * 100:g}%" if c.precision else "")
        + ".",
        "",
    ]
    lines += [
        f"**Measured under**: `--conditions {conditions}` — "
        + (
            "each row's source-faithful variant where it has one (the source's flags and code style)."
            if conditions == "source"
            else "speedlab's own impls; rows whose impl differs from the source's program read *not comparable*."
        ),
        "",
    ]
    return lines


def markdown(
    source: Source, results: list[TableResult], document: dict[str, Any], scale: str, conditions: str = "source"
) -> str:
    peak = machine_peak(document)
    lines = [
        f"# Reproducing {source.name}: {source.title}",
        "",
        f"**Source**: {source.citation()}",
        "",
        f"**Published on**: {source.machine.get('description', 'unstated')}"
        + (f" (peak {source.machine['peak_gflops']:,} GFLOP/s)" if source.machine.get("peak_gflops") else ""),
        "",
        f"**Measured on**: {dict(report_guide.machine_lines(document)).get('CPU', '?')}"
        + (f" (theoretical peak {peak:.0f} GFLOP/s)" if peak else "")
        + f"; run `{document['run']['id']}`, scale **{scale}**.",
        "",
        f"**Where the figures were read**: {source.read_from}",
        "",
    ]
    if source.notes:
        lines += [f"**Notes**: {source.notes}", ""]
    lines += _conditions_lines(source, conditions)
    lines += [
        f"Ratios between rows are compared, never absolute times. *here / published* is the ratio of ratios: "
        f"*reproduced* within ±{REPRODUCED_BAND * 100:.0f}% (wider where the repetitions here are noisier: "
        f"2σ of the ratio plus the source's precision), *consistent* within 2× (the gap named), "
        f"*contradicted* beyond (the cause named, or *unexplained*); *not comparable* where the program or its "
        f"conditions are not the source's; *not measured at the source's size* where a time would rest on an "
        f"extrapolation across a cache cliff. `~` marks values that rest on an extrapolated time.",
        "",
    ]
    for result in results:
        table = result.spec
        method = "whole process, as hyperfine measures" if table.timing == "cold" else "in-process, after warm-up"
        lines += [
            f"## {table.name}",
            "",
            f"Method here: {method}; statistic: {table.statistic}.",
            "",
            f"**Verdict**: {result.verdict()}",
            "",
        ]
        cols = headers(table)
        lines += ["| " + " | ".join(cols) + " |", "|" + "|".join(["---"] * len(cols)) + "|"]
        for row in result.rows:
            # a row's note can carry a cell's reason, which came from a harness: escaped (markup.py)
            lines.append("| " + " | ".join(md_escape(v) for v in row_values(table, row, peak)) + " |")
        lines.append("")
    return "\n".join(lines)


def render_html(
    source: Source, results: list[TableResult], document: dict[str, Any], scale: str, conditions: str = "source"
) -> str:
    peak = machine_peak(document)
    sections = []
    for result in results:
        spec = result.spec
        table = Table("", columns(headers(spec), left=("row", "speedlab impl", "verdict", "note")), anchor=spec.name)
        for row in result.rows:
            table.add([text(v) for v in row_values(spec, row, peak)], "failed" if row.verdict == "contradicted" else "")
        method = "whole process" if spec.timing == "cold" else "in-process"
        sections.append(
            Section(spec.name, spec.name).add(
                Paragraph(f"Method here: {method}; statistic: {spec.statistic}; conditions: {conditions}."),
                Paragraph(result.verdict(), "verdict"),
                table,
            )
        )
    cpu = dict(report_guide.machine_lines(document)).get("CPU", "?")
    machines = [
        ("published on", [("Machine", source.machine.get("description", "?"))]),
        ("measured on", [("Machine", cpu)]),
    ]
    sections.append(Section("Machines", "machine").add(report_guide.machine_card(machines)))
    subtitle = (
        f"{source.citation()} — measured in run {document['run']['id']} at scale {scale}. Where the figures were "
        f"read: {source.read_from}"
    )
    return html.page(f"Reproducing {source.name}", subtitle, sections, {}, "speedlab reproduce NAME")


def write(
    source: Source,
    results: list[TableResult],
    document: dict[str, Any],
    run_dir: Path,
    scale: str,
    conditions: str = "source",
) -> Path:
    suffix = "" if conditions == "source" else f"-{conditions}"
    path = run_dir / f"reproduce-{source.name}{suffix}.md"
    path.write_text(markdown(source, results, document, scale, conditions))
    path.with_suffix(".html").write_text(render_html(source, results, document, scale, conditions))
    return path
