"""The out-of-core result of the Dask tier, stated from the run: chunked_reduction where python.numpy was
refused (its whole file over the share of memory the runner allows, runner/speedlab/memory.py) and
python.dask finished anyway, with its time, its peak memory summed over the harness and its worker
processes (peak_memory.py: a LocalCluster's workers are processes of their own), its cores used, and the
single-threaded streaming impls (cpp.stream, python.memmap, cpp.mmap) at the same size beside it.

Its cold time is one whole harness process: for local_cluster it includes starting the cluster.
"""

from __future__ import annotations

from typing import Any

from speedlab import peak_memory, units
from speedlab.analysis import cell_seconds
from speedlab.manifest import format_params

WORKLOAD = "chunked_reduction"
DASK = "python.dask"
NUMPY = "python.numpy"
STREAMING = ("cpp.stream", "python.memmap", "cpp.mmap")
VALUE_BYTES = 8
ORDER = ("threads", "processes", "local_cluster", "cluster")


def _size(cell: dict[str, Any]) -> tuple:
    return tuple(sorted((k, v) for k, v in cell["params"].items() if k not in ("scheduler", "chunk")))


def _size_first(size: tuple) -> dict[str, Any]:
    params = dict(size)
    return {"n": params.pop("n", None), **params} if "n" in params else params


def _summed_kib(cell: dict[str, Any]) -> int | None:
    process = cell.get("process") or {}
    return process.get("max_rss_all_kib") or process.get("max_rss_kib")


def _seconds(cell: dict[str, Any]) -> str:
    seconds, approximate = cell_seconds(cell)
    return units.approximate(units.seconds(seconds), approximate) if seconds else units.MISSING


def _dask_sentence(cell: dict[str, Any], file_kib: float) -> str:
    scheduler = cell["params"].get("scheduler", "threads")
    kib = _summed_kib(cell)
    share = f" ({kib / file_kib:.1%} of the file)" if kib and file_kib else ""
    cores = cell.get("cores_used")
    cold = (cell.get("cold") or {}).get("wall_s")
    cold_text = f"; cold {units.seconds(cold)}, one whole process" if cold else ""
    if cold and scheduler in ("local_cluster", "processes"):
        cold_text += ", starting the cluster included"
    return (
        f"python.dask, scheduler {scheduler} ({cell['threads']} workers): {_seconds(cell)} median{cold_text}; "
        f"peak memory {peak_memory.gib(kib)} summed over the harness and its worker processes{share}; "
        f"cores used {f'{cores:.2f}' if cores is not None else units.MISSING}"
    )


def _beside(cell: dict[str, Any]) -> str:
    return f"{cell['impl']} {_seconds(cell)}, peak {peak_memory.gib(_summed_kib(cell))}"


def findings(document: dict[str, Any]) -> list[str]:
    """One paragraph per size of chunked_reduction at which python.numpy was refused or failed and
    python.dask ran: what finished, how fast, in how much memory, on how many cores."""
    cells = [c for c in document.get("cells", []) if c["workload"] == WORKLOAD]
    numpy = {_size(c): c for c in cells if c["impl"] == NUMPY}
    out = []
    for size in sorted({_size(c) for c in cells if c["impl"] == DASK}):
        refused = numpy.get(size)
        if refused is None or refused["status"] == "ok":
            continue  # NumPy loaded it (or was not run): the main table says all there is
        dask = [c for c in cells if c["impl"] == DASK and _size(c) == size and "chunk" not in c["params"]]
        dask = [c for c in dask if c["status"] == "ok"]
        if not dask:
            continue
        dask.sort(key=lambda c: ORDER.index(c["params"].get("scheduler", "threads")))
        n = dict(size).get("n", 0)
        file_kib = n * VALUE_BYTES / 1024
        why = refused.get("reason") or refused["status"]
        streaming = [c for c in cells if c["impl"] in STREAMING and _size(c) == size and c["status"] == "ok"]
        text = (
            f"Out of core, {WORKLOAD} {format_params(_size_first(size))} (a {peak_memory.gib(file_kib)} file): "
            f"python.numpy, which loads the whole file, was {'refused' if refused['status'] == 'skipped' else refused['status']}"
            f" ({why}). " + ". ".join(_dask_sentence(c, file_kib) for c in dask) + "."
        )
        if streaming:
            text += " Beside it, streaming on one core: " + "; ".join(_beside(c) for c in streaming) + "."
        out.append(text)
    return out
