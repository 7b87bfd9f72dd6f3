"""The machine a run measured: CPU, caches, memory, GPU, compilers, libraries.

Every fact is best effort: a missing tool is recorded as such ("not found"),
never an exception, because a table without its machine is not worth keeping
but a machine without nvidia-smi is perfectly normal.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

from speedlab import cpu_peak, dask_cluster, hardware

# SIMD and related flags worth showing on a machine card (from /proc/cpuinfo).
SIMD_FLAGS = [
    "sse2",
    "sse4_2",
    "avx",
    "avx2",
    "fma",
    "avx512f",
    "avx512dq",
    "avx512bw",
    "avx512vl",
    "avx512_vnni",
    "avx512_bf16",
    "avx512_fp16",
    "amx_tile",
    "amx_bf16",
    "neon",
    "asimd",
    "sve",
]


def _run(command: list[str], timeout: float = 10.0) -> str | None:
    """First stdout+stderr of a command, or None when it is not there or fails."""
    if shutil.which(command[0]) is None:
        return None
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except (OSError, subprocess.TimeoutExpired):
        return None
    text = (done.stdout or "") + (done.stderr or "")
    return text.strip() if done.returncode == 0 else None


def _read(path: str) -> str | None:
    try:
        return Path(path).read_text().strip()
    except OSError:
        return None


def cpu_facts(facts: hardware.Facts | None = None) -> dict[str, Any]:
    """The CPU as the hardware module reads it (sysfs, /proc/cpuinfo; sysconf only where sysfs is silent)."""
    facts = facts or hardware.read()
    cpu = facts.identity
    info: dict[str, Any] = {
        "architecture": cpu.architecture,
        "model": cpu.model_name,
        "vendor": cpu.vendor,
        "family": cpu.family,
        "model_number": cpu.model,
        "stepping": cpu.stepping,
        "arm_implementer": cpu.arm_implementer,
        "arm_part": cpu.arm_part,
    }
    info["simd"] = [flag for flag in SIMD_FLAGS if flag in cpu.flags]
    info["flags_digest"] = hashlib.sha256(" ".join(sorted(cpu.flags)).encode()).hexdigest()[:16]
    info["hypervisor"] = "hypervisor" in cpu.flags
    info["logical_cpus"] = facts.logical_cpus
    info["usable_cpus"] = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else facts.logical_cpus
    info["physical_cores"] = facts.physical_cores
    info["mhz_reported"] = cpu.mhz_reported
    info["mhz_max"] = facts.mhz_max
    info["caches"] = [
        {"level": c.level, "type": c.type, "size": c.size, "shared_cpu_list": c.shared_cpu_list} for c in facts.caches
    ]
    info["l1d_bytes"], info["l2_bytes"] = facts.l1d_bytes, facts.l2_bytes
    info["last_level_cache_bytes"] = facts.last_level_bytes
    info["last_level_cache_instances"] = facts.last_level_instances
    info["cache_source"], info["cpu_source"] = facts.cache_source, facts.cpu_source
    info["vector_widths_bits"] = facts.vector_widths_bits
    return info


def memory_facts(proc: Path | None = None) -> dict[str, Any]:
    meminfo = _read(str(hardware.proc_root(proc) / "meminfo")) or ""
    match = re.search(r"MemTotal:\s+(\d+) kB", meminfo)
    return {"total_bytes": int(match.group(1)) * 1024 if match else None}


def gpu_facts() -> dict[str, Any]:
    query = _run(["nvidia-smi", "--query-gpu=name,driver_version,memory.total,clocks.max.sm", "--format=csv,noheader"])
    if query is None:
        reason = "nvidia-smi not found" if shutil.which("nvidia-smi") is None else "nvidia-smi found no usable GPU"
        return {"present": False, "reason": reason}
    gpus = []
    for line in query.splitlines():
        parts = [part.strip() for part in line.split(",")]
        if len(parts) == 4:
            gpus.append({"name": parts[0], "driver": parts[1], "memory": parts[2], "max_sm_clock": parts[3]})
    return {"present": bool(gpus), "devices": gpus}


def _first_line(text: str | None) -> str:
    return text.splitlines()[0] if text else "not found"


def toolchain_facts(build_dir: Path | None) -> dict[str, Any]:
    nvcc = _run(["nvcc", "--version"])
    facts: dict[str, Any] = {
        "cxx": _first_line(_run(["c++", "--version"])),
        "nvcc": nvcc.splitlines()[-1] if nvcc else "not found",
        "java": _first_line(_run(["java", "-version"])),
        "javac": _first_line(_run(["javac", "-version"])),
        "cmake": _first_line(_run(["cmake", "--version"])),
    }
    if build_dir is not None:
        build_info = build_dir / "speedlab_build_info.json"
        try:
            facts["build"] = json.loads(build_info.read_text())
        except (OSError, ValueError):
            facts["build"] = {"error": f"{build_info} not found: the build was not configured"}
    return facts


def java_simd_facts() -> dict[str, Any]:
    """What HotSpot's JIT may use on this CPU: UseAVX (0-3: none, AVX, AVX2, AVX-512), UseFMA, MaxVectorSize."""
    text = _run(["java", "-XX:+PrintFlagsFinal", "-version"], timeout=20)
    if text is None:
        return {}
    flags = {}
    for name in ("UseAVX", "UseSSE", "UseFMA", "MaxVectorSize", "UseSuperWord"):
        match = re.search(rf"\b{name}\s+=\s+(\S+)", text)
        if match:
            flags[name] = match.group(1)
    return flags


