"""The typed results model: a run, its cells, their statistics, throughput and validation.

results.json is the stored form (strict JSON, one record per cell; results.py writes it, migrate.py brings an
older one up to SCHEMA_VERSION when it is loaded). This module is what the report layer reads instead of
the untyped dict: `Run.of(document)` gives dataclasses whose fields say what a record holds and what an
absent field means. It is the bottom layer (model <- measure <- analysis <- render <- cli): it imports no
other speedlab module. Every typed object keeps its `record`, the dict it was read from, for the helpers that
still take a record (analysis.roofline, uncertainty) and so that nothing a newer writer adds is lost.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

SCHEMA = "speedlab-results/1"  # the identification string every reader checks (results.load, fleet_run.py)
SCHEMA_VERSION = 2  # the record layout; a document without schema_version is version 1 (migrate.py)
FAILURES = ("wrong_checksum", "failed", "timeout")
NOT_RUN = ("skipped", "not_applicable")
FP64 = "float64"


def _number(value: Any) -> float | None:
    """A time or rate that can be true: finite and positive; anything else (an older file's 0 or NaN) is None."""
    return float(value) if isinstance(value, (int, float)) and math.isfinite(value) and value > 0 else None


@dataclass(frozen=True)
class Summary:
    """Statistics over one series of repetitions (the warm median, or a GPU cell's end-to-end times)."""

    median_s: float | None
    mean_s: float | None = None
    stddev_s: float | None = None
    min_s: float | None = None
    max_s: float | None = None
    cv: float = 0.0
    repetitions: int = 0
    iterations: int = 1
    median_low_s: float | None = None  # the median's 95% interval (uncertainty.py); None: not known
    median_high_s: float | None = None

    @classmethod
    def of(cls, raw: dict[str, Any] | None) -> Summary | None:
        if not raw:
            return None
        return cls(
            _number(raw.get("median_s")),
            raw.get("mean_s"),
            raw.get("stddev_s"),
            raw.get("min_s"),
            raw.get("max_s"),
            float(raw.get("cv") or 0.0),
            int(raw.get("repetitions") or 0),
            int(raw.get("iterations") or 1),
            raw.get("median_low_s"),
            raw.get("median_high_s"),
        )


@dataclass(frozen=True)
class Process:
    """One harness process of a cell: its repetitions and what it cost (getrusage), and the machine's load."""

    index: int
    repetitions_s: list[float]
    wall_s: float | None = None
    user_s: float | None = None
    sys_s: float | None = None
    max_rss_kib: int | None = None
    noisy: bool = False


@dataclass(frozen=True)
class Cold:
    """One whole process for one run: spawn to exit, and that run's own time."""

    wall_s: float | None
    cpu_s: float | None = None
    max_rss_kib: int | None = None
    first_run_s: float | None = None


@dataclass(frozen=True)
class Statistics:
    summary: Summary | None
    repetitions_s: list[float] = field(default_factory=list)
    processes: list[Process] = field(default_factory=list)
    end_to_end: Summary | None = None  # a GPU cell: copies in, kernel, copy out (its median is the kernel)
    cold: Cold | None = None
    extrapolated_s: float | None = None  # the predicted time of a cell that was not run

    @property
    def median_s(self) -> float | None:
        return self.summary.median_s if self.summary else None


@dataclass(frozen=True)
class Throughput:
    flops: float | None = None
    bytes: float | None = None
    gflops: float | None = None
    gbps: float | None = None


@dataclass(frozen=True)
class Validation:
    ok: bool
    reason: str = ""
    checksums: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass(frozen=True)
class Cell:
    name: str
    workload: str
    impl: str
    language: str
    tier: str
    params: dict[str, Any]
    threads: int
    status: str
    reason: str
    description: str
    statistics: Statistics
    throughput: Throughput
    validation: Validation | None
    precision: str = FP64
    cores_used: float | None = None  # CPU time / wall time over the timed repetitions (cores.py)
    gpu_busy: float | None = None  # a GPU cell: kernel time / end-to-end time
    oversubscribed: bool = False
    counters: dict[str, float] = field(default_factory=dict)
    record: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def measured(self) -> bool:
        return self.status == "ok"

    @property
    def failed(self) -> bool:
        """A wrong answer, a crash, a timeout, or an 'ok' record whose time cannot be true: never a speed."""
        return self.status in FAILURES or (self.status == "ok" and self.statistics.median_s is None)

    @property
    def seconds(self) -> float | None:
        """The time to compare: the median, or the extrapolation of a cell not run."""
        if self.status == "ok":
            return self.statistics.median_s
        if self.status == "extrapolated":
            return self.statistics.extrapolated_s
        return None

    @property
    def approximate(self) -> bool:
        """The time is extrapolated (shown with `~`, as everything derived from it)."""
        return self.status == "extrapolated" and self.seconds is not None

    @property
    def on_gpu(self) -> bool:
        return self.language == "cuda" or self.tier == "gpu"

    @property
    def kernel_only_end_to_end(self) -> float | None:
        """A GPU cell whose median is the kernel alone: its end-to-end median; None for any other cell."""
        end_to_end = self.statistics.end_to_end
        return end_to_end.median_s if self.on_gpu and self.measured and end_to_end else None

    @property
    def max_rss_kib(self) -> int | None:
        return (self.record.get("process") or {}).get("max_rss_kib")

    @classmethod
    def of(cls, record: dict[str, Any]) -> Cell:
        cold = record.get("cold")
        statistics = Statistics(
            Summary.of(record.get("summary")),
            list(record.get("repetitions_s") or []),
            [_process(i, p) for i, p in enumerate(record.get("processes") or [])],
            Summary.of(record.get("end_to_end")),
            Cold(cold.get("wall_s"), cold.get("cpu_s"), cold.get("max_rss_kib"), cold.get("first_run_s"))
            if cold
            else None,
            _number((record.get("extrapolated") or {}).get("median_s")),
        )
        throughput = record.get("throughput") or {}
        validation = record.get("validation")
        return cls(
            record.get("name", ""),
            record.get("workload", ""),
            record.get("impl", ""),
            record.get("language") or record.get("impl", "").split(".", 1)[0],
            record.get("tier", ""),
            dict(record.get("params") or {}),
            int(record.get("threads", 1)),
            record.get("status", ""),
            record.get("reason") or "",
            record.get("description") or "",
            statistics,
            Throughput(*(throughput.get(k) for k in ("flops", "bytes", "gflops", "gbps"))),
            Validation(bool(validation.get("ok")), validation.get("reason") or "", validation.get("checksums") or {})
            if validation
            else None,
            str((record.get("params") or {}).get("dtype") or record.get("precision") or FP64),
            record.get("cores_used"),
            record.get("gpu_busy"),
            bool(record.get("oversubscribed")),
            dict(record.get("counters") or {}),
            record,
        )


def _process(index: int, raw: dict[str, Any]) -> Process:
    load = raw.get("load") or {}
    return Process(
        int(raw.get("index", index)),
        list(raw.get("repetitions_s") or []),
        raw.get("wall_s"),
        raw.get("user_s"),
        raw.get("sys_s"),
        raw.get("max_rss_kib"),
        bool(load.get("noisy")),
    )


@dataclass(frozen=True)
class Run:
    id: str
    status: str
    settings: dict[str, Any]
    machine: dict[str, Any]
    ceilings: dict[str, Any] | None
    manifest: dict[str, Any]  # the snapshot: tiers, workloads, story
    cells: list[Cell]
    schema_version: int = SCHEMA_VERSION
    started_utc: str | None = None
    finished_utc: str | None = None
    document: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def tiers(self) -> dict[str, str]:
        return self.manifest.get("tiers", {})

    def workload_info(self, workload: str) -> dict[str, Any]:
        return self.manifest.get("workloads", {}).get(workload, {})

    @classmethod
    def of(cls, document: dict[str, Any]) -> Run:
        """The typed view of a results document (as results.load returns it: migrated to SCHEMA_VERSION)."""
        run = document.get("run") or {}
        return cls(
            str(run.get("id", "")),
            str(run.get("status", "")),
            dict(run.get("settings") or {}),
            document.get("machine") or {},
            document.get("ceilings"),
            document.get("manifest") or {},
            [Cell.of(record) for record in document.get("cells", [])],
            int(document.get("schema_version", 1)),
            run.get("started_utc"),
            run.get("finished_utc"),
            document,
        )


def as_run(document: dict[str, Any] | Run) -> Run:
    """A results document's typed view (a Run stays itself), for functions that take either."""
    return document if isinstance(document, Run) else Run.of(document)
