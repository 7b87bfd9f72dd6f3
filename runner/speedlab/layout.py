"""Where speedlab's files are: in a checkout, or under an install prefix (cmake --install).

A checkout (pip install -e . points the environment at runner/speedlab): the manifest, the published
tables and the results are in the repository, the harnesses in its build directory.

An install (cmake --install build --prefix P) writes install_layout.json into this package, with the
places below relative to it, so the prefix can be moved:
    P/bin/speedlab                   the command (lib/speedlab/venv's Python, -m speedlab)
    P/lib/speedlab/                  the build directory's counterpart: bin/ (harnesses), java/, build facts
    P/lib/speedlab/python/           speedlab, python_baselines, references, speedlab_native
    P/share/speedlab/                the root's: benchmarks/ (the manifest), reports/published/
and results go to ./reports in the current directory (the prefix may not be writable).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
INSTALL_LAYOUT = PACKAGE_DIR / "install_layout.json"


def _installed() -> dict[str, Path] | None:
    if not INSTALL_LAYOUT.exists():
        return None
    places = json.loads(INSTALL_LAYOUT.read_text())
    return {name: (PACKAGE_DIR / relative).resolve() for name, relative in places.items()}


_INSTALLED = _installed()
INSTALLED = _INSTALLED is not None
# The repository (checkout) or P/share/speedlab (install): benchmarks/ and reports/published/ are under it.
ROOT = _INSTALLED["root"] if INSTALLED else PACKAGE_DIR.parents[1]
# What {build} means in the manifest unless --build-dir or SPEEDLAB_BUILD_DIR say otherwise.
BUILD_DIR = _INSTALLED["build"] if INSTALLED else ROOT / "build"
# The folder holding the python_baselines package: the manifest's {packages}.
PACKAGES_DIR = PACKAGE_DIR.parent if INSTALLED else ROOT
RESULTS_DIR = Path(os.getcwd()) / "reports" if INSTALLED else ROOT / "reports"
