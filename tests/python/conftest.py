"""Shared fixtures: where the build is, and how to call the runner and harnesses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
FAKE_MANIFEST = REPO_ROOT / "tests" / "fixtures" / "manifest"
BUILD_DIR = Path(os.environ.get("SPEEDLAB_BUILD_DIR", REPO_ROOT / "build"))


def _installed_from_this_checkout() -> None:
    """The packages come from the environment (pip install -e ., done by docker/install-deps.sh), not from a
    path set here: one installed from another checkout would test that checkout's code, so say so and stop."""
    import importlib.util

    for package, source in (
        ("speedlab", REPO_ROOT / "runner" / "speedlab"),
        ("python_baselines", REPO_ROOT / "python_baselines"),
        ("references", REPO_ROOT / "references"),
    ):
        spec = importlib.util.find_spec(package)
        found = Path(spec.origin).parent if spec and spec.origin else None
        if found != source:
            pytest.exit(
                f"{package} is imported from {found or 'nowhere'}, not from this checkout ({source}): run "
                f"'{sys.executable} -m pip install -e {REPO_ROOT}' (docker/install-deps.sh does it)",
                returncode=2,
            )


_installed_from_this_checkout()


def env() -> dict[str, str]:
    out = dict(os.environ)
    out["SPEEDLAB_BUILD_DIR"] = str(BUILD_DIR)
    return out


def native_module():
    """speedlab_native as the Python harness finds it (python_baselines/optional.py); a skip where not built."""
    from python_baselines import optional
    from python_baselines.registry import SkipBenchmark

    try:
        return optional.native()
    except SkipBenchmark as reason:
        pytest.skip(str(reason))


def speedlab(*args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    """Runs the speedlab CLI as a user would, returning its exit status and output."""
    return subprocess.run(
        [sys.executable, "-m", "speedlab", *args],
        capture_output=True,
        text=True,
        env=env(),
        cwd=REPO_ROOT,
        timeout=timeout,
    )


def load_latest(results_dir: Path) -> dict:
    return json.loads((results_dir / "latest" / "results.json").read_text())


@pytest.fixture
def results_dir(tmp_path: Path) -> Path:
    return tmp_path / "reports"


def require_build(path: Path) -> Path:
    """Inside ctest the build exists; a bare `pytest` without a build skips with the reason."""
    if not path.exists():
        if "SPEEDLAB_BUILD_DIR" in os.environ:
            pytest.fail(f"{path} is missing: the build is incomplete")
        pytest.skip(f"{path} not built: run 'make build' (or run the tests through 'make test')")
    return path


# HTML void elements: never closed, so never pushed on the nesting stack.
VOID = {"meta", "br", "hr", "img", "input", "link", "col", "area", "base", "embed", "source", "track", "wbr"}


class NestingChecker(HTMLParser):
    """Fails on a closing tag that does not match the open one; SVG's self-closed tags are fine."""

    def __init__(self):
        super().__init__()
        self.stack, self.errors, self.tags = [], [], set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.add(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else 'nothing'}>")
        else:
            self.stack.pop()
