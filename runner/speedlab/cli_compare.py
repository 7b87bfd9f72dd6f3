"""`speedlab compare RUN_A RUN_B`: per cell, B against A, with the test that says what it can see."""

from __future__ import annotations

from pathlib import Path

import click

from speedlab.cli_options import ALPHA
from speedlab.cli_options import load_results as _load_results
from speedlab.harnesses import RESULTS_DIR
from speedlab.session import console


@click.command("compare")
@click.argument("run_a", metavar="RUN_A", type=click.Path(path_type=Path))
@click.argument("run_b", metavar="RUN_B", type=click.Path(path_type=Path))
@click.option(
    "--alpha",
    type=ALPHA,
    default=0.05,
    show_default=True,
    help="Significance level of the U test, after the Benjamini-Hochberg correction across cells.",
)
@click.option(
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder for compare.md and compare.html (default: reports/compare/A_vs_B/).",
)
def compare_command(run_a: Path, run_b: Path, alpha: float, output: Path | None) -> None:
    """Compare two runs cell by cell: ratio, Mann-Whitney U test, geometric mean per tier, both machines."""
    from speedlab import compare, html, report_markdown
    from speedlab.render import terminal

    document_a, document_b = _load_results(run_a), _load_results(run_b)
    comparison = compare.compare(document_a, document_b, alpha)
    output = output or RESULTS_DIR / "compare" / f"{document_a['run']['id']}_vs_{document_b['run']['id']}"
    output.mkdir(parents=True, exist_ok=True)
    (output / "compare.md").write_text(report_markdown.compare_markdown(comparison))
    (output / "compare.html").write_text(html.render_compare(comparison))

    for table in (compare.cells_table(comparison), compare.summary_table(comparison)):
        terminal.show(table, console)
    for note in compare.notes(comparison):
        console.print(note, style="dim")
    for title, cells in (("only in A", comparison.only_a), ("only in B", comparison.only_b)):
        if cells:
            console.print(f"{len(cells)} cell(s) {title}: " + ", ".join(c["name"] for c in cells))
    console.print(f"wrote {output}/compare.md and compare.html")
