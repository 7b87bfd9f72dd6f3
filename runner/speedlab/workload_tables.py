"""The per-workload tables (report.blocks) in story order and the axis tables, as neutral Tables."""

from __future__ import annotations

from typing import Any

from speedlab import axes, report, story
from speedlab.table import Table


def workload_tables(document: dict[str, Any]) -> list[Table]:
    """One per workload and size, in story order."""
    blocks = report.blocks(document)
    order = story.of(document).ordered(list(dict.fromkeys(b.workload for b in blocks)))
    return [b.table for b in sorted(blocks, key=lambda b: order.index(b.workload))]


def axis_tables(document: dict[str, Any]) -> list[Table]:
    return axes.axis_tables(document)
