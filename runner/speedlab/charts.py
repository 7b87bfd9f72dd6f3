"""Charts as self-contained SVG (matplotlib): speedup bars, scaling curves, the roofline.

Text stays text (svg.fonttype "none"), ids are salted deterministically, and
nothing refers to outside files, so the SVG can be inlined into report.html
and opened from disk with no network.
"""

from __future__ import annotations

import io
import re
import math
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

from speedlab import analysis, report  # noqa: E402
from speedlab.ceilings import REMEASURE, ceiling_entries, peaks  # noqa: E402
from speedlab.manifest import is_axis_cell  # noqa: E402

TIER_COLORS = {
    "interpreted": "#d62728",
    "jit": "#ff7f0e",
    "compiled": "#1f77b4",
    "optimized": "#2ca02c",
    "vectorized": "#9467bd",
    "gpu": "#111111",
}
MARKERS = "osD^v<>pPX*h"
ABOVE_COLOR = "#d00000"  # the ring around a point above its roof


# Legend entries for the marks of extrapolated (not run) values: hatched bars, hollow points.
def extrapolated_bar() -> Patch:
    return Patch(
        facecolor="#dddddd",
        edgecolor="#444444",
        hatch="//",
        label="hatched: extrapolated (not run; ~ time from the cost model)",
    )


def extrapolated_point() -> Line2D:
    return Line2D(
        [],
        [],
        marker="o",
        linestyle="",
        markerfacecolor="white",
        markeredgecolor="#444444",
        label="hollow: extrapolated (not run)",
    )


plt.rcParams.update(
    {
        "svg.fonttype": "none",
        "svg.hashsalt": "speedlab",
        "font.family": "sans-serif",
        "font.size": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }
)


def _svg(figure) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(figure)
    text = buffer.getvalue()
    text = text[text.index("<svg") :]  # drop the XML prolog and DOCTYPE: the SVG is inlined into HTML
    return re.sub(r"\s*<metadata>.*?</metadata>", "", text, flags=re.DOTALL)  # RDF boilerplate


def _color(tier: str) -> str:
    return TIER_COLORS.get(tier, "#7f7f7f")


def speedup_chart(block: report.Block) -> str | None:
    """Log-scale bars: how many times faster than python.loops (or cpp.naive), grouped by tier."""
    use_python = any(row.speedup_python for row in block.rows)
    rows = [row for row in block.rows if (row.speedup_python if use_python else row.speedup_cpp)]
    if len(rows) < 2:
        return None
    baseline = "python.loops" if use_python else "cpp.naive"
    figure, axes = plt.subplots(figsize=(7.5, 0.32 * len(rows) + 1.2))
    labels, speedups = [], []
    for index, row in enumerate(reversed(rows)):
        value = row.speedup_python if use_python else row.speedup_cpp
        labels.append(f"{row.impl} ({row.threads}t)")
        speedups.append(value)
        axes.barh(
            index,
            value,
            color=_color(row.tier),
            hatch="//" if row.extrapolated else None,
            edgecolor="white" if not row.extrapolated else "#444444",
            linewidth=0.5,
        )
        axes.text(value * 1.08, index, report.format_speedup(value, row.extrapolated), va="center", fontsize=8)
    axes.set_yticks(range(len(labels)), labels)
    axes.set_xscale("log")
    axes.set_xlim(min(speedups) / 1.5, max(speedups) * 4)
    axes.axvline(1.0, color="#999999", linewidth=0.8)
    axes.set_xlabel(f"times faster than {baseline} (log scale; hatched: extrapolated)")
    axes.set_title(block.heading, loc="left", fontsize=10)
    tiers = list(dict.fromkeys(row.tier for row in rows))
    handles = [Patch(color=_color(t), label=t) for t in tiers]
    if any(row.extrapolated for row in rows):
        handles.append(extrapolated_bar())
    axes.legend(handles=handles, loc="lower right", fontsize=7, frameon=False)
    return _svg(figure)


