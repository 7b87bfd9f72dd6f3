"""How much memory a harness could have had, and whether a SIGKILL looks like the out-of-memory killer.

The kernel's OOM killer ends a process with SIGKILL and no message of its own, so a harness it killed used
to read "crashed (SIGKILL): no error output". A SIGKILL whose peak memory came close to what the process
could have had is reported as "killed, probably out of memory (peak X of Y)", where Y is the lower of the
cgroup's memory limit (a container, a systemd slice) and MemAvailable from /proc/meminfo, read as the process
starts. "Probably": a `kill -9` of a big process reads the same, and the kernel keeps its verdict in logs a
runner cannot read.

SPEEDLAB_TEST_MEMORY_LIMIT_KIB (tests only) replaces the limit, so a test can fake an OOM kill without
exhausting the machine.
"""

from __future__ import annotations

import os
from pathlib import Path

NEAR_LIMIT = 0.8  # a peak this close to the limit makes the OOM killer the likely sender of a SIGKILL
TEST_LIMIT_VARIABLE = "SPEEDLAB_TEST_MEMORY_LIMIT_KIB"
CGROUP_ROOT = Path("/sys/fs/cgroup")
UNLIMITED_V1 = 1 << 60  # cgroup v1 writes "no limit" as a number near 2**63


def memory_limit() -> tuple[int, str] | None:
    """(KiB, what the figure is) that a process started now could use at most; None when unknown."""
    override = os.environ.get(TEST_LIMIT_VARIABLE)
    if override:
        return int(override), f"allowed by {TEST_LIMIT_VARIABLE}"
    candidates = []
    available = _meminfo_kib("MemAvailable")
    if available:
        candidates.append((available, "available"))
    cgroup = _cgroup_limit_kib()
    if cgroup:
        candidates.append((cgroup, "allowed by the cgroup"))
    return min(candidates) if candidates else None


def describe_oom(peak_kib: int, limit: tuple[int, str] | None) -> str | None:
    """The reason for a SIGKILLed harness whose peak neared the limit; None otherwise."""
    if not limit or peak_kib <= 0 or peak_kib < NEAR_LIMIT * limit[0]:
        return None
    return f"killed, probably out of memory (peak {format_kib(peak_kib)} of {format_kib(limit[0])} {limit[1]})"


def format_kib(kib: int) -> str:
    if kib >= 1 << 20:
        return f"{kib / (1 << 20):.1f} GiB"
    return f"{kib / 1024:.0f} MiB"


def _meminfo_kib(field: str, path: Path = Path("/proc/meminfo")) -> int | None:
    try:
        for line in path.read_text().splitlines():
            name, _, rest = line.partition(":")
            if name == field:
                return int(rest.split()[0])
    except (OSError, ValueError, IndexError):
        pass
    return None


def _cgroup_limit_kib(proc_cgroup: Path = Path("/proc/self/cgroup"), root: Path = CGROUP_ROOT) -> int | None:
    """The tightest memory limit of this process's cgroup and its ancestors (v2, or v1's memory controller)."""
    try:
        lines = proc_cgroup.read_text().splitlines()
    except OSError:
        return None
    limits = []
    for line in lines:
        _, controllers, path = (line.split(":", 2) + ["", ""])[:3]
        if controllers == "":  # v2: 0::/path
            base, name = root, "memory.max"
        elif "memory" in controllers.split(","):
            base, name = root / "memory", "memory.limit_in_bytes"
        else:
            continue
        folder = base / path.lstrip("/")
        while True:
            value = _read_number(folder / name)
            if value is not None and value < UNLIMITED_V1:
                limits.append(value // 1024)
            if folder == base or base not in folder.parents:
                break
            folder = folder.parent
    return min(limits) if limits else None


def _read_number(path: Path) -> int | None:
    try:
        text = path.read_text().strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None  # "max": no limit
