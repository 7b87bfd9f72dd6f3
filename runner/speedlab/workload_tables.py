"""The per-workload tables (report.blocks) and the axis tables as neutral Tables, for the terminal.

report.py still formats these rows itself (its Markdown and HTML use them directly); this adapter carries
them into table.Table so the terminal renderer can fit them to 100 columns: each column has a priority,
and a narrow terminal drops the least needed first (roofline share, peak memory, cold time, ...), never
the impl, its time, its speedup over pure Python or its check.
"""

from __future__ import annotations

from typing import Any

from speedlab import axes, report, story
from speedlab.table import Column, Table, from_strings, text

# Higher: kept longer. 0: never dropped. A column this does not know (a new one) sits in the middle.
PRIORITY = {
    "tier": 8,
    "impl": 0,
    "threads": 9,
    "median": 0,
    "spread": 6,
    "vs python.loops": 0,
    "vs cpp.naive": 7,
    "cores": 6,
    "GFLOP/s": 5,
    "GB/s": 4,
    "roofline": 1,
    "peak mem": 2,
    "cold": 3,
    "check": 0,
}
SHORT = {"vs python.loops": "vs py", "vs cpp.naive": "vs cpp", "threads": "thr", "peak mem": "mem"}
LEFT = ("tier", "impl", "check")


def from_block(block: report.Block) -> Table:
    columns = [
        Column(h, "left" if h in LEFT else "right", PRIORITY.get(h, 5), SHORT.get(h, "")) for h in report.HEADERS
    ]
    table = Table(block.heading, columns, notes=list(block.notes))
    previous = None
    for row in block.rows:
        if previous is not None and row.tier != previous:
            table.sections.add(len(table.rows))
        previous = row.tier
        failed = row.cell["status"] in report.FAILURES or row.check == "✗"
        table.add(
            [text(v) for v in report.values(row)],
            style="failed" if failed else ("muted" if row.cell["status"] != "ok" else ""),
        )
    return table


def workload_tables(document: dict[str, Any]) -> list[Table]:
    """One per workload and size, in story order."""
    blocks = report.blocks(document)
    order = story.of(document).ordered(list(dict.fromkeys(b.workload for b in blocks)))
    return [from_block(b) for b in sorted(blocks, key=lambda b: order.index(b.workload))]


def axis_tables(document: dict[str, Any]) -> list[Table]:
    out = []
    for axis in axes.tables(document):
        head, rows, notes = axes.rendered(axis)
        out.append(from_strings(axis.heading, head, rows, notes, left=("tier", "impl", "params")))
    return out