def numpy_simd_facts() -> dict[str, Any]:
    """NumPy's own SIMD dispatch (what np.show_runtime prints): the baseline it was compiled for, the targets
    it can dispatch to, and those this CPU has -- the instruction set NumPy's loops actually use."""
    try:
        try:
            from numpy._core._multiarray_umath import __cpu_baseline__, __cpu_dispatch__, __cpu_features__
        except ImportError:  # NumPy 1.x
            from numpy.core._multiarray_umath import __cpu_baseline__, __cpu_dispatch__, __cpu_features__
    except Exception as error:  # noqa: BLE001 - best effort
        return {"error": str(error)}
    found = [name for name in __cpu_dispatch__ if __cpu_features__.get(name)]
    return {
        "baseline": list(__cpu_baseline__),
        "dispatch_targets": list(__cpu_dispatch__),
        "found": found,
        "not_found": [name for name in __cpu_dispatch__ if name not in found],
    }


def python_facts() -> dict[str, Any]:
    facts: dict[str, Any] = {
        "version": platform.python_version(),
        "implementation": platform.python_implementation(),
        "executable": sys.executable,
    }
    try:
        import numpy

        facts["numpy"] = numpy.__version__
        from threadpoolctl import threadpool_info

        facts["numpy_blas"] = [
            {k: info.get(k) for k in ("internal_api", "version", "num_threads", "architecture", "filepath")}
            for info in threadpool_info()
            if info.get("user_api") == "blas"
        ]
        facts["numpy_simd"] = numpy_simd_facts()
    except Exception as error:  # noqa: BLE001 - best effort
        facts["numpy_error"] = str(error)
    return facts


def collect(build_dir: Path | None = None, harness_contexts: dict[str, Any] | None = None) -> dict[str, Any]:
    """All machine facts for a results file."""
    uname = platform.uname()
    facts = {
        "host": socket.gethostname(),
        "os": f"{uname.system} {uname.release}",
        "platform": platform.platform(),
        "cpu": cpu_facts(),
        "memory": memory_facts(),
        "gpu": gpu_facts(),
        "toolchain": toolchain_facts(build_dir),
        "python": python_facts(),
        "java_simd": java_simd_facts(),
    }
    if harness_contexts:
        facts["harnesses"] = harness_contexts
    cluster = dask_cluster.describe_cluster()  # the cluster of --dask-scheduler, when one is given
    if cluster:
        facts["dask_cluster"] = cluster
    return facts


def card(machine: dict[str, Any]) -> list[tuple[str, str]]:
    """The machine as (label, value) lines for tables and reports."""
    cpu = machine.get("cpu", {})
    mem = machine.get("memory", {}).get("total_bytes")
    gpu = machine.get("gpu", {})
    tool = machine.get("toolchain", {})
    build = tool.get("build", {})
    py = machine.get("python", {})
    harnesses = machine.get("harnesses", {})
    cpp = harnesses.get("cpp", {})
    java = harnesses.get("java", {})
    caches = ", ".join(
        f"L{c['level']}{'' if c['type'] == 'Unified' else c['type'][0].lower()} {c['size']}"
        for c in cpu.get("caches", [])
    )
    if cpu.get("cache_source") == "sysconf":  # sysfs had none: say where the figures came from
        caches = (
            f"L1d {cpu.get('l1d_bytes') or 0:,} B, L2 {cpu.get('l2_bytes') or 0:,} B, last level "
            f"{cpu.get('last_level_cache_bytes') or 0:,} B (sysconf: sysfs lists no caches)"
        )
    if gpu.get("present"):
        gpu_text = "; ".join(f"{d['name']} ({d['memory']}, driver {d['driver']})" for d in gpu.get("devices", []))
    else:
        gpu_text = f"none ({gpu.get('reason', 'not found')})"
    numpy_blas = py.get("numpy_blas") or []
    numpy_blas_text = (
        ", ".join(
            f"{b.get('internal_api')} {b.get('version')} ({b.get('architecture')}, {b.get('num_threads')} threads)"
            for b in numpy_blas
        )
        or "unknown"
    )
    lines = [
        ("Host", f"{machine.get('host', '?')} ({machine.get('os', '?')})"),
        (
            "CPU",
            f"{cpu.get('model', '?')}, {cpu.get('physical_cores') or '?'} cores / "
            f"{cpu.get('logical_cpus', '?')} threads" + (" (virtual machine)" if cpu.get("hypervisor") else ""),
        ),
        ("SIMD", " ".join(cpu.get("simd", [])) or "unknown"),
        ("Caches", caches or "unknown"),
        ("Memory", f"{mem / 2**30:.1f} GiB" if mem else "unknown"),
        ("GPU", gpu_text),
        ("C++", f"{build.get('cxx_compiler', tool.get('cxx', '?'))}, flags `{build.get('cxx_flags', '?')}`"),
        ("C++ target", build_target_text(cpu, build)),
        ("C++ BLAS", f"{cpp.get('blas', 'unknown')}"),
        (
            "CUDA",
            f"{tool.get('nvcc', 'not found')}"
            + (f", archs {build.get('cuda_architectures')}" if build.get("cuda") else ", not built"),
        ),
        (
            "Java",
            java.get("java_vm")
            and f"{java.get('java_vm')} ({java.get('java_version')})"
            or tool.get("java", "not found"),
        ),
        ("Python", f"{py.get('implementation', '?')} {py.get('version', '?')}, NumPy {py.get('numpy', '?')}"),
        ("NumPy BLAS", numpy_blas_text),
    ]
    lines += isa_lines(machine)
    if machine.get("dask_cluster"):
        lines.append(("Dask cluster", dask_cluster.card_text(machine["dask_cluster"])))
    return lines


