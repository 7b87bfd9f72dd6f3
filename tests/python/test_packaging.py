"""The project as Python users install it: pyproject.toml against requirements.txt (the pins), the packages
it lists, the `speedlab` command of `pip install -e .`, and the references apart from every impl."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from conftest import REPO_ROOT
from speedlab.manifest import load_manifest
from speedlab.reference_import import moved_name, reference_module

PYPROJECT = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())
REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9_.-]+)\s*(==|>=)\s*([0-9][0-9.]*)\s*(?:;\s*(.*?))?\s*$")


def parse(line: str, operator: str) -> tuple[str, tuple[int, ...], str]:
    """(normalized name, version, marker) of `name==1.2.3; marker` or `name>=1.2; marker`."""
    match = REQUIREMENT.match(line)
    assert match and match[2] == operator, f"'{line}': expected name{operator}VERSION[; marker]"
    return re.sub(r"[-_.]+", "-", match[1]).lower(), tuple(int(p) for p in match[3].split(".")), match[4] or ""


def pins() -> dict[str, tuple[tuple[int, ...], str]]:
    lines = (line.split("#", 1)[0] for line in (REPO_ROOT / "requirements.txt").read_text().splitlines())
    entries = [parse(line, "==") for line in lines if line.strip()]
    return {name: (version, marker) for name, version, marker in entries}


def ranges() -> dict[str, tuple[tuple[int, ...], str]]:
    project = PYPROJECT["project"]
    lines = [*project["dependencies"], *(line for group in project["optional-dependencies"].values() for line in group)]
    return {name: (version, marker) for name, version, marker in (parse(line, ">=") for line in lines)}


def test_pyproject_names_what_requirements_pins_and_every_pin_satisfies_it():
    pinned, wanted = pins(), ranges()
    assert set(pinned) == set(wanted), (
        "requirements.txt and pyproject.toml (dependencies and optional-dependencies) must name the same packages"
    )
    for name, (lowest, marker) in wanted.items():
        version, pinned_marker = pinned[name]
        assert version >= lowest, f"{name}: requirements.txt pins {version}, below pyproject.toml's >= {lowest}"
        assert " ".join(marker.split()) == " ".join(pinned_marker.split()), f"{name}: the environment markers differ"


def test_the_runtime_dependencies_are_not_left_optional():
    runtime = {parse(line, ">=")[0] for line in PYPROJECT["project"]["dependencies"]}
    assert {"numpy", "click", "rich", "matplotlib", "jinja2", "scipy", "threadpoolctl"} <= runtime


def test_the_version_is_cmakes():
    version = re.search(r"project\(speedlab VERSION ([0-9.]+)", (REPO_ROOT / "CMakeLists.txt").read_text())[1]
    assert PYPROJECT["project"]["version"] == version


def test_every_package_is_listed():
    """A new subpackage not in [tool.setuptools] packages would be missing from every install."""
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    roots = {
        "speedlab": REPO_ROOT / "runner" / "speedlab",
        "python_baselines": REPO_ROOT / "python_baselines",
        "references": REPO_ROOT / "references",
    }
    found = {name for name in roots}
    for name, root in roots.items():
        found.update(
            f"{name}.{'.'.join(init.parent.relative_to(root).parts)}"
            for init in root.rglob("__init__.py")
            if init.parent != root
        )
    assert found == listed


def test_pip_install_e_gives_the_speedlab_command():
    command = Path(sys.executable).parent / "speedlab"
    assert command.exists(), f"{command} is missing: run '{sys.executable} -m pip install -e {REPO_ROOT}'"
    done = subprocess.run([str(command), "--help"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "Usage: speedlab" in done.stdout, done.stderr


def test_the_launcher_runs_the_installed_command():
    done = subprocess.run([str(REPO_ROOT / "speedlab"), "list"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "leibniz_pi" in done.stdout


def test_the_launcher_refuses_an_environment_installed_from_another_checkout(tmp_path):
    """A .venv shared between checkouts runs the one installed last: the launcher says so instead."""
    (tmp_path / "speedlab").write_bytes((REPO_ROOT / "speedlab").read_bytes())
    (tmp_path / "speedlab").chmod(0o755)
    (tmp_path / ".venv").symlink_to(Path(sys.executable).parents[1])
    done = subprocess.run([str(tmp_path / "speedlab"), "list"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "not this checkout's" in done.stderr and f"pip install -e {tmp_path}" in done.stderr


# ----------------------------------------------------------------- the references


def test_every_workload_names_its_reference_in_references():
    """A workload whose reference still lives beside its impls (python_baselines.workloads.X) fails here:
    move the function to references/X.py and name it "references.X:reference" in the manifest."""
    for workload in load_manifest().workloads.values():
        assert workload.reference_path.startswith("references."), f"{workload.source}: {workload.reference_path}"


def test_judging_imports_no_impl():
    """Loading every workload's reference, as the runner does, imports nothing of python_baselines."""
    code = (
        "import sys; from speedlab.manifest import load_manifest\n"
        "for w in load_manifest().workloads.values(): w.reference({**w.defaults, **w.sizes['smoke'][0]})\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'python_baselines'))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, cwd="/")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_a_manifest_from_before_the_move_still_loads_its_reference(tmp_path):
    assert moved_name("python_baselines.workloads.matmul") == "references.matmul"
    assert moved_name("references.matmul") == "references.matmul"
    # A name with no moved counterpart is imported as written.
    assert moved_name("python_baselines.workloads.not_moved") == "python_baselines.workloads.not_moved"
    module = reference_module("python_baselines.workloads.fib", tmp_path)
    assert module.__name__ == "references.fib" and module.reference({"n": 20}) == {"checksum": 6765.0}


@pytest.mark.parametrize("name", ["prng", "checksums", "exact"])
def test_the_harness_re_exports_the_shared_definitions(name):
    """python_baselines.prng etc. are the references' own functions, not copies."""
    import importlib

    shared, harness = importlib.import_module(f"references.{name}"), importlib.import_module(f"python_baselines.{name}")
    public = [attr for attr in vars(harness) if not attr.startswith("_") and callable(getattr(harness, attr))]
    assert public and all(getattr(harness, attr) is getattr(shared, attr) for attr in public)
