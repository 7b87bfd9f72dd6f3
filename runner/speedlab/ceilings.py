"""Machine ceilings: the most this machine can do, measured and derived.

Measured by build/bin/speedlab_ceilings as the best of several candidates,
each recorded with its figure: peak FP64 FLOP/s from FMA microkernels at every
vector width the CPU runs and a large OpenBLAS DGEMM; memory bandwidth from
STREAM triad and copy with ordinary and non-temporal stores; each at 1 thread
and at all. choose() picks the best and names it. speedlab_ceilings_cuda
measures the GPU (copy bandwidth, cuBLAS GEMM, host<->device transfers).
Beside the measurement the theoretical peak (cpu_peak.py) with its derivation.
Cached per machine in reports/machines/ (machine_cache.py) so runs do not
re-measure; every run copies the ceilings into its results.json.
"""

from __future__ import annotations

import datetime
import json
import math
import os
import sys
from pathlib import Path
from typing import Any, Callable

from speedlab import cpu_peak, machine_cache
from speedlab.process import run_process

# Version of the measuring method, in the cache key: a cache written by another method is never reused.
# 2: best of candidates (FMA at every width, DGEMM; triad/copy, ordinary/non-temporal stores).
METHOD_VERSION = 2
REMEASURE = "speedlab sysinfo --remeasure"
MEASURE_TIMEOUT_S = 300.0

# FP64 FLOPs per SM per cycle (FMA = 2), by compute capability: NVIDIA's
# arithmetic-throughput tables. Consumer parts run FP64 at 1/32 or 1/64 rate.
GPU_FP64_FLOPS_PER_SM_CYCLE = {"6.0": 64, "7.0": 64, "8.0": 64, "9.0": 128, "10.0": 128}
GPU_FP64_FLOPS_SLOW = 4  # 2 FP64 FMA units per SM on GeForce/workstation parts
# FP64 on the tensor cores (DMMA), per SM per cycle, where the data-centre parts have it: cuBLAS DGEMM
# runs there, so a peak without it reads ~2x "peak" for DGEMM. From NVIDIA's datasheets: A100 19.5
# TFLOP/s FP64 tensor against 9.7 vector; H100/H200 SXM 67 against 34; B200 40 for both.
GPU_FP64_TENSOR_FLOPS_PER_SM_CYCLE = {"8.0": 128, "9.0": 256, "10.0": 128}


def machine_key(machine: dict[str, Any]) -> str:
    """One cache entry per machine and build: see machine_cache.identity."""
    return machine_cache.key(machine, METHOD_VERSION)


def theoretical_cpu_peak(machine: dict[str, Any], measured: dict[str, Any]) -> dict[str, Any]:
    """cores x clock x FLOPs/cycle (cpu_peak.theoretical), with the vector width the ceilings binary was built for."""
    peak = cpu_peak.theoretical(machine.get("cpu", {}), measured.get("clock_ghz_measured"))
    peak["build_vector_bits"] = (measured.get("build") or {}).get("vector_bits", measured.get("vector_bits"))
    return peak


def theoretical_gpu_peak(gpu: dict[str, Any]) -> dict[str, Any] | None:
    """SMs x clock x FP64 FLOPs/cycle/SM: the larger of the vector units and, where the part has them, the
    FP64 tensor cores (the path cuBLAS DGEMM takes), both rates kept."""
    device = gpu.get("device")
    if not device:
        return None
    cc = device.get("compute_capability", "")
    vector_per_sm = GPU_FP64_FLOPS_PER_SM_CYCLE.get(cc, GPU_FP64_FLOPS_SLOW)
    tensor_per_sm = GPU_FP64_TENSOR_FLOPS_PER_SM_CYCLE.get(cc)
    ghz = device.get("sm_clock_mhz", 0) / 1000.0
    sms = device.get("multiprocessors", 0)
    vector = sms * ghz * vector_per_sm
    tensor = sms * ghz * tensor_per_sm if tensor_per_sm else None
    per_sm = max(vector_per_sm, tensor_per_sm or 0)
    peak = sms * ghz * per_sm
    if tensor_per_sm:
        units = (
            f"{per_sm} FP64 FLOP/cycle/SM (tensor cores {tensor_per_sm}, vector units {vector_per_sm}: "
            f"{vector:,.0f} GFLOP/s without the tensor cores)"
        )
    else:
        units = f"{per_sm} FP64 FLOP/cycle/SM (vector units; no FP64 tensor cores)"
    return {
        "fp64_gflops": peak,
        "fp64_vector_gflops": vector,
        "fp64_tensor_gflops": tensor,
        "derivation": f"{sms} SMs x {ghz:.2f} GHz x {units} (compute capability {cc}) = {peak:,.0f} GFLOP/s",
        "bandwidth_gbps": device.get("theoretical_bandwidth_gbps"),
    }


