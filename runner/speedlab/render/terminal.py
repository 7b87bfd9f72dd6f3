"""A table.Table in the terminal (rich), fitted to a width (100 columns: a projector, a laptop).

Rows never wrap. To fit, the renderer first writes each cell's detail (the impl) in its short form, then
drops columns from the lowest priority up (a column of priority 0 is always kept), then lets rich
ellipsize what is still too long. A value's detail goes on a second line under it, dimmed.
"""

from __future__ import annotations

from rich import box
from rich.console import Console, Group
from rich.measure import Measurement
from rich.table import Table as RichTable
from rich.text import Text

from speedlab import units
from speedlab.table import Table, Value

WIDTH = 100
ROW_STYLES = {"failed": "red", "muted": "dim"}
SHORT_DETAIL = 10


def _cell(value: Value, short: bool) -> Text:
    out = Text(value.main, style="bold" if value.kind == "ratio" and value.number is not None else "")
    detail = (value.short_detail or units.ellipsize(value.detail, SHORT_DETAIL)) if short else value.detail
    if detail:
        out.append("\n" + detail, style="dim")
    return out


def _build(table: Table, keep: list[int], short: bool) -> RichTable:
    view = RichTable(
        title=table.heading or None,
        title_justify="left",
        header_style="bold",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        collapse_padding=True,
        show_edge=False,
        title_style="bold",
    )
    for index in keep:
        column = table.columns[index]
        view.add_column(
            column.short if short and column.short else column.name,
            justify=column.align,
            no_wrap=True,
            overflow="ellipsis",
        )
    for row in table.rows:  # no section rules: in this box each costs a blank line, and the screen is short
        view.add_row(*(_cell(row.values[i], short) for i in keep), style=ROW_STYLES.get(row.style))
    return view


def width_of(view: RichTable, console: Console) -> int:
    return Measurement.get(console, console.options.update(width=10_000), view).maximum


def fitted(table: Table, console: Console, width: int = WIDTH) -> RichTable:
    """The widest view of `table` that fits `width`."""
    keep = list(range(len(table.columns)))
    for short in (False, True):
        view = _build(table, keep, short)
        if width_of(view, console) <= width:
            return view
    droppable = sorted((c.priority, -i) for i, c in enumerate(table.columns) if c.priority > 0)
    for _, negative in droppable:
        keep.remove(-negative)
        view = _build(table, keep, True)
        if width_of(view, console) <= width:
            return view
    return view  # still too wide: rich ellipsizes the cells (no_wrap), a row never wraps


def renderable(table: Table, console: Console, width: int = WIDTH) -> Group:
    parts = [fitted(table, console, width)]
    parts += [Text(f"  [{i}] {note}", style="dim") for i, note in enumerate(table.notes, 1)]
    parts += [Text(line) for line in table.footer]
    return Group(*parts)


def show(table: Table, console: Console, width: int = WIDTH) -> None:
    width = min(width, console.width) if console.is_terminal else width
    console.print(renderable(table, console, width), width=width, crop=True)
    console.print()
