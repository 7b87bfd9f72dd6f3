"""Generated input files: where they live, and writing them once.

Workloads whose input is a file (chunked_reduction) generate it before timing
into $SPEEDLAB_DATA_DIR, which the runner sets to a per-run folder and deletes
after the run. Without it (a harness started by hand, the tests) the files go
to a private temporary folder removed when the process exits. Every harness
(C++ too: benchmarks/harness/registry.cpp) uses the same file names, so the
impls of one run share one file.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path
from typing import Callable, BinaryIO

_private_dir: list[Path] = []


def data_dir() -> Path:
    folder = os.environ.get("SPEEDLAB_DATA_DIR")
    if folder:
        return Path(folder)
    if not _private_dir:
        _private_dir.append(Path(tempfile.mkdtemp(prefix="speedlab-data-")))
        atexit.register(shutil.rmtree, _private_dir[0], True)
    return _private_dir[0]


def ensure_file(name: str, size_bytes: int, write: Callable[[BinaryIO], None]) -> Path:
    """data_dir()/name, written by `write` unless a file of `size_bytes` is already there. A new file is
    written under a temporary name, flushed to the disk (so its pages can later be dropped from the page
    cache) and renamed into place, so no process ever reads a half-written file."""
    folder = data_dir()
    path = folder / name
    if path.exists() and path.stat().st_size == size_bytes:
        return path
    folder.mkdir(parents=True, exist_ok=True)
    temporary = folder / f"{name}.tmp.{os.getpid()}"
    with open(temporary, "wb") as handle:
        write(handle)
        handle.flush()
        os.fsync(handle.fileno())
    if temporary.stat().st_size != size_bytes:
        raise RuntimeError(f"{temporary}: wrote {temporary.stat().st_size} bytes, expected {size_bytes}")
    os.replace(temporary, path)
    return path


def drop_from_page_cache(path: Path) -> None:
    """Asks the kernel to forget the file's cached pages (posix_fadvise DONTNEED): the next read
    comes from the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)
