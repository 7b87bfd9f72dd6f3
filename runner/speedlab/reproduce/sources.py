"""The published files (reports/published/NAME.toml): numbers, citation, machine, and the source's conditions.

A source declares how it built and timed its programs (`[conditions]`: compiler and flags per language, the
timing statistic, warm-up, input freshness, threads, versions, its own precision). Each row names the speedlab
impl that stands for the source's program (`impl`, speedlab's own conditions) and, where the source's program
style or flags change the cost, a `variant`: a real impl in the manifest built or written the source's way. A
difference that no variant removes is `unmatched`; the row can then never read as reproduced.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from speedlab.harnesses import REPO_ROOT

PUBLISHED_DIR = REPO_ROOT / "reports" / "published"
CONDITIONS = ("source", "ours")
COMPARE = ("time", "peak_share")


class ReproduceError(ValueError):
    """A malformed published file or a bad request; the message names the file and field."""


@dataclass
class RowSpec:
    label: str
    published: float | None
    impl: str  # speedlab's own impl for the row (--conditions ours)
    threads: int | str
    workload: str | None
    params: dict[str, int] | None
    baseline_impl: str | None
    note: str = ""
    gflops: float | None = None
    peak_share: float | None = None
    variant: str = ""  # the impl written or built the source's way (--conditions source); "" = impl is faithful
    baseline_variant: str = ""  # the same for baseline_impl
    differs: str = ""  # how `impl` (or baseline_impl) differs from the source's: what the variants remove
    unmatched: str = ""  # a difference no speedlab impl removes: never comparable
    compare: str = "time"  # "peak_share" where the hardware decides the speedup (18 cores against 2)
    cause: str = ""  # the known cause, should the row be contradicted

    def impl_for(self, conditions: str) -> str:
        return (self.variant or self.impl) if conditions == "source" else self.impl

    def baseline_for(self, conditions: str) -> str | None:
        if conditions == "source" and self.baseline_variant:
            return self.baseline_variant
        return self.baseline_impl

    def difference(self, conditions: str) -> str:
        """Why this row's measurement is not the source's ("" when it is, as far as the file knows)."""
        parts = [self.unmatched] if self.unmatched else []
        if self.differs and (conditions == "ours" or not (self.variant or self.baseline_variant)):
            parts.append(self.differs)
        return "; ".join(parts)


@dataclass
class TableSpec:
    name: str
    kind: str  # "cells" or "suite"
    workload: str | None
    params: dict[str, int] | None
    steps: list[dict[str, int]]
    timing: str  # "warm" or "cold"
    statistic: str  # "median", "min" or "mean"
    unit: str  # "s", "ms" or "relative"
    baseline: str | None  # label of the baseline row
    display: str  # "relative" or "speedup"
    rows: list[RowSpec]


@dataclass
class Conditions:
    """How the source built and timed its programs, as its own files say."""

    compilers: dict[str, str]  # language -> compiler and flags
    timing: str  # what was timed and how (in-process, hyperfine over whole processes)
    warmup: str
    inputs: str  # "fresh" (new random input every run) or "fixed"
    threads: str
    versions: dict[str, str] = field(default_factory=dict)
    precision: float = 0.0  # the source's own relative spread of a reported time (PyPy blog: ±0.5%)
    hardware: str = ""  # the hardware class, for naming the gap of a "consistent" row


@dataclass
class Source:
    name: str
    title: str
    authors: str
    venue: str
    year: int
    doi: str
    url: str
    read_from: str
    notes: str
    machine: dict[str, Any]
    tables: list[TableSpec]
    path: Path
    conditions: Conditions | None = None

    def citation(self) -> str:
        link = f"doi:{self.doi}" if self.doi else self.url
        return f"{self.authors}, “{self.title}”, {self.venue}, {self.year}. {link}"


def _need(table: dict[str, Any], key: str, where: str) -> Any:
    if key not in table:
        raise ReproduceError(f"{where}: missing '{key}'")
    return table[key]


def _choice(value: str, allowed: tuple[str, ...], where: str) -> str:
    if value not in allowed:
        raise ReproduceError(f"{where}: '{value}' is not one of {', '.join(allowed)}")
    return value


def _conditions(raw: dict[str, Any] | None, where: str) -> Conditions | None:
    if raw is None:
        return None
    where = f"{where} [conditions]"
    precision = raw.get("precision", 0.0)
    if not (isinstance(precision, (int, float)) and 0 <= precision < 1):
        raise ReproduceError(f"{where}: precision must be a relative spread in [0, 1), e.g. 0.005 for ±0.5%")
    inputs = _choice(_need(raw, "inputs", where), ("fresh", "fixed", "none"), f"{where} inputs")
    return Conditions(
        compilers=dict(raw.get("compilers", {})),
        timing=_need(raw, "timing", where),
        warmup=str(_need(raw, "warmup", where)),
        inputs=inputs,
        threads=str(_need(raw, "threads", where)),
        versions=dict(raw.get("versions", {})),
        precision=float(precision),
        hardware=raw.get("hardware", ""),
    )


def _row(row: dict[str, Any], where: str) -> RowSpec:
    threads = row.get("threads", 1)
    if threads != "all" and not (isinstance(threads, int) and threads >= 1):
        raise ReproduceError(f'{where}: threads must be a positive integer or "all"')
    published = row.get("published")
    if published is not None and not (isinstance(published, (int, float)) and published > 0):
        raise ReproduceError(f"{where}: published must be a positive number")
    spec = RowSpec(
        label=_need(row, "label", where),
        published=float(published) if published is not None else None,
        impl=row.get("impl", ""),
        threads=threads,
        workload=row.get("workload"),
        params=row.get("params"),
        baseline_impl=row.get("baseline_impl"),
        note=row.get("note", ""),
        gflops=row.get("gflops"),
        peak_share=row.get("peak_share"),
        variant=row.get("variant", ""),
        baseline_variant=row.get("baseline_variant", ""),
        differs=row.get("differs", ""),
        unmatched=row.get("unmatched", ""),
        compare=_choice(row.get("compare", "time"), COMPARE, f"{where} compare"),
        cause=row.get("cause", ""),
    )
    if (spec.variant or spec.baseline_variant) and not spec.differs:
        raise ReproduceError(
            f"{where}: a variant needs 'differs' (how {spec.impl or 'the impl'} differs from "
            f"the source's program, which {spec.variant or spec.baseline_variant} removes)"
        )
    if spec.compare == "peak_share" and spec.peak_share is None:
        raise ReproduceError(f'{where}: compare = "peak_share" needs the published peak_share')
    return spec


def _table(table: dict[str, Any], where: str) -> TableSpec:
    kind = _choice(table.get("kind", "cells"), ("cells", "suite"), f"{where} kind")
    rows = [_row(row, f"{where} row #{index + 1}") for index, row in enumerate(_need(table, "rows", where))]
    spec = TableSpec(
        name=_need(table, "name", where),
        kind=kind,
        workload=table.get("workload"),
        params=table.get("params"),
        steps=list(table.get("steps", [])),
        timing=_choice(table.get("timing", "warm"), ("warm", "cold"), f"{where} timing"),
        statistic=_choice(table.get("statistic", "median"), ("median", "min", "mean"), f"{where} statistic"),
        unit=_choice(table.get("unit", "s"), ("s", "ms", "relative"), f"{where} unit"),
        baseline=table.get("baseline"),
        display=_choice(table.get("display", "relative"), ("relative", "speedup"), f"{where} display"),
        rows=rows,
    )
    labels = [row.label for row in rows]
    if spec.baseline is not None and spec.baseline not in labels:
        raise ReproduceError(f"{where}: baseline '{spec.baseline}' is not a row label ({', '.join(labels)})")
    if spec.unit != "relative" and spec.baseline is None:
        raise ReproduceError(f"{where}: a table of absolute times needs a baseline row")
    for row in rows:
        if row.impl and spec.baseline is None and not row.baseline_impl:
            raise ReproduceError(f"{where}: row '{row.label}' needs baseline_impl (the table has no baseline row)")
        if row.impl and kind == "cells" and not (row.workload or spec.workload):
            raise ReproduceError(f"{where}: row '{row.label}' has no workload")
    return spec


def load_source(path: Path) -> Source:
    try:
        raw = tomllib.loads(path.read_text())
    except tomllib.TOMLDecodeError as error:
        raise ReproduceError(f"{path}: not valid TOML: {error}") from None
    source = _need(raw, "source", str(path))
    name = _need(source, "name", f"{path} [source]")
    if name != path.stem:
        raise ReproduceError(f"{path}: [source] name '{name}' must match the file name '{path.stem}'")
    tables = [
        _table(table, f"{path} [[tables]] #{index + 1}") for index, table in enumerate(_need(raw, "tables", str(path)))
    ]
    return Source(
        name=name,
        title=source.get("title", name),
        authors=source.get("authors", ""),
        venue=source.get("venue", ""),
        year=int(source.get("year", 0)),
        doi=source.get("doi", ""),
        url=source.get("url", ""),
        read_from=source.get("read_from", ""),
        notes=source.get("notes", ""),
        machine=dict(raw.get("machine", {})),
        tables=tables,
        path=path,
        conditions=_conditions(raw.get("conditions"), str(path)),
    )


def load_sources(directory: Path = PUBLISHED_DIR) -> dict[str, Source]:
    return {path.stem: load_source(path) for path in sorted(directory.glob("*.toml"))}


def select(sources: dict[str, Source], name: str) -> Source:
    if name not in sources:
        raise ReproduceError(f"unknown published table '{name}'; known: {', '.join(sources)}")
    return sources[name]