def build_target_text(cpu: dict[str, Any], build: dict[str, Any]) -> str:
    """What the compiler really targeted: -march=native on a CPU the compiler does not know resolves to an older
    core's tuning plus feature flags (GCC 12 on Zen 4: znver3 with AVX-512), and the kernels' vector width."""
    march, mtune, bits = build.get("march_resolved"), build.get("mtune_resolved"), build.get("kernel_vector_bits")
    if not march and not bits:
        return "unknown (a build from before speedlab recorded it: reconfigure with cmake)"
    flags = build.get("cpu_flags") or build.get("cxx_flags") or "?"
    text = f"`{flags}` resolved to -march={march or '?'} -mtune={mtune or '?'}"
    expected = cpu_peak.core_of(cpu).march if cpu.get("vendor") in ("AuthenticAMD", "GenuineIntel") else None
    if "native" in flags and expected and march and march != expected and march != "unknown":
        text += (
            f" ({build.get('cxx_compiler', 'the compiler')} does not know this CPU ({expected}): "
            f"it tuned for {mtune or march})"
        )
    if bits:
        text += f"; kernels built for {bits}-bit vectors"
    return text


def isa_lines(machine: dict[str, Any]) -> list[tuple[str, str]]:
    """Which instruction set each layer used: the C++ builds, OpenBLAS's and NumPy's run-time dispatch, the JIT."""
    cpp = machine.get("harnesses", {}).get("cpp", {})
    py = machine.get("python", {})
    out = []
    builds = [(key[len("isa_build_") :], value) for key, value in sorted(cpp.items()) if key.startswith("isa_build_")]
    if builds:
        out.append(("C++ ISA builds", "; ".join(f"{name}: {text}" for name, text in builds)))
    dispatched = []
    if cpp.get("blas_core"):
        dispatched.append(f"C++ (system OpenBLAS) {cpp['blas_core']} kernels")
    for blas in py.get("numpy_blas") or []:
        if blas.get("architecture"):
            dispatched.append(
                f"NumPy ({blas.get('internal_api')} {blas.get('version')}) {blas['architecture']} kernels"
            )
    if dispatched:
        out.append(("BLAS dispatched to", "; ".join(dispatched) + " (chosen at run time for this CPU)"))
    simd = py.get("numpy_simd") or {}
    if simd.get("found") is not None:
        out.append(
            (
                "NumPy SIMD",
                f"compiled for {' '.join(simd.get('baseline', [])) or 'none'}; dispatches to "
                f"{' '.join(simd['found']) or 'nothing more'} on this CPU"
                + (f" (not: {' '.join(simd['not_found'])})" if simd.get("not_found") else ""),
            )
        )
    java = machine.get("java_simd") or {}
    if java.get("UseAVX") is not None:
        level = {"0": "SSE only", "1": "AVX", "2": "AVX2", "3": "AVX-512"}.get(java["UseAVX"], java["UseAVX"])
        out.append(
            (
                "Java JIT SIMD",
                f"UseAVX={java['UseAVX']} ({level}), UseFMA={java.get('UseFMA', '?')}, "
                f"MaxVectorSize={java.get('MaxVectorSize', '?')} bytes",
            )
        )
    return out
