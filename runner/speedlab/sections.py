"""What a report is made of, before it is rendered: sections holding paragraphs, lists, Tables and charts.

Analysis builds one ordered list of Sections (report_sections.py for report.md/report.html, compare.py for
compare.md/compare.html); render/markdown.py and render/html.py each walk that one list, so the order and
the content of a report are decided once. A part carries words, never markup, except where `markup` says
its text holds the Markdown emphasis of a sentence written for both (**bold**, `code`): the HTML renderer
then drops those marks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Union

from speedlab.table import Table


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: str = ""  # "" | "lesson" (what the section teaches: in italics) | "verdict" (a boxed conclusion)
    markup: bool = False


@dataclass(frozen=True)
class Bullets:
    items: list[str]
    markup: bool = False


@dataclass(frozen=True)
class Chart:
    chart_id: str  # the key of the run's charts (charts.all_charts)
    alt: str


@dataclass(frozen=True)
class Details:
    """A folded list: what each impl does."""

    summary: str
    items: list[tuple[str, str]]  # (code, words)


@dataclass(frozen=True)
class Race:
    """The tiers of one workload raced at their measured relative speed (race.Race); HTML only."""

    result: Any


@dataclass(frozen=True)
class TierLegend:
    """The tier colours of the charts; HTML only (the Markdown charts carry their own legends)."""


@dataclass
class Section:
    heading: str
    anchor: str = ""
    level: int = 2
    parts: list[Part] = field(default_factory=list)
    in_contents: bool = False  # listed in the HTML table of contents

    def add(self, *parts: Part | None) -> Section:
        self.parts.extend(part for part in parts if part is not None)
        return self


Part = Union[Paragraph, Bullets, Chart, Details, Race, TierLegend, Table, Section]
