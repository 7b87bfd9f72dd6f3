"""fib: fib(n) in exact integers (impls: python_baselines/workloads/fib.py)."""

from __future__ import annotations


def reference(params: dict[str, int]) -> dict[str, float]:
    """fib(n) by iteration, in exact integers."""
    previous, current = 0, 1
    for _ in range(params["n"]):
        previous, current = current, previous + current
    return {"checksum": float(previous)}
