"""Loading a workload's reference function from its manifest string, e.g. "references.matmul:reference".

The references live in their own package (references/), apart from every impl, so judging an impl never
imports the package that holds it. Manifests written before the move name the harness package instead
("python_baselines.workloads.matmul:reference"); such a name loads references.matmul when that module
exists, and only otherwise the module it names.
"""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path
from types import ModuleType

LEGACY_PREFIX = "python_baselines.workloads."


def moved_name(module_name: str) -> str:
    """The references module a pre-move name stands for, when there is one; else the name itself."""
    if not module_name.startswith(LEGACY_PREFIX):
        return module_name
    moved = "references." + module_name[len(LEGACY_PREFIX) :]
    try:
        return moved if importlib.util.find_spec(moved) is not None else module_name
    except ImportError:  # no references package at all
        return module_name


def reference_module(module_name: str, manifest_dir: Path) -> ModuleType:
    """A reference module: importable by name, or a .py file beside suite.toml."""
    module_name = moved_name(module_name)
    try:
        return importlib.import_module(module_name)
    except ImportError:
        path = manifest_dir / f"{module_name.replace('.', '/')}.py"
        if not path.exists():
            raise
        spec = importlib.util.spec_from_file_location(f"speedlab_manifest_{module_name}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