class CeilingsError(RuntimeError):
    """speedlab_ceilings printed something the runner cannot use."""


def choose(entries: list[dict[str, Any]], unit: str) -> list[dict[str, Any]]:
    """Per thread count, the best candidate becomes the ceiling: entry[unit] is its figure, entry["best"] its
    name. Candidates without a finite positive figure are kept (they are recorded) but cannot win."""
    out = []
    for entry in entries:
        candidates = entry.get("candidates") or []
        usable = [
            c for c in candidates if isinstance(c.get(unit), (int, float)) and math.isfinite(c[unit]) and c[unit] > 0
        ]
        if not usable:
            raise CeilingsError(
                f"no usable {unit} candidate at {entry.get('threads')} thread(s): {[c.get('name') for c in candidates]}"
            )
        best = max(usable, key=lambda c: c[unit])
        out.append({**entry, unit: best[unit], "best": best["name"], "best_method": best.get("method", best["name"])})
    return out


def merge_best(earlier: dict[str, Any] | None, later: dict[str, Any]) -> dict[str, Any]:
    """Two measurements of one machine's CPU ceilings as one: each candidate's best figure over both, the
    ceilings chosen again. A shared machine's speed drifts by tens of percent from minute to minute, so one
    measurement can land in a slow spell and a kernel measured later in a fast one beats it; the best any
    trial has seen is the ceiling (a ceiling is an upper bound: a lower figure than one already measured is
    never the machine's). "trials" counts the measurements merged."""
    if not earlier or earlier.get("method_version") != later.get("method_version"):
        return {**later, "trials": later.get("trials", 1)}
    merged = dict(later)
    for section, unit in (("compute", "gflops"), ("bandwidth", "gbps")):
        before = {entry["threads"]: entry for entry in earlier.get(section) or []}
        entries = []
        for entry in later.get(section) or []:
            old = {c["name"]: c for c in (before.get(entry["threads"]) or {}).get("candidates") or []}
            candidates = []
            for candidate in entry.get("candidates") or []:
                previous = old.get(candidate["name"])
                better = previous and _figure(previous, unit) > _figure(candidate, unit)
                candidates.append(previous if better else candidate)
            entries.append({**entry, "candidates": candidates})
        merged[section] = choose(entries, unit)
    merged["trials"] = earlier.get("trials", 1) + later.get("trials", 1)
    return merged


def _figure(candidate: dict[str, Any], unit: str) -> float:
    value = candidate.get(unit)
    return value if isinstance(value, (int, float)) and math.isfinite(value) else -math.inf


def parse_cpu(text: str) -> dict[str, Any]:
    """speedlab_ceilings' JSON, with the best candidate of each thread count chosen and named."""
    try:
        cpu = json.loads(text)
    except ValueError as error:
        raise CeilingsError(f"speedlab_ceilings printed no JSON ({error})") from None
    if not isinstance(cpu, dict) or cpu.get("method_version") != METHOD_VERSION:
        raise CeilingsError(
            f"speedlab_ceilings speaks method version {cpu.get('method_version') if isinstance(cpu, dict) else '?'}, "
            f"the runner {METHOD_VERSION}: rebuild (make build)"
        )
    cpu["compute"] = choose(cpu.get("compute") or [], "gflops")
    cpu["bandwidth"] = choose(cpu.get("bandwidth") or [], "gbps")
    return cpu


def measure(
    build_dir: Path, machine: dict[str, Any], seconds: float = 0.5, array_mib: int | None = None
) -> dict[str, Any]:
    """Runs the ceiling binaries; raises RuntimeError saying what is missing."""
    binary = build_dir / "bin" / "speedlab_ceilings"
    if not binary.exists():
        raise RuntimeError(f"{binary} is not built: run 'make build'")
    command = [str(binary), "--seconds", str(seconds)]
    if array_mib:
        command += ["--array-mib", str(array_mib)]
    result = run_process(command, MEASURE_TIMEOUT_S)
    if result.returncode != 0:
        raise RuntimeError(f"speedlab_ceilings {result.describe_exit()}: {result.stderr_tail(3)}")
    cpu = parse_cpu(result.stdout)
    out: dict[str, Any] = {
        "method_version": METHOD_VERSION,
        "cpu": cpu,
        "cpu_theoretical": theoretical_cpu_peak(machine, cpu),
    }
    gpu_binary = build_dir / "bin" / "speedlab_ceilings_cuda"
    if gpu_binary.exists():
        gpu_result = run_process([str(gpu_binary)], MEASURE_TIMEOUT_S)
        try:
            out["gpu"] = json.loads(gpu_result.stdout)
        except ValueError:
            out["gpu"] = {"present": False, "reason": f"speedlab_ceilings_cuda {gpu_result.describe_exit()}"}
        theory = theoretical_gpu_peak(out["gpu"])
        if theory:
            out["gpu_theoretical"] = theory
    else:
        out["gpu"] = {"present": False, "reason": "the CUDA ceilings are not built (no nvcc at configure time)"}
    return out


