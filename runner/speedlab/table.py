"""The neutral table every report view is made of: heading, columns, rows of typed values, notes.

Analysis builds Tables (headline.py, workload_tables.py); renderers turn them into the terminal (rich),
Markdown or HTML (render/). A value carries its number and a format hint (ratio, duration, percent, rate,
status, text) instead of a pre-formatted string, so a renderer can colour a speedup by its size, and a
status is tested as a status, never by comparing rendered text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from speedlab import units

KINDS = ("ratio", "duration", "percent", "rate", "status", "text", "spread", "cores", "error", "bytes", "memory")
# How each kind's number is written (units.py); status and text carry their words instead.
FORMATS = {
    "ratio": units.ratio,
    "duration": units.seconds,
    "percent": units.percent,
    "rate": units.rate,
    "spread": units.spread,
    "cores": units.cores,
    "error": units.rel_error,
    "bytes": units.size,
    "memory": units.memory,
}
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
    more_notes: tuple[int, ...] = ()  # further footnotes: cells skipped for more than one reason cite each
    heat: bool = False  # an HTML renderer colours it by its number (log scale)
    warn: bool = False  # too noisy to trust: ⚠ after it
    mark: str = ""  # a sign after the number saying what it is (peak memory summed over processes: Σ)
    plus_minus: float | None = None  # a ratio's relative half-width where another run may not repeat it
    beside: Value | None = None  # a second value in brackets: a time's speedup, a GPU time's end to end
    beside_label: str = ""  # words before the bracketed value ("end to end")

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown value kind {self.kind!r} (kinds: {', '.join(KINDS)})")

    @property
    def main(self) -> str:
        """The value as text, with its `~` and footnote mark, without the detail."""
        if self.kind in FORMATS:
            text = FORMATS[self.kind](self.number)
        else:  # a text may be empty (no spread to show); a status always says something
            text = self.text if self.kind == "text" else (self.text or units.MISSING)
        if self.number is not None:
            text = units.approximate(text, self.approximate) + units.plus_minus(self.plus_minus)
        if self.mark and self.number is not None:
            text += f" {self.mark}"
        if self.warn:
            text += " ⚠"
        if self.beside is not None:
            text += f" ({self.beside_label + ' ' if self.beside_label else ''}{self.beside.main})"
        marks = [n for n in (self.note, *self.more_notes) if n]
        return f"{text} [{', '.join(map(str, marks))}]" if marks else text

    @property
    def measured(self) -> bool:
        """A number a renderer may emphasise (a ratio that was computed), as opposed to a missing one."""
        return self.number is not None


def text(value: str, detail: str = "", short_detail: str = "") -> Value:
    return Value("text", text=value, detail=detail, short_detail=short_detail)


def status(value: str, note: int | None = None, more_notes: tuple[int, ...] = ()) -> Value:
    return Value("status", text=value, note=note, more_notes=more_notes)


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

    @property
    def headers(self) -> list[str]:
        return [column.name for column in self.columns]

    def texts(self) -> list[list[str]]:
        """Every row as the words its values read (tests, and the plainest renderings)."""
        return [[value.main for value in row.values] for row in self.rows]


def number(kind: str, value: float | None, approximate: bool = False, **facts) -> Value:
    return Value(kind, value, approximate=approximate, **facts)


def columns(names: list[str], left: tuple[str, ...] = (), priority: dict[str, int] | None = None) -> list[Column]:
    """Columns by name: `left` ones left-aligned, the rest right; a narrow terminal drops the lowest `priority`
    first (default: the first two columns never, then from the right)."""
    return [
        Column(
            name,
            "left" if name in left else "right",
            (priority or {}).get(name, 0 if i < 2 else len(names) - i),
        )
        for i, name in enumerate(names)
    ]
