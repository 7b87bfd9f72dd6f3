"""Machine ceilings: the most this machine can do, measured and derived.

Measured by build/bin/speedlab_ceilings (FMA-throughput peak, STREAM triad
and copy bandwidth, the core clock) and speedlab_ceilings_cuda (GPU copy
bandwidth, cuBLAS GEMM, host<->device transfers); beside the measurement the
theoretical double-precision peak, cores x clock x FLOPs per cycle, with the
derivation spelled out. Cached per machine in reports/machines/ so runs do not
re-measure; every run copies the ceilings into its results.json.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from pathlib import Path
from typing import Any

from speedlab.process import run_process

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
    """One cache entry per (host, CPU, core count, build flags)."""
    cpu = machine.get("cpu", {})
    build = machine.get("toolchain", {}).get("build", {})
    identity = json.dumps([machine.get("host"), cpu.get("model"), cpu.get("logical_cpus"), cpu.get("simd"),
                           build.get("cxx_flags")], sort_keys=True)
    host = re.sub(r"[^A-Za-z0-9_.-]", "_", str(machine.get("host", "host")))
    return f"{host}-{hashlib.sha256(identity.encode()).hexdigest()[:12]}"


def theoretical_cpu_peak(machine: dict[str, Any], measured: dict[str, Any]) -> dict[str, Any]:
    """cores x clock x FLOPs/cycle, and how each factor was obtained."""
    cpu = machine.get("cpu", {})
    simd = set(cpu.get("simd", []))
    cores = cpu.get("physical_cores") or cpu.get("usable_cpus") or cpu.get("logical_cpus") or 1
    clock = measured.get("clock_ghz_measured") or 0.0
    clock_source = "measured: dependent integer adds, one per cycle"
    if not clock:
        mhz = cpu.get("mhz_max") or cpu.get("mhz_reported")
        clock = (mhz or 0.0) / 1000.0
        clock_source = "reported by the OS" if mhz else "unknown"
    if "avx512f" in simd and cpu.get("vendor") != "AuthenticAMD":
        bits, isa = 512, "AVX-512"
    elif "avx512f" in simd:
        bits, isa = 256, "AVX-512 executed as 2x256-bit (AMD Zen 4)"
    elif "avx2" in simd or "avx" in simd:
        bits, isa = 256, "AVX2" if "avx2" in simd else "AVX"
    else:
        bits, isa = 128, "SSE2/NEON"
    lanes = bits // 64
    has_fma = "fma" in simd or "asimd" in simd or "neon" in simd
    units = 2  # two FMA (or add + mul) pipes: Intel since Haswell, AMD since Zen; an assumption, stated
    flops_per_cycle = lanes * 2 * units if has_fma else lanes * units
    peak = cores * clock * flops_per_cycle
    how = (f"{cores} cores x {clock:.2f} GHz ({clock_source}) x {flops_per_cycle} FLOP/cycle "
           f"({isa}: {lanes} doubles x {'2 (FMA)' if has_fma else '1'} x {units} units, assumed) "
           f"= {peak:.1f} GFLOP/s")
    return {"gflops": peak, "cores": cores, "clock_ghz": clock, "clock_source": clock_source,
            "flops_per_cycle": flops_per_cycle, "vector_bits": bits, "isa": isa, "derivation": how,
            "build_vector_bits": measured.get("vector_bits")}


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
        units = (f"{per_sm} FP64 FLOP/cycle/SM (tensor cores {tensor_per_sm}, vector units {vector_per_sm}: "
                 f"{vector:,.0f} GFLOP/s without the tensor cores)")
    else:
        units = f"{per_sm} FP64 FLOP/cycle/SM (vector units; no FP64 tensor cores)"
    return {"fp64_gflops": peak, "fp64_vector_gflops": vector, "fp64_tensor_gflops": tensor,
            "derivation": f"{sms} SMs x {ghz:.2f} GHz x {units} (compute capability {cc}) = {peak:,.0f} GFLOP/s",
            "bandwidth_gbps": device.get("theoretical_bandwidth_gbps")}


def measure(build_dir: Path, machine: dict[str, Any], seconds: float = 0.5,
            array_mib: int | None = None) -> dict[str, Any]:
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
    cpu = json.loads(result.stdout)
    out: dict[str, Any] = {"cpu": cpu, "cpu_theoretical": theoretical_cpu_peak(machine, cpu)}
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


def load_or_measure(results_root: Path, build_dir: Path, machine: dict[str, Any], remeasure: bool = False,
                    allow_measure: bool = True, **measure_options: Any) -> dict[str, Any] | None:
    path = cache_path(results_root, machine)
    if path.exists() and not remeasure:
        try:
            cached = json.loads(path.read_text())
            cached["cached_from"] = str(path)
            return cached
        except ValueError:
            pass
    if not allow_measure:
        return None
    ceilings = measure(build_dir, machine, **measure_options)
    ceilings["measured_utc"] = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(ceilings, indent=1))
    return ceilings


def peaks(ceilings: dict[str, Any] | None, threads: int) -> tuple[float | None, float | None]:
    """Measured peak GFLOP/s and triad GB/s for `threads` (the closest measured count not above it)."""
    if not ceilings:
        return None, None
    cpu = ceilings.get("cpu", {})

    def pick(entries: list[dict[str, Any]], key: str) -> float | None:
        usable = [e for e in entries if e["threads"] <= threads] or entries
        return max(usable, key=lambda e: e["threads"])[key] if usable else None

    return pick(cpu.get("fma", []), "gflops"), pick(cpu.get("stream", []), "triad_gbps")


def card(ceilings: dict[str, Any] | None) -> list[tuple[str, str]]:
    """Ceilings as (label, value) lines."""
    if not ceilings:
        return [("Ceilings", "not measured (run `speedlab sysinfo --measure`)")]
    cpu = ceilings.get("cpu", {})
    theory = ceilings.get("cpu_theoretical", {})
    lines = []
    for entry in cpu.get("fma", []):
        lines.append((f"Peak FP64, {entry['threads']} thread(s)", f"{entry['gflops']:.1f} GFLOP/s measured "
                                                                  f"(FMA microkernel, {cpu.get('vector_bits')}-bit vectors)"))
    if theory:
        lines.append(("Peak FP64, theoretical", theory["derivation"]))
    for entry in cpu.get("stream", []):
        lines.append((f"Memory bandwidth, {entry['threads']} thread(s)",
                      f"triad {entry['triad_gbps']:.1f} GB/s, copy {entry['copy_gbps']:.1f} GB/s "
                      f"({cpu.get('array_bytes', 0) / 2**20:.0f} MiB arrays)"))
    gpu = ceilings.get("gpu", {})
    if gpu.get("present") and gpu.get("device"):
        device = gpu["device"]
        lines.append(("GPU", f"{device['name']}: {device['multiprocessors']} SMs, {device['sm_clock_mhz']:.0f} MHz, "
                             f"{device['memory_bytes'] / 2**30:.0f} GiB, {device['theoretical_bandwidth_gbps']:.0f} GB/s "
                             f"theoretical"))
        lines.append(("GPU measured", f"copy {gpu.get('d2d_copy_gbps', 0):.0f} GB/s, DGEMM {gpu.get('dgemm_gflops', 0):,.0f} "
                                      f"GFLOP/s, SGEMM {gpu.get('sgemm_gflops', 0):,.0f} GFLOP/s"))
        theory_gpu = ceilings.get("gpu_theoretical")
        if theory_gpu:
            lines.append(("GPU FP64, theoretical", theory_gpu["derivation"]))
        for t in gpu.get("transfer", [])[-1:]:
            lines.append(("Host↔device", f"{t['bytes'] / 2**20:.0f} MiB: H2D pinned {t['h2d_pinned_gbps']:.1f}, "
                                         f"pageable {t['h2d_pageable_gbps']:.1f}; D2H pinned {t['d2h_pinned_gbps']:.1f}, "
                                         f"pageable {t['d2h_pageable_gbps']:.1f} GB/s"))
    else:
        lines.append(("GPU ceilings", gpu.get("reason", "no GPU")))
    return lines