def scaling_chart(document: dict[str, Any], workload: str) -> str | None:
    """Log-log time against size for every impl: where overheads stop mattering, where tiers cross."""
    info = document.get("manifest", {}).get("workloads", {}).get(workload, {})
    size_param = info.get("size_param", "n")
    # Axis sweeps (dtype, isa) have their own tables.
    cells = [cell for cell in document["cells"] if cell["workload"] == workload and not is_axis_cell(cell["params"])]
    # A parameter other than the size that takes several values (chunked_reduction's from_disk) makes
    # separate lines: one line per impl, thread count and value.
    varying = sorted(
        {
            key
            for cell in cells
            for key in cell["params"]
            if key != size_param and len({c["params"].get(key) for c in cells}) > 1
        }
    )
    series: dict[tuple, list[tuple[int, float, bool, str]]] = {}
    for cell in cells:
        seconds, extrapolated = analysis.cell_seconds(cell)
        if seconds is None or size_param not in cell["params"]:
            continue
        others = tuple((key, cell["params"].get(key)) for key in varying)
        series.setdefault((cell["impl"], cell["threads"], others), []).append(
            (cell["params"][size_param], seconds, extrapolated, cell["tier"])
        )
    if len({point[0] for points in series.values() for point in points}) < 2:
        return None
    figure, axes = plt.subplots(figsize=(7.5, 4.5))
    ordered = sorted(series.items(), key=lambda item: (item[0][0], item[0][1], str(item[0][2])))
    for index, ((impl, threads, others), points) in enumerate(ordered):
        points.sort()
        color = _color(points[0][3])
        style = "-" if threads == 1 else "--"
        label = f"{impl} ({threads}t" + "".join(f", {key}={value}" for key, value in others) + ")"
        axes.plot(
            [p[0] for p in points],
            [p[1] for p in points],
            style,
            color=color,
            linewidth=1.2,
            marker=MARKERS[index % len(MARKERS)],
            markersize=5,
            label=label,
        )
        hollow = [p for p in points if p[2]]
        if hollow:
            axes.scatter(
                [p[0] for p in hollow], [p[1] for p in hollow], s=60, facecolors="white", edgecolors=color, zorder=3
            )
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xlabel(f"{size_param} (log scale)")
    axes.set_ylabel("seconds per run (log scale; hollow: extrapolated)")
    axes.set_title(f"{workload}: time against size (dashed: all threads)", loc="left", fontsize=10)
    axes.grid(True, which="major", color="#eeeeee")
    handles, _ = axes.get_legend_handles_labels()
    if any(p[2] for points in series.values() for p in points):
        handles.append(extrapolated_point())
    axes.legend(handles=handles, fontsize=7, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return _svg(figure)


def _roofline_points(document: dict[str, Any], ceilings: dict[str, Any]) -> list[tuple[dict, dict]]:
    """The largest size of each (workload, impl, threads) under the FLOP roof: one point each keeps the chart
    readable."""
    best: dict[tuple, tuple[dict[str, Any], dict[str, Any]]] = {}
    for cell in document["cells"]:
        if is_axis_cell(cell["params"]):  # the ceilings are float64 and the main build's: main cells only
            continue
        roof = analysis.roofline(cell, ceilings)
        # in-cache memory-bound cells are not under these roofs (analysis.roofline): not drawn under them
        if not (
            roof
            and math.isfinite(roof["intensity"])
            and roof["intensity"] > 0
            and roof["bound_unit"] == "GFLOP/s"
            and not roof["in_cache"]
        ):
            continue
        key = (cell["workload"], cell["impl"], cell["threads"])
        if key not in best or sorted(cell["params"].values()) > sorted(best[key][0]["params"].values()):
            best[key] = (cell, roof)
    return list(best.values())


def _roofs(axes, ceilings: dict[str, Any], low: float, high: float) -> None:
    """The ceilings per thread count: solid for all threads, dotted for fewer, each labelled."""
    xs = [low * (high / low) ** (i / 200) for i in range(201)]
    thread_counts = sorted({entry["threads"] for entry in ceiling_entries(ceilings)[0]})
    for threads in thread_counts:
        peak_gflops, peak_gbps = peaks(ceilings, threads)
        style = "-" if threads == max(thread_counts) else ":"
        axes.plot(xs, [min(peak_gflops, x * peak_gbps) for x in xs], style, color="#555555", linewidth=1.4)
        label = f"{peak_gflops:.0f} GFLOP/s, {threads} thread(s)"
        axes.text(high / 1.2, peak_gflops * 1.08, label, ha="right", fontsize=7, color="#555555")
        ridge = peak_gflops / peak_gbps
        axes.text(
            ridge / 1.6,
            peak_gflops / 2.2,
            f"{peak_gbps:.0f} GB/s",
            rotation=33,
            fontsize=7,
            color="#555555",
            ha="right",
        )


def _roofline_marks(axes, points: list[tuple[dict, dict]], workloads: list[str]) -> None:
    for cell, roof in points:
        axes.scatter(
            roof["intensity"],
            roof["achieved"],
            color=_color(cell["tier"]),
            s=36,
            marker=MARKERS[workloads.index(cell["workload"]) % len(MARKERS)],
            facecolors="white" if cell["status"] == "extrapolated" else _color(cell["tier"]),
            zorder=3,
        )
    for cell, roof in points:  # a point above its roof: the ceiling is wrong, say so on the point
        if not roof["above_ceiling"]:
            continue
        axes.scatter(
            roof["intensity"],
            roof["achieved"],
            s=150,
            facecolors="none",
            edgecolors=ABOVE_COLOR,
            linewidths=1.5,
            zorder=4,
        )
        axes.annotate(
            f"{cell['impl']} ({cell['threads']}t): above the measured ceiling",
            (roof["intensity"], roof["achieved"]),
            textcoords="offset points",
            xytext=(8, 6),
            fontsize=7,
            color=ABOVE_COLOR,
        )


def _roofline_legend(points: list[tuple[dict, dict]], workloads: list[str]) -> list:
    handles = [
        Line2D([], [], marker=MARKERS[i % len(MARKERS)], linestyle="", color="#444444", label=w)
        for i, w in enumerate(workloads)
    ]
    tiers = list(dict.fromkeys(cell["tier"] for cell, _ in points))
    handles += [Patch(color=_color(t), label=t) for t in tiers]
    if any(roof["above_ceiling"] for _, roof in points):
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                markerfacecolor="none",
                markeredgecolor=ABOVE_COLOR,
                markersize=9,
                label=f"above the measured ceiling: re-measure with {REMEASURE}",
            )
        )
    if any(cell["status"] == "extrapolated" for cell, _ in points):
        handles.append(extrapolated_point())
    return handles


