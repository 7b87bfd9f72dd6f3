"""The report's story: the order workloads are told in, the sentence each teaches, the headline columns.

All of it lives in the manifest, not in code: each workload file's `[story]` table (order, chapter,
lesson) and suite.toml's `[headline]` (the baseline impl and the tier columns). A run snapshots both into
results.json (results.manifest_snapshot), so a report stands alone; a results.json written before the
story existed gets it from the manifest on disk (benchmarks/, or nothing: then workloads keep the run's
order and each tier is one column).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from speedlab.manifest_model import ManifestError

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "benchmarks"
THREADS = ("1", "all")
_STORY_KEYS = {"order", "chapter", "lesson"}
_COLUMN_KEYS = {"tier", "threads", "label"}
_LESSON_KEYS = {"title", "text", "impls", "workloads"}


@dataclass(frozen=True)
class Column:
    tier: str
    threads: str | None = None  # "1", "all" (more than one) or None (any)
    label: str = ""

    @property
    def name(self) -> str:
        return self.label or self.tier

    def accepts(self, threads: int) -> bool:
        return self.threads is None or (threads == 1) == (self.threads == "1")


@dataclass
class Story:
    baseline: str = "python.loops"
    columns: list[Column] = field(default_factory=list)
    chapters: dict[str, dict[str, Any]] = field(default_factory=dict)  # workload -> order, chapter, lesson
    lessons: dict[str, dict[str, Any]] = field(default_factory=dict)  # name -> title, text, impls, workloads

    def ordered(self, workloads: list[str]) -> list[str]:
        """`workloads` in story order; those without a [story] keep their order, after the others."""
        position = {name: index for index, name in enumerate(workloads)}
        return sorted(workloads, key=lambda w: (self.chapters.get(w, {}).get("order", float("inf")), position[w]))

    def lesson(self, workload: str) -> str:
        return self.chapters.get(workload, {}).get("lesson", "")


def check_story(raw: Any, where: str) -> dict[str, Any]:
    if not isinstance(raw, dict) or set(raw) - _STORY_KEYS:
        raise ManifestError(f"{where} [story]: a table of {', '.join(sorted(_STORY_KEYS))}; got {raw!r}")
    if not isinstance(raw.get("order"), int) or isinstance(raw.get("order"), bool):
        raise ManifestError(f"{where} [story]: order must be an integer (its place in the report, e.g. 40)")
    for key in ("chapter", "lesson"):
        if not isinstance(raw.get(key, ""), str):
            raise ManifestError(f"{where} [story]: {key} must be a string")
    return dict(raw)


def check_headline(raw: Any, tiers: list[str], where: str) -> dict[str, Any]:
    """suite.toml's [headline], checked: every column names a known tier and a valid thread split."""
    if not isinstance(raw, dict) or not isinstance(raw.get("columns"), list) or not raw["columns"]:
        raise ManifestError(f'{where} [headline]: needs columns = [{{ tier = "..." }}, ...]')
    for column in raw["columns"]:
        if not isinstance(column, dict) or set(column) - _COLUMN_KEYS or column.get("tier") not in tiers:
            raise ManifestError(
                f"{where} [headline]: column {column!r} must be {{ tier = one of "
                f'{", ".join(tiers)}, threads = "1" | "all" (optional), label (optional) }}'
            )
        if column.get("threads") not in (None, *THREADS):
            raise ManifestError(f'{where} [headline]: column threads must be "1" or "all", got {column["threads"]!r}')
    return {"baseline": str(raw.get("baseline", "python.loops")), "columns": [dict(c) for c in raw["columns"]]}


def check_lessons(raw: Any, where: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise ManifestError(f"{where} [lessons]: a table of lessons, e.g. [lessons.gil]")
    for name, lesson in raw.items():
        if (
            not isinstance(lesson, dict)
            or set(lesson) - _LESSON_KEYS
            or not isinstance(lesson.get("title"), str)
            or not isinstance(lesson.get("impls"), list)
        ):
            raise ManifestError(
                f'{where} [lessons.{name}]: needs title = "...", text = "...", impls = [...] '
                f"(and optionally workloads = [...])"
            )
    return {name: dict(lesson) for name, lesson in raw.items()}


def from_directory(directory: Path) -> dict[str, Any]:
    """The story as results.json snapshots it, read (and checked) from a manifest folder."""
    suite_path = directory / "suite.toml"
    if not suite_path.exists():
        return {}
    suite = tomllib.loads(suite_path.read_text())
    out: dict[str, Any] = {"workloads": {}}
    if "headline" in suite:
        out["headline"] = check_headline(suite["headline"], list(suite.get("tiers", {})), str(suite_path))
    if "lessons" in suite:
        out["lessons"] = check_lessons(suite["lessons"], str(suite_path))
    for path in sorted((directory / "workloads").glob("*.toml")):
        raw = tomllib.loads(path.read_text())
        if "story" in raw:
            out["workloads"][path.stem] = check_story(raw["story"], str(path))
    return out


def snapshot(directory: Path, workloads: list[str]) -> dict[str, Any]:
    """For results.manifest_snapshot: the headline columns and the story of the run's workloads."""
    out = from_directory(Path(directory))
    if "workloads" in out:
        out["workloads"] = {name: out["workloads"][name] for name in workloads if name in out["workloads"]}
    return out


def of(document: dict[str, Any], fallback_dir: Path | None = DEFAULT_DIR) -> Story:
    """The story of a run: its snapshot, else (an older results.json) the manifest on disk, else none."""
    manifest = document.get("manifest", {})
    saved = manifest.get("story")
    if saved is None and fallback_dir is not None:
        try:
            saved = from_directory(fallback_dir)
        except (ManifestError, OSError, tomllib.TOMLDecodeError):
            saved = {}
    saved = saved or {}
    tiers = list(manifest.get("tiers", {}))
    headline = saved.get("headline") or {"columns": [{"tier": tier} for tier in tiers]}
    columns = [
        Column(c["tier"], c.get("threads"), c.get("label", ""))
        for c in headline["columns"]
        if not tiers or c["tier"] in tiers
    ]
    return Story(
        headline.get("baseline", "python.loops"),
        columns,
        dict(saved.get("workloads", {})),
        dict(saved.get("lessons", {})),
    )
