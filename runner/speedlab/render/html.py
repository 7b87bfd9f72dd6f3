"""A table.Table as an HTML fragment (report.html), speedups coloured by size.

The heat colour of a ratio is its place on a log scale between the table's smallest and largest ratio,
read off viridis: a perceptually uniform map that stays ordered for the common colour-vision deficiencies
and in greyscale. The number is always printed too; the colour only helps the eye find the large ones.
"""

from __future__ import annotations

import math

from markupsafe import Markup, escape

from speedlab import units
from speedlab.charts import TIER_COLORS
from speedlab.sections import Bullets, Chart, Details, Paragraph, Part, Race, Section, TierLegend
from speedlab.table import Table, Value

# viridis at 0, 1/8, ..., 1 (matplotlib's table)
VIRIDIS = ["#440154", "#46327e", "#365c8d", "#277f8e", "#1fa187", "#4ac16d", "#a0da39", "#d4e21a", "#fde725"]


def heat_color(ratio: float, low: float, high: float) -> str:
    """The viridis colour of `ratio` on a log scale from `low` to `high`."""
    if ratio <= 0 or high <= low:
        return VIRIDIS[0]
    position = (math.log(ratio) - math.log(low)) / (math.log(high) - math.log(low))
    return VIRIDIS[round(min(max(position, 0.0), 1.0) * (len(VIRIDIS) - 1))]


def _scale(table: Table) -> tuple[float, float]:
    ratios = [v.number for row in table.rows for v in row.values if v.heat and v.number and v.number > 0]
    return (min([1.0, *ratios]), max([1.0, *ratios]))


def cell(value: Value, scale: tuple[float, float], left: bool, notes: list[str] | None = None) -> Markup:
    classes = ["l"] if left else []
    style = ""
    if value.heat and value.number:
        color = heat_color(value.number, *scale)
        ink = "#000" if VIRIDIS.index(color) >= 5 else "#fff"
        style = f' style="background:{color};color:{ink}"'
        classes.append("heat")
    cited = [n for n in (value.note, *value.more_notes) if n and notes and n <= len(notes)]
    hover = value.detail or " / ".join(notes[n - 1] for n in cited)  # n/a, skipped: the reasons
    title = f' title="{escape(hover)}"' if hover else ""
    body = escape(value.main)
    if value.detail:
        body += Markup("<br><small>") + escape(value.detail) + Markup("</small>")
    klass = f' class="{" ".join(classes)}"' if classes else ""
    return Markup(f"<td{klass}{style}{title}>") + body + Markup("</td>")


def heading(text: str, anchor: str, level: int) -> Markup:
    return Markup(f'<h{level} id="{escape(anchor)}">') + escape(text) + Markup(f"</h{level}>")


def render(table: Table, level: int = 2) -> Markup:
    scale = _scale(table)
    out = [heading(table.heading, table.anchor, level) if table.heading else Markup("")]
    if table.intro:
        out.append(Markup("<p>") + escape(table.intro) + Markup("</p>"))
    if not table.columns:
        return Markup("\n").join(out)
    out.append(Markup('<table class="neutral"><tr>'))
    for column in table.columns:
        out.append(
            Markup(f'<th class="{"l" if column.align == "left" else ""}">') + escape(column.name) + Markup("</th>")
        )
    out.append(Markup("</tr>"))
    for position, row in enumerate(table.rows):
        classes = " ".join(c for c in (row.style, "tier-start" if position in table.sections and position else "") if c)
        out.append(Markup(f'<tr class="{classes}">'))
        out += [cell(v, scale, c.align == "left", table.notes) for v, c in zip(row.values, table.columns)]
        out.append(Markup("</tr>"))
    out.append(Markup("</table>"))
    out += [
        Markup('<p class="note">') + escape(f"[{i}] {note}") + Markup("</p>") for i, note in enumerate(table.notes, 1)
    ]
    out += [Markup('<p class="verdict">') + escape(line) + Markup("</p>") for line in table.footer]
    return Markup("\n").join(out)


def race(result) -> Markup:
    """A race.Race as CSS-animated bars: each fills in its scaled time (animation-duration), no scripts. Inside
    a <details>, so it starts when opened (and again when reopened)."""
    lanes = []
    for entrant in result.entrants:
        seconds = result.replay_seconds(entrant)
        measured = units.approximate(units.seconds(entrant.seconds), entrant.approximate)
        lanes.append(
            Markup(
                '<div class="lane"><div class="bar" style="animation-duration:{:.3f}s"></div>'
                "<span>{} — {} measured, {} in the race</span></div>"
            ).format(seconds, entrant.label, measured, units.seconds(seconds))
        )
    return (
        Markup('<details class="race"><summary>Race the tiers ({})</summary>').format(result.scale_text)
        + Markup("").join(lanes)
        + Markup("</details>")
    )


def _words(text: str, markup: bool) -> str:
    """A sentence written with Markdown emphasis for both renderers, without its marks."""
    return text.replace("**", "").replace("`", "") if markup else text


def _legend() -> Markup:
    swatches = (
        Markup('<span><i class="swatch" style="background:{}"></i>{}</span>').format(color, tier)
        for tier, color in TIER_COLORS.items()
    )
    return Markup('<div class="legend">') + Markup("").join(swatches) + Markup("</div>")


def part(item: Part, level: int, charts: dict[str, str]) -> Markup:
    """One part of a section at `level` (a Table's heading one below it); charts: chart id -> SVG."""
    if isinstance(item, Section):
        return section(item, charts)
    if isinstance(item, Table):
        return render(item, level + 1)
    if isinstance(item, Paragraph):
        words = escape(_words(item.text, item.markup))
        if item.style == "lesson":
            return Markup('<p class="verdict"><i>') + words + Markup("</i></p>")
        return Markup('<p class="verdict">' if item.style == "verdict" else "<p>") + words + Markup("</p>")
    if isinstance(item, Bullets):
        items = (Markup("<li>") + escape(_words(e, item.markup)) + Markup("</li>") for e in item.items)
        return Markup("<ul>") + Markup("").join(items) + Markup("</ul>") if item.items else Markup("")
    if isinstance(item, Chart):
        svg = charts.get(item.chart_id)
        return (
            Markup('<div class="chart" id="chart-{}">').format(item.chart_id) + Markup(svg) + Markup("</div>")
            if svg
            else Markup("")
        )
    if isinstance(item, Details):
        items = (Markup("<li><code>{}</code>: {}</li>").format(code, words) for code, words in item.items)
        return (
            Markup("<details><summary>{}</summary><ul>").format(item.summary)
            + Markup("").join(items)
            + Markup("</ul></details>")
        )
    if isinstance(item, Race):
        return race(item.result)
    if isinstance(item, TierLegend):
        return _legend()
    raise TypeError(f"no HTML for {type(item).__name__}")


def section(item: Section, charts: dict[str, str]) -> Markup:
    out = [heading(item.heading, item.anchor, item.level)] if item.heading else []
    out += [part(entry, item.level, charts) for entry in item.parts]
    return Markup("\n").join(out)


def contents(sections: list[Section]) -> list[tuple[str, str]]:
    """(anchor, heading) of every section listed in the table of contents, nested ones included."""
    out = []
    for item in sections:
        if item.in_contents:
            out.append((item.anchor, item.heading))
        out += contents([p for p in item.parts if isinstance(p, Section)])
    return out
