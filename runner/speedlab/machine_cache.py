"""The ceilings cache in reports/machines/: its key, its lock, its atomic writes.

The key is made of everything that changes the answer -- the CPU (vendor,
model, family/model/stepping, every cpuinfo flag), the CPUs this process may
use and the physical cores, the memory, the build (compiler, flags and what
-march resolved to) and the version of the measuring method -- so a VM of
another type, a resized VM or a new build never reuses another's ceilings.

Only a measurement that ran alone is cached. Whoever measures takes an
exclusive flock on machines/.ceilings.lock; a second process that finds it
held measures anyway (it needs figures) but does not write, and says so in
the lock file, so that the first one learns that its figures were contended
too and does not write either.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any, Callable, Iterator

LOCK_NAME = ".ceilings.lock"


def identity(machine: dict[str, Any], method_version: int) -> list[Any]:
    """What the cache key is made of (tests compare these)."""
    cpu = machine.get("cpu", {})
    build = machine.get("toolchain", {}).get("build", {})
    return [
        machine.get("host"),
        [cpu.get(k) for k in ("vendor", "model", "family", "model_number", "stepping", "arm_implementer", "arm_part")],
        cpu.get("flags_digest") or sorted(cpu.get("simd", [])),
        [cpu.get(k) for k in ("logical_cpus", "usable_cpus", "physical_cores")],
        machine.get("memory", {}).get("total_bytes"),
        [build.get(k) for k in ("cxx_compiler", "cxx_flags", "march_resolved", "mtune_resolved")],
        method_version,
    ]


def key(machine: dict[str, Any], method_version: int) -> str:
    text = json.dumps(identity(machine, method_version), sort_keys=True)
    host = re.sub(r"[^A-Za-z0-9_.-]", "_", str(machine.get("host", "host")))
    return f"{host}-{hashlib.sha256(text.encode()).hexdigest()[:12]}"


def write_atomically(path: Path, data: Any) -> None:
    """JSON to a temporary file beside `path`, then os.replace: a reader sees the old file or the new, whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, indent=1, allow_nan=False)  # strict JSON: a NaN is a bug, not a figure
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


@contextlib.contextmanager
def measuring_lock(directory: Path) -> Iterator[Callable[[], bool]]:
    """Yields alone(): true when nobody else measured while the lock was held (so the result may be cached)."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / LOCK_NAME
    with open(path, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.write(f"contended: pid {os.getpid()} measured while the lock was held\n")
            handle.flush()
            yield lambda: False
            return
        try:
            handle.write(f"measuring: pid {os.getpid()}\n")
            handle.flush()
            size = os.fstat(handle.fileno()).st_size
            yield lambda: os.stat(path).st_size == size
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
