"""CuPy beside the hand-written CUDA and the CUDA libraries, and beside NumPy: the GPU section's CuPy table.

python.cupy is python.numpy's code with cupy for numpy (python_baselines/workloads/cupy_gpu.py), timed as
every CUDA impl: its median is the work between CUDA events, end_to_end the copies in, the work and the copy
out. Per python.cupy cell this module sets beside it, at the same parameters:

- the fastest other CUDA kernel (cuda.naive, cuda.tiled, cuda.shared, stream_triad's thrust::transform:
  code written for the workload) -- CuPy's kernel time over it is what the library's generic kernels cost (one kernel and one
  temporary per NumPy operation, a host round trip where NumPy code reads a value back);
- the CUDA library cell where CuPy calls that library itself (matmul: cuda.cublas, cuBLAS; sort:
  cuda.thrust, the CUB radix sort Thrust runs) -- over it, what CuPy's Python layer adds to the same call;
- the fastest python.numpy cell (any thread count) -- CuPy's end-to-end time over it says whether moving
  the NumPy code to the GPU paid, copies included; where the kernel alone beats NumPy and the end-to-end
  time does not, the copies are what made the GPU lose.

Analysis only: a neutral table.Table (typed values) and its sentences; the renderers draw it.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import Any

from speedlab.analysis import cell_seconds
from speedlab.manifest_model import format_params
from speedlab.table import Column, Table, Value, text

CUPY = "python.cupy"
NUMPY = "python.numpy"
# The library CuPy itself calls, per workload: cupy.matmul is a cuBLAS GEMM, cupy.sort Thrust's sort.
LIBRARY_IMPLS = {"matmul": "cuda.cublas", "sort": "cuda.thrust"}
HEADING = "CuPy beside the hand-written CUDA, cuBLAS and NumPy"
ANCHOR = "gpu-cupy"
INTRO = (
    "python.cupy runs python.numpy's code with cupy for numpy. kernel: the work between CUDA events; "
    "end-to-end: with the copies in and out. ÷ hand: CuPy's kernel time over the fastest hand-written CUDA "
    "kernel (what the library's generic kernels cost); ÷ library: over the cuBLAS GEMM or Thrust sort CuPy "
    "itself calls (what its Python layer adds); ÷ NumPy: CuPy's end-to-end time over the fastest python.numpy time "
    "(under 1×: the GPU paid, copies included)."
)
COLUMNS = [
    Column("workload", "left"),
    Column("params", "left"),
    Column("CuPy kernel"),
    Column("hand CUDA kernel", priority=3),
    Column("÷ hand"),
    Column("library kernel", priority=2),
    Column("÷ library"),
    Column("CuPy end-to-end"),
    Column("NumPy", priority=1),
    Column("÷ NumPy"),
]


@dataclass
class CupyRow:
    cell: dict[str, Any]
    kernel_s: float
    end_to_end_s: float | None
    hand: tuple[float, dict[str, Any]] | None = None  # (kernel seconds, cell) of the fastest hand-written kernel
    library: tuple[float, dict[str, Any]] | None = None
    numpy: tuple[float, dict[str, Any]] | None = None

    def ratio(self, which: str) -> float | None:
        """CuPy's kernel over the hand/library kernel; its end-to-end (the kernel without one) over NumPy's."""
        other = getattr(self, which)
        if other is None:
            return None
        mine = (self.end_to_end_s or self.kernel_s) if which == "numpy" else self.kernel_s
        return mine / other[0]


@dataclass
class CupyComparison:
    rows: list[CupyRow] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)


def _fastest(cells: list[dict[str, Any]]) -> tuple[float, dict[str, Any]] | None:
    timed = [(cell_seconds(c)[0], c) for c in cells]
    timed = [(s, c) for s, c in timed if s]
    return min(timed, key=lambda item: item[0]) if timed else None


def _row(cell: dict[str, Any], document: dict[str, Any]) -> CupyRow | None:
    kernel, _ = cell_seconds(cell)
    if kernel is None:
        return None
    peers = [
        c
        for c in document["cells"]
        if c["workload"] == cell["workload"] and c["params"] == cell["params"] and c["status"] == "ok"
    ]
    cuda = [c for c in peers if c.get("language") == "cuda"]
    library = LIBRARY_IMPLS.get(cell["workload"])
    return CupyRow(
        cell,
        kernel,
        (cell.get("end_to_end") or {}).get("median_s"),
        hand=_fastest([c for c in cuda if c["impl"] != library]),
        library=_fastest([c for c in cuda if c["impl"] == library]),
        numpy=_fastest([c for c in peers if c["impl"] == NUMPY]),
    )


def compare(document: dict[str, Any]) -> CupyComparison | None:
    """Every measured python.cupy cell beside its peers and the sentences; None without one."""
    cupy = [c for c in document.get("cells", []) if c.get("impl") == CUPY and c.get("status") == "ok"]
    rows = [row for row in (_row(c, document) for c in cupy) if row is not None]
    if not rows:
        return None
    return CupyComparison(rows, _cost_sentences(rows) + _copy_sentences(rows))


def _where(row: CupyRow) -> str:
    return f"{row.cell['workload']} {format_params(row.cell['params'])}"


def _spread(ratios: list[float]) -> str:
    if len(ratios) == 1:
        return f"{ratios[0]:.3g}×"
    return (
        f"{min(ratios):.3g}× to {max(ratios):.3g}× (median {statistics.median(ratios):.3g}× over {len(ratios)} cells)"
    )


def _cost_sentences(rows: list[CupyRow]) -> list[str]:
    out = []
    hand = [r.ratio("hand") for r in rows if r.hand]
    if hand:
        out.append(
            f"Against the hand-written CUDA kernels, CuPy's kernel time is {_spread(hand)} theirs: what one "
            "generic kernel and one temporary per NumPy operation cost against one kernel written for the job."
        )
    library = [r.ratio("library") for r in rows if r.library]
    if library:
        out.append(
            f"Against the library call CuPy makes itself (cuBLAS for matmul, Thrust's sort): {_spread(library)} — what its Python "
            "layer adds to the same call."
        )
    return out


def _copy_sentences(rows: list[CupyRow]) -> list[str]:
    with_numpy = [r for r in rows if r.numpy]
    if not with_numpy:
        return []
    lost_to_copies = [r for r in with_numpy if r.kernel_s < r.numpy[0] and r.ratio("numpy") >= 1]
    slower_anyway = [r for r in with_numpy if r.kernel_s >= r.numpy[0]]
    won = [r for r in with_numpy if r.ratio("numpy") < 1]
    out = []
    if lost_to_copies:
        out.append(
            "The copies make the GPU lose to NumPy at "
            + "; ".join(
                f"{_where(r)} (kernel {r.kernel_s / r.numpy[0]:.3g}× NumPy's time, end to end {r.ratio('numpy'):.3g}×)"
                for r in lost_to_copies
            )
            + "."
        )
    if slower_anyway:
        out.append(
            "Slower than NumPy even without the copies at "
            + "; ".join(f"{_where(r)} (kernel {r.kernel_s / r.numpy[0]:.3g}× NumPy's time)" for r in slower_anyway)
            + "."
        )
    if won:
        out.append(
            "CuPy beats NumPy with the copies at "
            + "; ".join(f"{_where(r)} ({r.ratio('numpy'):.3g}× NumPy's time)" for r in won)
            + "."
        )
    return out


def _duration(pair: tuple[float, dict[str, Any]] | None) -> Value:
    """A peer's time, with who achieved it (NumPy's thread count: its BLAS may use every core)."""
    if pair is None:
        return text("—")
    seconds, cell = pair
    who = f"{cell['threads']}t" if cell["impl"] == NUMPY else cell["impl"]
    return Value("duration", seconds, detail=who, short_detail=who.split(".", 1)[-1])


def _ratio(value: float | None) -> Value:
    return text("—") if value is None else Value("ratio", value)


def tables(document: dict[str, Any]) -> list[Table]:
    """The CuPy table (with its sentences as the footer), or none without a measured python.cupy cell."""
    comparison = compare(document)
    if comparison is None:
        return []
    table = Table(HEADING, list(COLUMNS), anchor=ANCHOR, intro=INTRO, footer=list(comparison.sentences))
    for row in comparison.rows:
        table.add(
            [
                text(row.cell["workload"]),
                text(format_params(row.cell["params"])),
                Value("duration", row.kernel_s),
                _duration(row.hand),
                _ratio(row.ratio("hand")),
                _duration(row.library),
                _ratio(row.ratio("library")),
                text("—") if row.end_to_end_s is None else Value("duration", row.end_to_end_s),
                _duration(row.numpy),
                _ratio(row.ratio("numpy")),
            ]
        )
    return [table]
