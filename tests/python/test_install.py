"""cmake --install into a temporary prefix, then the smoke preset run by the installed command, from a folder
that is no checkout and with no build directory named: the prefix alone must hold what it needs."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from conftest import BUILD_DIR, load_latest, require_build

IMPLS = ("python.loops", "python.cpp_ext", "java.loops", "cpp.naive")  # one of each harness, and the pybind11 module


@pytest.fixture(scope="module")
def prefix(tmp_path_factory):
    require_build(BUILD_DIR / "bin" / "speedlab_cpp")
    cmake = shutil.which("cmake")
    if cmake is None:
        pytest.skip("cmake is not on PATH")
    prefix = tmp_path_factory.mktemp("install") / "prefix"
    done = subprocess.run(
        [cmake, "--install", str(BUILD_DIR), "--prefix", str(prefix)], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return prefix


def outside_env() -> dict[str, str]:
    """The environment of a user of the install: no build directory, no PYTHONPATH."""
    return {k: v for k, v in os.environ.items() if k not in ("SPEEDLAB_BUILD_DIR", "PYTHONPATH", "PYTHONHOME")}


def test_the_install_holds_the_harnesses_the_jar_and_the_packages(prefix):
    lib = prefix / "lib" / "speedlab"
    for path in [
        prefix / "bin" / "speedlab",
        lib / "bin" / "speedlab_cpp",
        lib / "bin" / "speedlab_spawn",
        lib / "java" / "speedlab.jar",
        lib / "speedlab_build_info.json",
        prefix / "share" / "speedlab" / "benchmarks" / "suite.toml",
    ]:
        assert path.exists(), path
    code = (
        "import json, speedlab, python_baselines, references, speedlab_native\n"
        "print(json.dumps([m.__file__ for m in (speedlab, python_baselines, references, speedlab_native)]))"
    )
    done = subprocess.run(
        [str(lib / "venv" / "bin" / "python"), "-P", "-c", code],
        capture_output=True,
        text=True,
        env=outside_env(),
        cwd=prefix,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    for path in json.loads(done.stdout):
        assert path.startswith(str(lib / "python")), path


def test_the_installed_command_runs_the_smoke_preset(prefix, tmp_path):
    results = tmp_path / "results"
    done = subprocess.run(
        [
            str(prefix / "bin" / "speedlab"),
            "run",
            "--preset",
            "smoke",
            "-w",
            "leibniz_pi",
            "-i",
            ",".join(IMPLS),
            "--no-ceilings",
            "--results-dir",
            str(results),
        ],
        capture_output=True,
        text=True,
        env=outside_env(),
        cwd=tmp_path,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    document = load_latest(results)
    cells = {c["impl"]: c for c in document["cells"]}
    for impl in IMPLS:
        assert cells[impl]["status"] == "ok", cells[impl]["reason"]
        assert cells[impl]["validation"]["ok"]
