"""A table.Table as an HTML fragment (report.html), speedups coloured by size.

The heat colour of a ratio is its place on a log scale between the table's smallest and largest ratio,
read off viridis: a perceptually uniform map that stays ordered for the common colour-vision deficiencies
and in greyscale. The number is always printed too; the colour only helps the eye find the large ones.
"""

from __future__ import annotations

import math

from markupsafe import Markup, escape

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
    hover = value.detail or (notes[value.note - 1] if notes and value.note else "")  # n/a, skipped: the reason
    title = f' title="{escape(hover)}"' if hover else ""
    body = escape(value.main)
    if value.detail:
        body += Markup("<br><small>") + escape(value.detail) + Markup("</small>")
    klass = f' class="{" ".join(classes)}"' if classes else ""
    return Markup(f"<td{klass}{style}{title}>") + body + Markup("</td>")


def render(table: Table, level: int = 2) -> Markup:
    scale = _scale(table)
    out = [
        Markup(f'<h{level} id="{escape(table.anchor)}">') + escape(table.heading) + Markup(f"</h{level}>")
        if table.heading
        else Markup("")
    ]
    if table.intro:
        out.append(Markup("<p>") + escape(table.intro) + Markup("</p>"))
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
    from speedlab import units

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
