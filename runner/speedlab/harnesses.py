"""Discovering what each harness can run, and building its command lines."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from speedlab import layout
from speedlab.manifest import HarnessSpec, Manifest
from speedlab.process import run_process

REPO_ROOT = layout.ROOT  # the repository, or an install's share/speedlab (speedlab/layout.py)
RESULTS_DIR = layout.RESULTS_DIR
LIST_TIMEOUT_S = 60.0


def default_build_dir() -> Path:
    return Path(os.environ.get("SPEEDLAB_BUILD_DIR", layout.BUILD_DIR)).resolve()


def venv_python() -> str:
    candidate = REPO_ROOT / ".venv" / "bin" / "python"
    return str(candidate) if candidate.exists() else sys.executable


@dataclass
class HarnessStatus:
    """What one harness said about itself (or why it could not be asked)."""

    name: str
    command: list[str]
    usable: bool  # the harness can run impls on this machine
    reason: str = ""  # why not, when not usable
    impls: set[tuple[str, str]] = field(default_factory=set)  # (workload, impl) it implements
    context: dict[str, Any] = field(default_factory=dict)


class Harnesses:
    """The harnesses of a manifest, resolved against a build directory."""

    def __init__(self, manifest: Manifest, build_dir: Path, data_dir: Path | None = None):
        self.manifest = manifest
        self.build_dir = build_dir
        # Where workloads keep generated input files (e.g. chunked_reduction's on-disk array)
        # for the duration of a run; the runner deletes it afterwards.
        self.data_dir = data_dir
        self._status: dict[str, HarnessStatus] = {}

    def _expand(self, text: str) -> str:
        return text.format(
            build=self.build_dir,
            root=REPO_ROOT,
            python=venv_python(),
            manifest=self.manifest.directory,
            packages=layout.PACKAGES_DIR,
        )

    @property
    def spawner(self) -> Path:
        """The launcher that lets a harness's peak memory be its own (runner/speedlab/process.py)."""
        return self.build_dir / "bin" / "speedlab_spawn"

    def command(self, harness: str) -> list[str]:
        return [self._expand(part) for part in self.manifest.harnesses[harness].command]

    def environment(self, threads: int) -> dict[str, str]:
        """The child's environment: thread counts pinned for every threading runtime."""
        env = dict(os.environ)
        for var in (
            "OMP_NUM_THREADS",
            "OPENBLAS_NUM_THREADS",
            "MKL_NUM_THREADS",
            "BLIS_NUM_THREADS",
            "NUMEXPR_NUM_THREADS",
            "VECLIB_MAXIMUM_THREADS",
        ):
            env[var] = str(threads)
        # The Python harness imports its packages from the environment (pip install -e ., or an install's own
        # environment); this says where the build is, for the pybind11 module (python_baselines/optional.py).
        env["SPEEDLAB_BUILD_DIR"] = str(self.build_dir)
        env["PYTHONUNBUFFERED"] = "1"
        if self.data_dir is not None:
            env["SPEEDLAB_DATA_DIR"] = str(self.data_dir)
        return env

    def status(self, harness: str) -> HarnessStatus:
        if harness not in self._status:
            self._status[harness] = self._discover(self.manifest.harnesses[harness])
        return self._status[harness]

    def _discover(self, spec: HarnessSpec) -> HarnessStatus:
        command = self.command(spec.name)
        required = self._expand(spec.requires) if spec.requires else ""
        if required and not Path(required).exists():
            return HarnessStatus(spec.name, command, False, self._expand(spec.missing))
        result = run_process(command + ["--list"], LIST_TIMEOUT_S, env=self.environment(1), cwd=REPO_ROOT)
        if result.returncode != 0:
            detail = result.stderr_tail(3) or result.describe_exit()
            return HarnessStatus(
                spec.name, command, False, f"'{' '.join(command)} --list' {result.describe_exit()}: {detail}"
            )
        try:
            listing = json.loads(result.stdout)
            impls = {(item["workload"], item["impl"]) for item in listing["implementations"]}
        except (ValueError, KeyError, TypeError):
            return HarnessStatus(spec.name, command, False, f"'{' '.join(command)} --list' printed no usable listing")
        available = bool(listing.get("available", True))
        return HarnessStatus(
            spec.name, command, available, listing.get("unavailable_reason", ""), impls, listing.get("context", {})
        )

    def all_statuses(self) -> dict[str, HarnessStatus]:
        return {name: self.status(name) for name in self.manifest.harnesses}