def cache_path(results_root: Path, machine: dict[str, Any]) -> Path:
    return results_root / "machines" / f"{machine_key(machine)}.json"


def _warn_stderr(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)


def load_or_measure(
    results_root: Path,
    build_dir: Path,
    machine: dict[str, Any],
    remeasure: bool = False,
    allow_measure: bool = True,
    warn: Callable[[str], None] = _warn_stderr,
    **measure_options: Any,
) -> dict[str, Any] | None:
    """The cached ceilings of this machine and build, else measured (and cached if measured alone)."""
    path = cache_path(results_root, machine)
    cached = read_cache(path)
    if cached is not None and not remeasure:
        cached["cached_from"] = str(path)
        return cached
    if not allow_measure:
        return None
    return measure_and_cache(path, build_dir, machine, cached, warn, **measure_options)


def read_cache(path: Path) -> dict[str, Any] | None:
    """The cached ceilings at `path` if they were measured by this method, else None."""
    try:
        cached = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    return cached if isinstance(cached, dict) and cached.get("method_version") == METHOD_VERSION else None


def measure_and_cache(
    path: Path,
    build_dir: Path,
    machine: dict[str, Any],
    earlier: dict[str, Any] | None,
    warn: Callable[[str], None] = _warn_stderr,
    **measure_options: Any,
) -> dict[str, Any]:
    """Measures the ceilings once more, merged with `earlier` (the best of every trial: merge_best), and
    caches the result when it was measured alone."""
    with machine_cache.measuring_lock(path.parent) as alone:
        fresh = measure(build_dir, machine, **measure_options)
        fresh["measured_utc"] = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
        fresh["load_average_before"] = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
        ceilings = dict(fresh)
        ceilings["cpu"] = merge_best((earlier or {}).get("cpu"), fresh["cpu"])
        if earlier:
            ceilings["first_measured_utc"] = earlier.get("first_measured_utc", earlier.get("measured_utc"))
        if alone():
            machine_cache.write_atomically(path, ceilings)
        else:
            ceilings["contended"] = (
                f"another process measured ceilings at the same time (lock "
                f"{path.parent / machine_cache.LOCK_NAME}): these figures may be low, and were "
                f"not cached; re-measure alone with `{REMEASURE}`"
            )
            warn(ceilings["contended"])
    return ceilings


def _pick(entries: list[dict[str, Any]], threads: int) -> dict[str, Any] | None:
    """The entry for the closest measured thread count not above `threads` (else the smallest)."""
    usable = [e for e in entries if e["threads"] <= threads] or sorted(entries, key=lambda e: e["threads"])[:1]
    return max(usable, key=lambda e: e["threads"]) if usable else None


