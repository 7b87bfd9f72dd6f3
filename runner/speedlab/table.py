"""The neutral table every report view is made of: heading, columns, rows of typed values, notes.

Analysis builds Tables (headline.py, workload_tables.py); renderers turn them into the terminal (rich),
Markdown or HTML (render/). A value carries its number and a format hint (ratio, duration, percent, rate,
status, text) instead of a pre-formatted string, so a renderer can colour a speedup by its size, and a
status is tested as a status, never by comparing rendered text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from speedlab import units

KINDS = ("ratio", "duration", "percent", "rate", "status", "text")
ROW_STYLES = ("", "failed", "muted")


@dataclass(frozen=True)
class Value:
    kind: str
    number: float | None = None
    text: str = ""  # the words of a status ("skipped", "n/a", "✗ failed") or of a text value
    approximate: bool = False  # derived from an extrapolated time: shown with `~`
    detail: str = ""  # a second fact under the value: the impl that achieved it, a size
    short_detail: str = ""  # the same for a narrow terminal (cpp.simd -> simd)
    note: int | None = None  # footnote number (1-based) in Table.notes
    heat: bool = False  # an HTML renderer colours it by its number (log scale)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown value kind {self.kind!r} (kinds: {', '.join(KINDS)})")

    @property
    def main(self) -> str:
        """The value as text, with its `~` and footnote mark, without the detail."""
        if self.kind == "ratio":
            text = units.ratio(self.number)
        elif self.kind == "duration":
            text = units.seconds(self.number)
        elif self.kind == "percent":
            text = units.percent(self.number)
        elif self.kind == "rate":
            text = units.rate(self.number)
        else:
            text = self.text or units.MISSING
        if self.number is not None:
            text = units.approximate(text, self.approximate)
        return f"{text} [{self.note}]" if self.note else text


def text(value: str, detail: str = "", short_detail: str = "") -> Value:
    return Value("text", text=value, detail=detail, short_detail=short_detail)


def status(value: str, note: int | None = None) -> Value:
    return Value("status", text=value, note=note)


@dataclass(frozen=True)
class Column:
    name: str
    align: str = "right"  # "left" | "right"
    priority: int = 0  # a narrow terminal drops the lowest first; 0: never dropped
    short: str = ""  # the header where space is short


@dataclass
class Row:
    values: list[Value]
    style: str = ""  # "failed" (a wrong answer, a crash) | "muted" (not measured) | ""


@dataclass
class Table:
    heading: str
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # footnotes, numbered from 1
    anchor: str = ""
    intro: str = ""  # a sentence before the table
    footer: list[str] = field(default_factory=list)  # lines after the notes
    sections: set[int] = field(default_factory=set)  # row indices that start a new group (a tier)

    def add(self, values: list[Value], style: str = "") -> None:
        if len(values) != len(self.columns):
            raise ValueError(f"{self.heading}: a row of {len(values)} values for {len(self.columns)} columns")
        self.rows.append(Row(values, style))

    def note(self, text: str) -> int:
        """The footnote number of `text`, added once however many cells cite it."""
        if text not in self.notes:
            self.notes.append(text)
        return self.notes.index(text) + 1


def from_strings(
    heading: str, headers: list[str], rows: list[list[str]], notes: list[str] | None = None, left: tuple[str, ...] = ()
) -> Table:
    """A Table from already formatted rows (the older tables: axes, GPU), to render through the same code."""
    columns = [
        Column(h, "left" if h in left else "right", priority=0 if i < 2 else len(headers) - i)
        for i, h in enumerate(headers)
    ]
    table = Table(heading, columns, notes=list(notes or []))
    for row in rows:
        table.add([text(v) for v in row])
    return table
