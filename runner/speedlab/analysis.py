"""What the raw numbers mean: roofline position, noise, cold vs warm.

Pure functions over a results document, so the report and its tests share them.

Roofline (Williams, Waterman, Patterson 2009): at arithmetic intensity
I = FLOPs / bytes, a machine can reach at most min(peak FLOP/s, I x peak
bandwidth). A cell's *share* is its achieved GFLOP/s over that bound; with no
byte count (pure arithmetic) the bound is the FLOP peak, with no FLOP count
(data movement only) it is the bandwidth. Ceilings are this machine's measured
ones, for the thread count the cell used. A cell above its bound is flagged
above_ceiling: the measured ceiling is too low (re-measure), never a share
over 100%. A workload is classified
compute-bound or memory-bound by where its intensity falls against the
measured ridge point (peak FLOP/s / peak bandwidth, all threads).
"""

from __future__ import annotations

import math
from typing import Any

from speedlab.ceilings import peaks

# pyperf warns when the standard deviation exceeds 10% of the mean; so does speedlab.
NOISE_CV_THRESHOLD = 0.10
NOISE_ADVICE = (
    "spread over 10% of the mean: close other programs, plug in the power, and rerun with more "
    "repetitions (e.g. -r 20) or a longer --min-time"
)
BUSY_ADVICE = (
    "close other programs and rerun; CPU steal comes from a VM's neighbours: rerun at a quieter time, "
    "on a dedicated host, or with --processes 3 so the rounds spread over more time"
)


def cell_seconds(cell: dict[str, Any]) -> tuple[float | None, bool]:
    """The time to compare (median, or the extrapolation) and whether it is extrapolated. A time that cannot be
    true (not positive, not finite: results written before timings were checked) is no time at all."""
    if cell["status"] == "ok":
        seconds, approximate = (cell.get("summary") or {}).get("median_s"), False
    elif cell["status"] == "extrapolated":
        seconds, approximate = (cell.get("extrapolated") or {}).get("median_s"), True
    else:
        return None, False
    if not isinstance(seconds, (int, float)) or not math.isfinite(seconds) or seconds <= 0:
        return None, False
    return seconds, approximate


def is_noisy(cell: dict[str, Any]) -> bool:
    """A spread too wide to trust, or every process measured while the machine was busy (load.py)."""
    return wide_spread(cell) or busy_machine(cell) is not None


def wide_spread(cell: dict[str, Any]) -> bool:
    summary = cell.get("summary")
    return bool(
        cell["status"] == "ok"
        and summary
        and summary.get("repetitions", 0) > 1
        and summary.get("cv", 0.0) > NOISE_CV_THRESHOLD
    )


def noise_notes(cell: dict[str, Any]) -> list[str]:
    """What the report says of a noisy cell: why, and what to do."""
    notes = [NOISE_ADVICE] if wide_spread(cell) else []
    busy = busy_machine(cell)
    if busy:
        notes.append(f"{busy}: {BUSY_ADVICE}")
    return notes


def busy_machine(cell: dict[str, Any]) -> str | None:
    """Why every process of an ok cell ran on a busy machine (CPU steal, other processes), or None."""
    noise = cell.get("noise")
    if cell["status"] != "ok" or not noise or noise["noisy_processes"] < noise["processes"]:
        return None
    return f"measured while {noise['reason']} (all {noise['processes']} process(es))"


FP64 = "float64"


def precision_of(cell: dict[str, Any]) -> str:
    """The cell's floating-point precision: its dtype choice, else its workload's (record "precision"),
    float64 where neither says (the default)."""
    return str((cell.get("params") or {}).get("dtype") or cell.get("precision") or FP64)


