"""Hardware facts for the runner, from one place.

Cache sizes and CPU counts come from sysfs (the kernel's view of the cache
topology it was given), sysconf only where sysfs says nothing: inside a VM
glibc's sysconf derives the L3 from CPUID, which may describe the host's whole
L3 (320 MiB in a 2-vCPU VM whose sysfs said 32 MiB). The CPU's identity
(vendor, family, model, flags) comes from /proc/cpuinfo. The machine card
(sysinfo.py) and the ceilings (ceilings.py, cpu_peak.py) read them here; the
C++ side has the same module (benchmarks/harness/hardware.cpp).

SPEEDLAB_SYSFS_ROOT (default /sys) and SPEEDLAB_PROC_ROOT (default /proc) point
it at other trees: the tests build fake ones.
"""

from __future__ import annotations

import functools
import os
import platform
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

Sysconf = Callable[[str], "int | None"]

_UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}


@dataclass(frozen=True)
class Cache:
    level: int
    type: str  # Data, Instruction, Unified
    bytes: int
    size: str  # as sysfs writes it ("32K")
    shared_cpu_list: str | None
    sharing_cpus: int


@dataclass(frozen=True)
class Identity:
    """What /proc/cpuinfo says the CPU is."""

    architecture: str
    vendor: str  # AuthenticAMD, GenuineIntel; "unknown" on ARM
    model_name: str
    family: int | None  # x86 "cpu family"
    model: int | None  # x86 "model" (a number, not the name)
    stepping: int | None
    arm_implementer: int | None  # ARM "CPU implementer" (0x41 = Arm Ltd.)
    arm_part: int | None  # ARM "CPU part" (0xd0c = Neoverse N1)
    flags: frozenset[str] = field(default_factory=frozenset)
    mhz_reported: float | None = None


@dataclass(frozen=True)
class Facts:
    identity: Identity
    caches: list[Cache]  # of the first online CPU
    l1d_bytes: int | None
    l2_bytes: int | None
    last_level_bytes: int | None  # one instance of the highest data/unified level
    last_level: int | None
    last_level_instances: int  # distinct instances over the online CPUs (one per CCX, per socket)
    last_level_sharing: int  # CPUs sharing one instance
    logical_cpus: int
    physical_cores: int | None
    cache_source: str  # sysfs, sysconf, unknown
    cpu_source: str  # sysfs, sysconf
    mhz_max: float | None
    vector_widths_bits: list[int]


def parse_size(text: str | None) -> int:
    """'32K', '1024K', '32M', '512' (bytes) -> bytes; 0 when malformed."""
    text = (text or "").strip()
    digits = text.rstrip("KMG")
    unit = text[len(digits) :]
    if not digits.isdigit() or unit not in _UNITS or int(digits) <= 0:
        return 0
    return int(digits) * _UNITS[unit]


def cpus_of(text: str | None) -> list[int]:
    """sysfs CPU-list syntax ('0-3,8,10-11') -> the CPUs; [] for an empty or malformed list."""
    out: list[int] = []
    for item in (text or "").strip().split(","):
        match = re.fullmatch(r"(\d+)(?:-(\d+))?", item)
        if not match:
            return []
        low, high = int(match.group(1)), int(match.group(2) or match.group(1))
        if high < low:
            return []
        out += range(low, high + 1)
    return out


def _read(path: Path) -> str | None:
    try:
        return path.read_text().strip()
    except OSError:
        return None


def _int(text: str | None, base: int = 10) -> int | None:
    try:
        return int(text, base) if text is not None else None
    except ValueError:
        return None


@functools.lru_cache(maxsize=None)
def _getconf(name: str) -> int | None:
    try:
        done = subprocess.run(["getconf", name], capture_output=True, text=True, timeout=5)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return _int(done.stdout.strip()) if done.returncode == 0 else None


def system_sysconf(name: str) -> int | None:
    """sysconf(name) ('LEVEL3_CACHE_SIZE', 'NPROCESSORS_ONLN'): os.sysconf where Python has it, else getconf."""
    try:
        value = os.sysconf(f"SC_{name}")
    except (ValueError, OSError):
        value = _getconf(name)
    return value if value and value > 0 else None


