"""speedlab reproduce: re-measure published comparison tables the way their sources measured them.

Each source in reports/published/NAME.toml holds the published numbers with their citation, machine and
conditions (compiler flags, timing statistic, warm-up, input freshness, threads), and maps every row to a
speedlab impl — and, where the source's flags or code style change the cost, to a source-faithful variant
impl. Hardware differs, so what is compared is ratios between rows (the ratio of ratios); verdicts.py says
what each verdict means and why its band is what it is.

    sources.py   the published files and their conditions
    targets.py   the cells a reproduction measures (--conditions source|ours, sizes, the row budget)
    cliffs.py    cache cliffs an extrapolation must not cross
    verdicts.py  measured times, the verdict bands, row and table verdicts
    evaluate.py  a run -> the reproduced tables
    render.py    Markdown, HTML and the terminal's rows
"""

from speedlab.reproduce.evaluate import evaluate, machine_peak
from speedlab.reproduce.render import headers, markdown, render_html, row_values, write
from speedlab.reproduce.sources import (
    CONDITIONS,
    PUBLISHED_DIR,
    Conditions,
    ReproduceError,
    RowSpec,
    Source,
    TableSpec,
    load_source,
    load_sources,
    select,
)
from speedlab.reproduce.targets import ROW_BUDGET_S, SCALES, SUITE_IMPLS, Target, cells_for, row_targets, settings_for
from speedlab.reproduce.verdicts import (
    CONSISTENT_FACTOR,
    REPRODUCED_BAND,
    Measured,
    RowResult,
    TableResult,
    format_relative,
    measured,
)

__all__ = [
    "CONDITIONS",
    "CONSISTENT_FACTOR",
    "Conditions",
    "Measured",
    "PUBLISHED_DIR",
    "REPRODUCED_BAND",
    "ROW_BUDGET_S",
    "ReproduceError",
    "RowResult",
    "RowSpec",
    "SCALES",
    "SUITE_IMPLS",
    "Source",
    "TableResult",
    "TableSpec",
    "Target",
    "cells_for",
    "evaluate",
    "format_relative",
    "headers",
    "load_source",
    "load_sources",
    "machine_peak",
    "markdown",
    "measured",
    "render_html",
    "row_targets",
    "row_values",
    "select",
    "settings_for",
    "write",
]