def ceiling_entries(ceilings: dict[str, Any] | None) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(compute, bandwidth) entries with "threads", "gflops" / "gbps" and, when known, "best": the current
    format, or the method-1 one (one FMA kernel, triad with ordinary stores) of older results files."""
    cpu = (ceilings or {}).get("cpu") or {}
    if "compute" in cpu or "bandwidth" in cpu:
        return cpu.get("compute") or [], cpu.get("bandwidth") or []
    compute = [{"threads": e["threads"], "gflops": e["gflops"], "best": "fma"} for e in cpu.get("fma", [])]
    bandwidth = [{"threads": e["threads"], "gbps": e["triad_gbps"], "best": "triad"} for e in cpu.get("stream", [])]
    return compute, bandwidth


def peaks(ceilings: dict[str, Any] | None, threads: int) -> tuple[float | None, float | None]:
    """Measured peak GFLOP/s and GB/s for `threads` (the closest measured count not above it)."""
    if not ceilings:
        return None, None
    compute, bandwidth = ceiling_entries(ceilings)
    flop_entry, byte_entry = _pick(compute, threads), _pick(bandwidth, threads)
    return (flop_entry["gflops"] if flop_entry else None), (byte_entry["gbps"] if byte_entry else None)


def _candidates_text(entry: dict[str, Any], unit: str) -> str:
    return ", ".join(
        f"{c['name']} {c[unit]:.1f}" if isinstance(c.get(unit), (int, float)) else f"{c['name']} —"
        for c in entry.get("candidates", [])
    )


def above_theory(compute: list[dict[str, Any]], theory: dict[str, Any]) -> str | None:
    """When a measured peak exceeds cores x clock x FLOP/cycle scaled to its threads, the clock reading was
    low (a VM's clock moves by a few percent from moment to moment): say so, with the clock it implies."""
    cores, clock, per_cycle = theory.get("cores"), theory.get("clock_ghz"), theory.get("flops_per_cycle")
    if not (cores and clock and per_cycle):
        return None
    for entry in compute:
        threads = min(entry["threads"], cores)
        bound = threads * clock * per_cycle
        if entry["gflops"] > bound:
            return (
                f"{entry['gflops']:.1f} GFLOP/s measured on {entry['threads']} thread(s) is "
                f"{entry['gflops'] / bound - 1:.1%} above {bound:.1f} from the {clock:.2f} GHz clock reading: "
                f"the cores ran at ≥ {entry['gflops'] / (threads * per_cycle):.2f} GHz then; the measured peak "
                f"is the ceiling, the theoretical one an estimate"
            )
    return None


def card(ceilings: dict[str, Any] | None) -> list[tuple[str, str]]:
    """Ceilings as (label, value) lines: each ceiling, the candidate that set it, and every candidate's figure."""
    if not ceilings:
        return [("Ceilings", "not measured (run `speedlab sysinfo --measure`)")]
    cpu = ceilings.get("cpu", {})
    theory = ceilings.get("cpu_theoretical", {})
    compute, bandwidth = ceiling_entries(ceilings)
    lines = []
    for entry in compute:
        how = (
            f"set by {entry['best']} ({entry.get('best_method', entry['best'])}); candidates: "
            f"{_candidates_text(entry, 'gflops')}"
            if entry.get("candidates")
            else f"FMA microkernel, {cpu.get('vector_bits')}-bit vectors (method 1: one candidate)"
        )
        lines.append((f"Peak FP64, {entry['threads']} thread(s)", f"{entry['gflops']:.1f} GFLOP/s measured, {how}"))
    if theory:
        lines.append(("Peak FP64, theoretical", theory["derivation"]))
        over = above_theory(compute, theory)
        if over:
            lines.append(("Peak FP64, check", over))
    array = f"{cpu.get('array_bytes', 0) / 2**20:.0f} MiB arrays"
    for entry in bandwidth:
        if entry.get("candidates"):
            how = (
                f"set by {entry['best']} ({entry.get('best_method', entry['best'])}); candidates: "
                f"{_candidates_text(entry, 'gbps')} (STREAM byte counts, as the workloads count bytes; {array})"
            )
        else:
            how = f"STREAM triad, ordinary stores (method 1; {array})"
        lines.append((f"Memory bandwidth, {entry['threads']} thread(s)", f"{entry['gbps']:.1f} GB/s measured, {how}"))
    when = ceilings.get("measured_utc")
    if ceilings.get("contended"):
        lines.append(("Ceilings measured", f"{when or '?'}: {ceilings['contended']}"))
    elif when:
        trials = cpu.get("trials", 1)
        since = ceilings.get("first_measured_utc")
        lines.append(
            (
                "Ceilings measured",
                f"{when}"
                + (f", best of {trials} trials since {since}" if trials > 1 and since else "")
                + (f" (cached in {ceilings['cached_from']})" if ceilings.get("cached_from") else ""),
            )
        )
    refreshed = ceilings.get("refreshed_after_run")
    if refreshed:
        lines.append(
            (
                "Ceilings re-measured",
                f"after the run, because {len(refreshed['cells_above_before'])} "
                f"cell(s) beat them; {len(refreshed['cells_above_after'])} still above",
            )
        )
    gpu = ceilings.get("gpu", {})
    if gpu.get("present") and gpu.get("device"):
        device = gpu["device"]
        lines.append(
            (
                "GPU",
                f"{device['name']}: {device['multiprocessors']} SMs, {device['sm_clock_mhz']:.0f} MHz, "
                f"{device['memory_bytes'] / 2**30:.0f} GiB, {device['theoretical_bandwidth_gbps']:.0f} GB/s "
                f"theoretical",
            )
        )
        lines.append(
            (
                "GPU measured",
                f"copy {gpu.get('d2d_copy_gbps', 0):.0f} GB/s, DGEMM {gpu.get('dgemm_gflops', 0):,.0f} "
                f"GFLOP/s, SGEMM {gpu.get('sgemm_gflops', 0):,.0f} GFLOP/s",
            )
        )
        theory_gpu = ceilings.get("gpu_theoretical")
        if theory_gpu:
            lines.append(("GPU FP64, theoretical", theory_gpu["derivation"]))
        for t in gpu.get("transfer", [])[-1:]:
            lines.append(
                (
                    "Host↔device",
                    f"{t['bytes'] / 2**20:.0f} MiB: H2D pinned {t['h2d_pinned_gbps']:.1f}, "
                    f"pageable {t['h2d_pageable_gbps']:.1f}; D2H pinned {t['d2h_pinned_gbps']:.1f}, "
                    f"pageable {t['d2h_pageable_gbps']:.1f} GB/s",
                )
            )
    else:
        lines.append(("GPU ceilings", gpu.get("reason", "no GPU")))
    return lines