def roofline_chart(document: dict[str, Any]) -> str | None:
    """Every CPU impl of every workload with FLOP and byte counts, under this machine's two ceilings."""
    ceilings = document.get("ceilings")
    points = _roofline_points(document, ceilings) if ceilings else []
    if not points:
        return None
    intensities = [roof["intensity"] for _, roof in points]
    low, high = min(intensities + [0.05]) / 4, max(intensities + [50.0]) * 4
    figure, axes = plt.subplots(figsize=(7.5, 5))
    _roofs(axes, ceilings, low, high)
    workloads = sorted({cell["workload"] for cell, _ in points})
    _roofline_marks(axes, points, workloads)
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xlabel("arithmetic intensity (FLOP per byte, log scale)")
    axes.set_ylabel("GFLOP/s (log scale)")
    axes.set_title(
        "Roofline: this machine's measured ceilings (solid: all threads, dotted: fewer)", loc="left", fontsize=10
    )
    axes.grid(True, which="major", color="#eeeeee")
    legend = _roofline_legend(points, workloads)
    axes.legend(handles=legend, fontsize=7, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return _svg(figure)


def all_charts(document: dict[str, Any]) -> dict[str, str]:
    """Chart id -> SVG text, for everything the document can show."""
    charts: dict[str, str] = {}
    roofline = roofline_chart(document)
    if roofline:
        charts["roofline"] = roofline
    for block in report.blocks(document):
        svg = speedup_chart(block)
        if svg:
            charts[report.chart_ids(block)] = svg
    for workload in dict.fromkeys(cell["workload"] for cell in document["cells"]):
        svg = scaling_chart(document, workload)
        if svg:
            charts[f"scaling-{workload}"] = svg
    return charts
