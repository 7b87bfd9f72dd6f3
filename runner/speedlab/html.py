"""report.html: one self-contained page (inline CSS and SVG, no scripts, no network)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2

from speedlab import axes, gpu

TEMPLATE = jinja2.Template(
    """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{ title }}</title>
<style>
 body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto; max-width: 1200px;
        padding: 0 1rem; color: #222; }
 h1 { margin-bottom: 0.2rem; } h2 { margin-top: 2.5rem; border-bottom: 1px solid #ddd; }
 table { border-collapse: collapse; margin: 0.8rem 0; font-size: 0.88rem; }
 th, td { padding: 0.25rem 0.6rem; border-bottom: 1px solid #eee; text-align: right; white-space: nowrap; }
 th { background: #f6f6f6; } td.l, th.l { text-align: left; }
 tr.tier-start td { border-top: 2px solid #ccc; }
 tr.failed td { color: #b00020; } tr.muted td { color: #888; }
 .card td:first-child { font-weight: 600; text-align: left; } .card td { text-align: left; white-space: normal; }
 .note { color: #666; font-size: 0.85rem; margin: 0.1rem 0; }
 .verdict { background: #f3f8ff; border-left: 4px solid #4a90d9; padding: 0.4rem 0.8rem; }
 .chart svg { max-width: 100%; height: auto; }
 .legend span { display: inline-block; margin-right: 1rem; font-size: 0.85rem; }
 table.neutral { font-size: 0.82rem; } table.neutral td.l { white-space: normal; max-width: 30rem; }
 table.neutral td.l:last-child { min-width: 19rem; } table.neutral td.l:first-child { white-space: nowrap; }
 .toc ol { columns: 2; font-size: 0.9rem; } td.heat { font-weight: 600; } td small { font-weight: 400; }
 .race .lane { position: relative; height: 1.4rem; background: #f1f1f1; margin: 3px 0; max-width: 900px; }
 .race .bar { height: 100%; width: 0; background: #31688e; animation-name: race-fill;
              animation-timing-function: linear; animation-fill-mode: forwards; }
 .race .lane span { position: absolute; left: 0.4rem; top: 0.1rem; font-size: 0.8rem; color: #000;
                    text-shadow: 0 0 3px #fff; }
 @keyframes race-fill { from { width: 0; } to { width: 100%; } }
 .swatch { display: inline-block; width: 0.8rem; height: 0.8rem; margin-right: 0.3rem; vertical-align: middle; }
</style>
</head>
<body>
{% macro machine_card() %}{% if machines %}
<h2 id="machine">{{ "Machines" if machines|length > 1 else (machine_heading or "Machine") }}</h2>
{% if measured %}<p>{{ measured }}</p>{% endif %}
<table class="card">
{% if machines|length > 1 %}<tr><th class="l"></th>{% for name, _ in machines %}<th class="l">{{ name }}</th>{% endfor %}</tr>{% endif %}
{% for label in card_labels %}<tr><td>{{ label }}</td>{% for _, lines in machines %}<td>{{ lines.get(label, "—") }}</td>{% endfor %}</tr>
{% endfor %}</table>
{% endif %}{% endmacro %}
<h1>{{ title }}</h1>
<p>{{ subtitle }}</p>
{% if toc %}<nav class="toc"><b>Contents</b><ol>{% for anchor, name in toc %}<li><a href="#{{ anchor }}">{{ name }}</a></li>{% endfor %}</ol></nav>{% endif %}
{{ headline | safe }}
{% if tiers %}<h2 id="tiers">The tiers</h2><ul>{% for name, text in tiers %}<li><b>{{ name }}</b>: {{ text }}</li>{% endfor %}</ul>{% endif %}
{% if not machines_last %}{{ machine_card() }}{% endif %}
{% if guide %}<h2 id="reading">How to read the tables</h2><ul>{% for item in guide %}<li>{{ item }}</li>{% endfor %}</ul>
<div class="legend">{% for tier, color in tier_colors %}<span><i class="swatch" style="background:{{ color }}"></i>{{ tier }}</span>{% endfor %}</div>
{% endif %}
{% if roofline and not machines_last %}<h2>Roofline</h2><div class="chart" id="chart-roofline">{{ roofline | safe }}</div>{% endif %}
{% for section in sections %}
{% if section.part %}<h2 id="{{ section.part_anchor }}">{{ section.part }}</h2>{% if section.part_intro %}<p>{{ section.part_intro }}</p>{% endif %}
{% if section.part_html %}{{ section.part_html | safe }}{% endif %}{% endif %}
{% if section.lesson %}<p class="verdict"><i>{{ section.lesson }}</i></p>{% endif %}
{% if section.race %}{{ section.race | safe }}{% endif %}
{% if section.html %}{{ section.html | safe }}{% else %}
<h{{ section.level or 2 }} id="{{ section.anchor }}">{{ section.heading }}</h{{ section.level or 2 }}>
{% if section.description %}<p>{{ section.description }}</p>{% endif %}
{% if section.verdict %}<p class="verdict">{{ section.verdict }}</p>{% endif %}
<table>
<tr>{% for h in section.headers %}<th class="{{ 'l' if h in section.left }}">{{ h }}</th>{% endfor %}</tr>
{% for row in section.rows %}<tr class="{{ row.css }}">{% for v in row.cells %}<td class="{{ 'l' if section.headers[loop.index0] in section.left }}">{{ v }}</td>{% endfor %}</tr>
{% endfor %}</table>
{% for note in section.notes %}<p class="note">{% if not section.plain_notes %}[{{ loop.index }}] {% endif %}{{ note }}</p>{% endfor %}
{% for chart in section.charts %}<div class="chart">{{ chart | safe }}</div>{% endfor %}
{% if section.descriptions %}<details><summary>What each impl does</summary><ul>
{% for impl, text in section.descriptions %}<li><code>{{ impl }}</code>: {{ text }}</li>{% endfor %}</ul></details>{% endif %}
{% endif %}{% endfor %}
{% if cold %}
<h2 id="cold">Cold vs warm</h2>
<p>Warm: in-process after warm-up. Cold: one whole process, spawn to exit, one run at the same size. Startup = cold
 process − the cold run's own time (interpreter or JVM start, module loading, CUDA context, input generation);
 first-run penalty = the cold run − the warm median (JIT compilation, cold caches).</p>
<table>
<tr><th class="l">workload</th><th class="l">impl</th><th>threads</th><th class="l">size</th><th>warm</th><th>first run</th>
<th>cold process</th><th>startup</th><th>first-run penalty</th></tr>
{% for r in cold %}<tr><td class="l">{{ r[0] }}</td><td class="l">{{ r[1] }}</td><td>{{ r[2] }}</td><td class="l">{{ r[3] }}</td>
<td>{{ r[4] }}</td><td>{{ r[5] }}</td><td>{{ r[6] }}</td><td>{{ r[7] }}</td><td>{{ r[8] }}</td></tr>
{% endfor %}</table>
{% endif %}
{{ extra | safe }}
{% if machines_last %}{{ machine_card() }}{% endif %}
<p class="note">Generated by speedlab from results.json alone; regenerate with <code>speedlab report RUN</code>.</p>
</body>
</html>
""",
    autoescape=True,
)


def _tier_colors() -> list[tuple[str, str]]:
    from speedlab.charts import TIER_COLORS

    return list(TIER_COLORS.items())


def render_run(document: dict[str, Any], charts: dict[str, str]) -> str:
    """report.html, in story order (report_html.py)."""
    from speedlab import report_html

    return report_html.render_run(document, charts)


def _section(
    anchor: str,
    heading: str,
    headers: list[str],
    rows: list[list[str]],
    notes: list[str],
    description: str = "",
    left: tuple[str, ...] = ("tier", "impl", "params"),
) -> dict[str, Any]:
    return {
        "anchor": anchor,
        "heading": heading,
        "headers": headers,
        "left": left,
        "description": description,
        "verdict": None,
        "rows": [{"cells": row, "css": ""} for row in rows],
        "notes": notes,
        "charts": [],
        "descriptions": [],
        "plain_notes": True,
    }


def _axis_sections(document: dict[str, Any]) -> list[dict[str, Any]]:
    """One table per workload and choice parameter (isa, dtype): speedups over its baseline, errors."""
    out = []
    for table in axes.tables(document):
        head, rows, notes = axes.rendered(table)
        out.append(
            _section(
                f"axis-{table.workload}-{table.param}",
                table.heading,
                head,
                rows,
                notes,
                axes.INTRO.get(table.param, table.description),
            )
        )
    return out


def _lesson_sections(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The GIL's cores used and the data loader's step idle share (cores.py, dataloader_report.py)."""
    from speedlab import cores, dataloader_report
    from speedlab.units import seconds as format_seconds

    out = []
    for anchor, heading, intro, headers, table in (
        ("gil", cores.GIL_HEADING, cores.GIL_INTRO, cores.GIL_HEADERS, cores.gil_table(document, format_seconds)),
        (
            "dataloader",
            dataloader_report.HEADING,
            dataloader_report.INTRO,
            dataloader_report.HEADERS,
            dataloader_report.table(document, format_seconds),
        ),
    ):
        if table is not None:
            out.append(
                _section(
                    anchor,
                    heading,
                    headers,
                    table[1],
                    table[0],
                    intro.replace("`", ""),
                    left=("workload", "size", "impl"),
                )
            )
    return out


def _dask_sections(document: dict[str, Any]) -> list[dict[str, Any]]:
    """python.dask: tasks per graph and time per task beside NumPy (dask_report.py)."""
    from speedlab import dask_report

    rows = dask_report.rows(document)
    if not rows:
        return []
    return [
        _section(
            "dask",
            "The Dask tier: cost per task",
            dask_report.HEADERS,
            rows,
            dask_report.notes(document),
            left=("workload", "size", "scheduler"),
        )
    ]


def _gpu_sections(document: dict[str, Any]) -> list[dict[str, Any]]:
    """Transfer shares of the CUDA cells and, per workload, where the GPU beats the best CPU time."""
    section = gpu.section(document)
    if section is None:
        return []
    if not section.measured:
        return [
            _section(
                "gpu-copies",
                "GPU: the host-device copy",
                [],
                [],
                [
                    f"Not measured: no GPU ({section.reason}). Transfer shares and crossovers need a machine "
                    "with an NVIDIA GPU: scripts/gpu-check.sh."
                ],
                gpu.INTRO,
            )
        ]
    out = [
        _section(
            "gpu-copies",
            "GPU: the host-device copy",
            gpu.COPY_HEADERS,
            [gpu.copy_values(row) for row in section.copies],
            section.bandwidth,
            gpu.INTRO,
            left=("workload", "impl", "params"),
        )
    ]
    for item in section.crossovers:
        out.append(
            _section(
                f"gpu-crossover-{item.workload}",
                f"{item.workload}: where the GPU pays off",
                gpu.CROSSOVER_HEADERS,
                [gpu.crossover_values(item, row) for row in item.rows],
                [f"with the copies: {item.end_to_end}", f"kernel only: {item.kernel_only}"],
                left=("size", "best CPU", "GPU kernel", "GPU end-to-end"),
            )
        )
    return out


def write_run(document: dict[str, Any], charts: dict[str, str], path: Path) -> None:
    path.write_text(render_run(document, charts))


def render_compare(comparison) -> str:
    """compare.html: machines side by side, the per-tier summary, every cell, the unmatched cells."""
    from speedlab import compare

    columns = compare.machine_columns(comparison)
    labels = list(dict.fromkeys(label for _, lines in columns for label in lines))
    sections = [
        {
            "anchor": "summary",
            "heading": "Geometric-mean speedup per tier (B vs A)",
            "headers": ["tier", "B vs A", "cells"],
            "left": ("tier",),
            "rows": [{"cells": v, "css": ""} for v in compare.summary_values(comparison)],
            "notes": [],
            "charts": [],
            "descriptions": [],
            "description": "",
            "verdict": None,
        },
        {
            "anchor": "cells",
            "heading": "Cells",
            "headers": compare.HEADERS,
            "left": ("workload / size", "impl", "verdict"),
            "rows": [
                {
                    "cells": compare.row_values(row),
                    "css": "failed" if row.verdict == "B slower" else ("" if row.comparable else "muted"),
                }
                for row in comparison.rows
            ],
            "notes": [],
            "charts": [],
            "descriptions": [],
            "description": "",
            "verdict": None,
        },
    ]
    for title, cells in (("Only in A", comparison.only_a), ("Only in B", comparison.only_b)):
        if cells:
            sections.append(
                {
                    "anchor": title.lower().replace(" ", "-"),
                    "heading": title,
                    "headers": ["workload / size", "impl", "threads", "status"],
                    "left": ("workload / size", "impl", "status"),
                    "rows": [
                        {"cells": [compare._label(c), c["impl"], str(c["threads"]), c["status"]], "css": "muted"}
                        for c in cells
                    ],
                    "notes": [],
                    "charts": [],
                    "descriptions": [],
                    "description": "",
                    "verdict": None,
                }
            )
    return TEMPLATE.render(
        title="speedlab compare",
        subtitle=f"A: {comparison.a['run'].get('id')} — B: {comparison.b['run'].get('id')}. "
        + " ".join(compare.notes(comparison)),
        machines=columns,
        card_labels=labels,
        guide=[],
        tier_colors=[],
        roofline=None,
        sections=sections,
        cold=[],
        extra="",
    )