def identity(proc_root: Path) -> Identity:
    fields: dict[str, str] = {}
    for line in (_read(proc_root / "cpuinfo") or "").splitlines():
        key, _, value = line.partition(":")
        fields.setdefault(key.strip(), value.strip())
    mhz = fields.get("cpu MHz")
    return Identity(
        architecture=(
            "aarch64" if "CPU implementer" in fields else "x86_64" if "vendor_id" in fields else platform.machine()
        ),
        vendor=fields.get("vendor_id", "unknown"),
        model_name=fields.get("model name") or fields.get("Model") or platform.processor() or "unknown",
        family=_int(fields.get("cpu family")),
        model=_int(fields.get("model")),
        stepping=_int(fields.get("stepping")),
        arm_implementer=_int(fields.get("CPU implementer"), 0),
        arm_part=_int(fields.get("CPU part"), 0),
        flags=frozenset((fields.get("flags") or fields.get("Features") or "").split()),
        mhz_reported=float(mhz) if mhz else None,
    )


def vector_widths(cpu: Identity) -> list[int]:
    """The vector widths (bits) this CPU executes: 128 on x86-64 (SSE2) and ARM (NEON), 256 with AVX, 512 with
    AVX-512F. (SVE's length is not read: NEON's 128 is the width speedlab's kernels use on ARM.)"""
    widths = [128]
    if "avx" in cpu.flags:
        widths.append(256)
    if "avx512f" in cpu.flags:
        widths.append(512)
    return widths


def _caches(cpu_dir: Path) -> list[Cache]:
    out = []
    for index in sorted(cpu_dir.glob("cache/index*"), key=lambda p: _int(p.name[5:]) or 0):
        level, size = _int(_read(index / "level")), _read(index / "size")
        if not level or not parse_size(size):
            continue
        shared = _read(index / "shared_cpu_list")
        out.append(
            Cache(
                level,
                _read(index / "type") or "Unified",
                parse_size(size),
                size or "",
                shared,
                max(1, len(cpus_of(shared))),
            )
        )
    return out


def _last_level(caches: list[Cache]) -> Cache | None:
    data = [c for c in caches if c.type != "Instruction"]
    return max(data, key=lambda c: c.level) if data else None


def sysfs_root(root: Path | str | None = None) -> Path:
    return Path(root or os.environ.get("SPEEDLAB_SYSFS_ROOT") or "/sys")


def proc_root(root: Path | str | None = None) -> Path:
    return Path(root or os.environ.get("SPEEDLAB_PROC_ROOT") or "/proc")


def read(sysfs: Path | str | None = None, proc: Path | str | None = None, sysconf: Sysconf = system_sysconf) -> Facts:
    """This machine's facts (or a fake tree's: the roots and sysconf are parameters for the tests)."""
    cpu_root = sysfs_root(sysfs) / "devices" / "system" / "cpu"
    cpu = identity(proc_root(proc))
    online = cpus_of(_read(cpu_root / "online"))
    cpu_source = "sysfs"
    if not online:
        cpu_source = "sysconf"
        online = list(range(sysconf("NPROCESSORS_ONLN") or os.cpu_count() or 1))
    cores = set()
    for number in online:
        topology = cpu_root / f"cpu{number}" / "topology"
        core = _int(_read(topology / "core_id"))
        if core is not None:
            cores.add((_int(_read(topology / "physical_package_id")), core))
    caches = _caches(cpu_root / f"cpu{online[0]}")
    last = _last_level(caches)
    l1d = next((c.bytes for c in caches if c.level == 1 and c.type != "Instruction"), None)
    l2 = next((c.bytes for c in caches if c.level == 2 and c.type != "Instruction"), None)
    if last is not None:
        cache_source = "sysfs"
        instances = {(_last_level(_caches(cpu_root / f"cpu{n}")) or last).shared_cpu_list for n in online}
        llc, llc_level, llc_instances, llc_sharing = last.bytes, last.level, max(1, len(instances)), last.sharing_cpus
    else:
        l1d, l2, l3 = (sysconf(name) for name in ("LEVEL1_DCACHE_SIZE", "LEVEL2_CACHE_SIZE", "LEVEL3_CACHE_SIZE"))
        cache_source = "sysconf" if (l1d or l2 or l3) else "unknown"
        llc, llc_level = (l3, 3) if l3 else (l2, 2 if l2 else None)
        llc_instances, llc_sharing = 1, len(online)
    max_khz = _int(_read(cpu_root / "cpu0" / "cpufreq" / "cpuinfo_max_freq"))
    return Facts(
        identity=cpu,
        caches=caches,
        l1d_bytes=l1d,
        l2_bytes=l2,
        last_level_bytes=llc,
        last_level=llc_level,
        last_level_instances=llc_instances,
        last_level_sharing=llc_sharing,
        logical_cpus=len(online),
        physical_cores=len(cores) or None,
        cache_source=cache_source,
        cpu_source=cpu_source,
        mhz_max=max_khz / 1000 if max_khz else None,
        vector_widths_bits=vector_widths(cpu),
    )
