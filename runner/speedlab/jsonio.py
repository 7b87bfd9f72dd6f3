"""Strict JSON out of speedlab: every file and every --json print goes through here.

Python's json module writes NaN, Infinity and -Infinity by default, which are
not JSON (RFC 8259): jq, JavaScript's JSON.parse, Go and Rust readers reject
the whole file. Google Benchmark itself prints NaN (the cv aggregate of a 0/0
counter), so harness output kept raw in results.json would carry it. Here a
value that has no number is null, and json.dumps runs with allow_nan=False so a
non-finite value that slipped past is an error at write time, not in a reader.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import Any


def finite(value: Any) -> Any:
    """`value` with every non-finite float (NaN, ±inf) replaced by None, recursively; tuples become lists."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: finite(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(item) for item in value]
    return value


def dumps(value: Any, indent: int | None = 1) -> str:
    try:  # almost always finite already: no need to copy the whole document first
        return json.dumps(value, indent=indent, allow_nan=False)
    except ValueError:  # a NaN or an infinity somewhere (Google Benchmark prints NaN): null, then strict JSON
        return json.dumps(finite(value), indent=indent, allow_nan=False)


def write(path: Path, value: Any, indent: int | None = 1, atomic: bool = False) -> None:
    """Writes strict JSON to `path`; atomic: through a temporary file and a rename, so a reader never sees
    half a document (results.json is rewritten after every cell)."""
    text = dumps(value, indent) + "\n"
    path = Path(path)
    if not atomic:
        path.write_text(text)
        return
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text)
    os.replace(tmp, path)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"not strict JSON: {name}")


def loads_strict(text: str) -> Any:
    """json.loads that rejects NaN, Infinity and -Infinity, as strict readers do (tests use it)."""
    return json.loads(text, parse_constant=_reject_constant)
