"""docker/install-deps.sh probes each Debian package for itself, and the probes cover what CMake requires.

The failure this guards against: on a machine with the reference BLAS headers (libblas-dev ships a
cblas.h), a probe that looked for any cblas.h said OpenBLAS was there, nothing was installed, and CMake's
pkg_check_modules(openblas) stopped the build. The probes now ask the finder the build uses.
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
from pathlib import Path

import pytest

from conftest import REPO_ROOT

INSTALL_DEPS = REPO_ROOT / "docker" / "install-deps.sh"

# Every REQUIRED dependency of the CMake build, and the Debian package whose probe covers it. A new
# find_package/pkg_check_modules without an entry here fails test_every_cmake_requirement_has_a_probe:
# add the package to install-deps.sh and to this table.
CMAKE_TO_DEBIAN = {
    "Threads": "g++",  # libc's pthreads come with the compiler's libc6-dev
    "OpenMP": "g++",  # libgomp comes with g++
    "benchmark": "libbenchmark-dev",
    "Eigen3": "libeigen3-dev",
    "nlohmann_json": "nlohmann-json3-dev",
    "PkgConfig": "pkg-config",
    "pkg:openblas": "libopenblas-dev",
    "Catch2": "catch2",
    "Python": "python3-dev",
    "Java": "openjdk-17-jdk-headless",
    "pybind11": None,  # PyPI, from requirements.txt into .venv
    "CUDAToolkit": None,  # optional: only inside if(CMAKE_CUDA_COMPILER)
}


def cmake_requirements() -> set[str]:
    names: set[str] = set()
    for path in [REPO_ROOT / "CMakeLists.txt", *REPO_ROOT.glob("tests/**/CMakeLists.txt")]:
        text = path.read_text()
        names.update(re.findall(r"find_package\(\s*(\w+)[^)]*\bREQUIRED\b", text))
        for modules in re.findall(r"pkg_check_modules\(\s*\w+\s+REQUIRED\s+(?:IMPORTED_TARGET\s+)?([^)]*)\)", text):
            names.update(f"pkg:{module}" for module in modules.split())
    return names


def probes() -> dict[str, str]:
    text = INSTALL_DEPS.read_text()
    block = text[text.index("DEB_PACKAGES=(") :]
    block = block[: block.index("\n)\n")]
    return dict(re.findall(r'^\s*"([^|"]+)\|(.*)"\s*$', block, flags=re.MULTILINE))


def test_cmake_requirements_are_read():
    found = cmake_requirements()
    assert {"benchmark", "Eigen3", "nlohmann_json", "pkg:openblas", "Catch2", "Java", "Python"} <= found


def test_every_cmake_requirement_has_a_probe():
    unknown = cmake_requirements() - set(CMAKE_TO_DEBIAN)
    assert not unknown, f"CMake requires {sorted(unknown)}: add a probe to install-deps.sh and map it here"
    probed = probes()
    for requirement in cmake_requirements():
        package = CMAKE_TO_DEBIAN[requirement]
        if package is not None:
            assert package in probed, f"{requirement} needs the Debian package {package}, which has no probe"


def test_pkg_config_requirements_are_probed_with_pkg_config():
    probed = probes()
    for requirement in cmake_requirements():
        if requirement.startswith("pkg:"):
            module = requirement.removeprefix("pkg:")
            probe = probed[CMAKE_TO_DEBIAN[requirement]]
            assert f"pkg-config --exists {module}" in probe, probe


def test_no_probe_looks_for_a_header_another_package_ships():
    # cblas.h comes with libblas-dev, libopenblas-dev, libatlas-base-dev, intel-mkl ...
    for package, probe in probes().items():
        assert "cblas.h" not in probe, f"{package}: {probe}"


def _fake_tools(tmp_path: Path, missing_modules: set[str]) -> dict[str, str]:
    """A PATH whose pkg-config knows every module but `missing_modules` (the rest of PATH is real)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "pkg-config"
    missing = " ".join(sorted(missing_modules))
    fake.write_text(f'#!/bin/sh\nfor m in {missing}; do [ "$2" = "$m" ] && exit 1; done\nexit 0\n')
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    env = dict(os.environ)
    env["PATH"] = f"{bin_dir}{os.pathsep}{env['PATH']}"
    return env


def _list_missing(env: dict[str, str]) -> list[str]:
    result = subprocess.run(
        ["bash", str(INSTALL_DEPS), "--list-missing"], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_openblas_missing_is_found_even_beside_another_cblas_h(tmp_path):
    # Whatever this machine has (the CI machines have libblas-dev's cblas.h), a pkg-config that does not
    # know openblas must make the script install libopenblas-dev.
    assert "libopenblas-dev" in _list_missing(_fake_tools(tmp_path, {"openblas"}))


def test_present_packages_are_not_reinstalled(tmp_path):
    missing = _list_missing(_fake_tools(tmp_path, set()))
    for package in ("libopenblas-dev", "libeigen3-dev", "libbenchmark-dev", "nlohmann-json3-dev", "catch2"):
        assert package not in missing


@pytest.mark.parametrize(
    "module,package",
    [("eigen3", "libeigen3-dev"), ("benchmark", "libbenchmark-dev"), ("nlohmann_json", "nlohmann-json3-dev")],
)
def test_each_library_is_probed_for_itself(tmp_path, module, package):
    missing = _list_missing(_fake_tools(tmp_path, {module}))
    assert package in missing
    assert "libopenblas-dev" not in missing


def test_bad_option_exits_2():
    result = subprocess.run(["bash", str(INSTALL_DEPS), "--bogus"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "usage" in result.stderr