def roofline(cell: dict[str, Any], ceilings: dict[str, Any] | None) -> dict[str, Any] | None:
    """Intensity, the bound at that intensity, the share reached and the limiting roof."""
    throughput = cell.get("throughput") or {}
    seconds, _ = cell_seconds(cell)
    if (
        seconds is None or cell.get("language") == "cuda" or cell.get("tier") == "gpu"
    ):  # GPU cells sit under the GPU's roofs, not the CPU's
        return None
    peak_gflops, peak_gbps = peaks(ceilings, cell.get("threads", 1))
    if peak_gflops is None or peak_gbps is None:
        return None
    flops, nbytes = throughput.get("flops"), throughput.get("bytes")
    if not flops and not nbytes:
        return None
    if flops and nbytes:
        intensity = flops / nbytes
        bound = min(peak_gflops, intensity * peak_gbps)
        limited_by = "compute" if peak_gflops <= intensity * peak_gbps else "memory"
        achieved = flops / seconds / 1e9
    elif flops:
        intensity, bound, limited_by, achieved = math.inf, peak_gflops, "compute", flops / seconds / 1e9
    else:
        # Data movement only: the share of the bandwidth roof, in GB/s.
        intensity, bound, limited_by, achieved = 0.0, peak_gbps, "memory", nbytes / seconds / 1e9
    share = achieved / bound if bound else None
    # A memory-bound cell whose data fits in the last-level cache streams from the cache, not from DRAM: the
    # DRAM roof is not its ceiling (it may well run at twice it), and this machine's cache bandwidth is not
    # measured. Such a cell gets no share rather than one judged against the wrong roof.
    in_cache = limited_by == "memory" and fits_in_cache(cell, ceilings)
    if in_cache:
        share = None
    # The measured FLOP peak is FP64's. A cell in another precision (float32 runs twice the lanes per FMA;
    # bf16 has its own dot-product units) has no measured compute roof: it gets no share rather than one of
    # the FP64 peak (which float32 GEMMs beat 1.7x). Its bytes still meet the same bandwidth roof.
    other_precision = limited_by == "compute" and precision_of(cell) != FP64
    if other_precision:
        share = None
    return {
        "intensity": intensity,
        "bound": bound,
        "bound_unit": "GB/s" if not flops else "GFLOP/s",
        "achieved": achieved,
        "share": share,
        "limited_by": limited_by,
        "in_cache": in_cache,
        "other_precision": precision_of(cell) if other_precision else None,
        "peak_gflops": peak_gflops,
        "peak_gbps": peak_gbps,
        # Above the roof: the ceiling is not this machine's (a new CPU, a turbo burst, a contended
        # measurement). Never shown as a share over 100%: re-measure the ceilings.
        "above_ceiling": share is not None and share > 1.0,
    }


def fits_in_cache(cell: dict[str, Any], ceilings: dict[str, Any] | None) -> bool:
    """The cell's working set (its predicted memory, else the bytes it moves per iteration) is no larger than
    the last-level cache the ceilings binary read from sysfs."""
    llc = ((ceilings or {}).get("cpu") or {}).get("last_level_cache_bytes")
    working_set = (cell.get("memory") or {}).get("predicted_bytes") or (cell.get("throughput") or {}).get("bytes")
    return bool(llc and working_set and working_set <= llc)


def classify(document: dict[str, Any], workload: str) -> dict[str, Any] | None:
    """compute-bound / memory-bound for a workload on this machine, from measured ceilings."""
    ceilings = document.get("ceilings")
    cells = [
        c
        for c in document["cells"]
        if c["workload"] == workload
        and c.get("throughput")
        and not any(isinstance(v, str) for v in c["params"].values())
    ]  # main cells: float64, main build
    if not ceilings or not cells:
        return None
    threads = max(c["threads"] for c in cells)
    peak_gflops, peak_gbps = peaks(ceilings, threads)
    if not peak_gflops or not peak_gbps:
        return None
    ridge = peak_gflops / peak_gbps
    largest = max(cells, key=lambda c: sorted(c["params"].values()))
    flops, nbytes = largest["throughput"].get("flops"), largest["throughput"].get("bytes")
    if not flops:
        if not nbytes:
            return {"class": "neither", "why": "no FLOP or byte count (integer or control-flow work)"}
        return {"class": "memory-bound", "why": "moves data without floating-point work"}
    if not nbytes:
        return {
            "class": "compute-bound",
            "intensity": math.inf,
            "ridge": ridge,
            "why": f"no memory traffic beyond registers and cache; bound by the {peak_gflops:.0f} GFLOP/s peak",
        }
    intensity = flops / nbytes
    kind = "compute-bound" if intensity >= ridge else "memory-bound"
    return {
        "class": kind,
        "intensity": intensity,
        "ridge": ridge,
        "why": f"intensity {intensity:.3g} FLOP/byte {'≥' if kind == 'compute-bound' else '<'} this machine's "
        f"ridge point {ridge:.3g} FLOP/byte ({peak_gflops:.1f} GFLOP/s / {peak_gbps:.1f} GB/s measured)",
    }


def cold_vs_warm(cell: dict[str, Any]) -> dict[str, float] | None:
    """Whole-process time for one run vs the warm in-process time.

    startup = process wall time - the single run's own time (interpreter or
    JVM start, module loading, CUDA context, input generation);
    first_run_penalty = that single cold run - the warm median (JIT compiling,
    cold caches, lazy initialization).
    """
    cold = cell.get("cold")
    if cell["status"] != "ok" or not cold or cold.get("wall_s") is None:
        return None
    warm = cell["summary"]["median_s"]
    first = cold.get("first_run_s")
    out = {"warm_s": warm, "cold_s": cold["wall_s"]}
    if first is not None:
        out["first_run_s"] = first
        out["startup_s"] = max(cold["wall_s"] - first, 0.0)
        out["first_run_penalty_s"] = first - warm
    return out
