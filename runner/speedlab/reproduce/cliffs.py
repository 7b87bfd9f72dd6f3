"""Cache cliffs: where a workload's time per unit of work jumps, so a time cannot be extrapolated across them.

A workload file may name its cliffs (benchmarks/workloads/NAME.toml, `[cliffs]`):

    [cliffs]
    impls = ["cpp.naive", "java.loops"]   # the impls whose cost has the cliffs
    power_of_two = true                    # a power-of-two size (>= min_power_of_two) aliases cache sets
    min_power_of_two = 256
    bytes = "8 * n * n"                    # the working set that meets the machine's L2 and last-level cache
    why = "..."

An extrapolation from a basis is trusted only when the basis is on the same side of every cliff as the target:
both powers of two or neither, and each working set on the same side of each cache size of the machine that
measured them. The runner's manifest loader ignores the table; only reproduce reads it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from speedlab.harnesses import REPO_ROOT

WORKLOADS_DIR = REPO_ROOT / "benchmarks" / "workloads"


@dataclass(frozen=True)
class Cliffs:
    impls: tuple[str, ...] = ()
    power_of_two: bool = False
    min_power_of_two: int = 256
    bytes: str = ""
    why: str = ""
    size_param: str = "n"

    def applies_to(self, impl: str) -> bool:
        return impl in self.impls


@lru_cache(maxsize=None)
def cliffs_of(workload: str, directory: Path = WORKLOADS_DIR) -> Cliffs:
    path = directory / f"{workload}.toml"
    if not path.exists():
        return Cliffs()
    raw = tomllib.loads(path.read_text())
    table = raw.get("cliffs")
    if not table:
        return Cliffs()
    return Cliffs(
        impls=tuple(table.get("impls", ())),
        power_of_two=bool(table.get("power_of_two", False)),
        min_power_of_two=int(table.get("min_power_of_two", 256)),
        bytes=table.get("bytes", ""),
        why=table.get("why", ""),
        size_param=raw.get("size_param", "n"),
    )


def _is_power_of_two(value: int, minimum: int) -> bool:
    return value >= minimum and value & (value - 1) == 0


def _working_set(expression: str, params: dict[str, Any]) -> float:
    numbers = {k: v for k, v in params.items() if isinstance(v, (int, float))}
    return float(eval(expression, {"__builtins__": {}}, numbers))  # noqa: S307 - a manifest formula, as cost models


def crossing(cliffs: Cliffs, impl: str, target: dict[str, Any], basis: dict[str, Any], caches: dict[str, int]) -> str:
    """The cliff between basis and target ("" when they are on the same side of every one)."""
    if not cliffs.applies_to(impl):
        return ""
    size = cliffs.size_param
    if cliffs.power_of_two and size in target and size in basis:
        here = _is_power_of_two(int(target[size]), cliffs.min_power_of_two)
        there = _is_power_of_two(int(basis[size]), cliffs.min_power_of_two)
        if here != there:
            return (
                f"{size} = {basis[size]} is {'' if there else 'not '}a power of two and {size} = {target[size]} "
                f"is {'' if here else 'not '}(the power-of-two cache-set cliff)"
            )
    if cliffs.bytes:
        target_bytes, basis_bytes = _working_set(cliffs.bytes, target), _working_set(cliffs.bytes, basis)
        for name, capacity in caches.items():
            if capacity and (target_bytes > capacity) != (basis_bytes > capacity):
                return (
                    f"the working set {cliffs.bytes} is {basis_bytes / 2**20:,.1f} MiB at {size} = {basis[size]} "
                    f"and {target_bytes / 2**20:,.1f} MiB at {size} = {target[size]}: the {name} "
                    f"({capacity / 2**20:,.1f} MiB) lies between"
                )
    return ""


def machine_caches(document: dict[str, Any]) -> dict[str, int]:
    cpu = (document.get("machine") or {}).get("cpu") or {}
    return {"L2": int(cpu.get("l2_bytes") or 0), "last-level cache": int(cpu.get("last_level_cache_bytes") or 0)}
