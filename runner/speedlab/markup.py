"""Text from a run (harness stderr, reasons, descriptions) made safe for Markdown.

report.md and compare.md render as HTML on a forge: a harness's stderr holding
`<script>` or a `|` must read as text, not become markup or split a table
cell. HTML output needs none of this (jinja2 autoescapes it).
"""

from __future__ import annotations

import html


def md_escape(text: object) -> str:
    """&, <, > as HTML entities, | escaped for tables, line breaks as spaces (a table row is one line)."""
    escaped = html.escape(str(text), quote=False).replace("|", "\\|")
    return " ".join(escaped.splitlines()) if "\n" in escaped or "\r" in escaped else escaped
