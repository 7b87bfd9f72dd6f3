"""Judging a cell: its checksums against the workload's reference, its error bounds, its throughput.

Every repetition's checksum must agree with the reference within the manifest's tolerance; the worst one
decides, so a kernel that is right once and wrong the next time fails. No timing happens here.
"""

from __future__ import annotations

import math
from typing import Any

from speedlab import error_bounds, gbench, jsonio
from speedlab.manifest import Workload


def check_one(name: str, spec, values: list[float], expected: float | None) -> tuple[dict[str, Any], str]:
    """(the checksum's entry, the problem or "")."""
    if not values:
        return {"ok": False, "reference": expected}, f"the harness reported no '{name}' counter"
    worst = max(values, key=lambda v: math.inf if not math.isfinite(v) else abs(v - expected))
    error = abs(worst - expected)
    ok = math.isfinite(worst) and error <= spec.atol + spec.rtol * abs(expected)
    rel = error / abs(expected) if expected else error
    # NaN and infinities are recorded as null: results.json is strict JSON
    entry = {
        "ok": ok,
        "value": jsonio.finite(worst),
        "reference": expected,
        "rel_error": jsonio.finite(rel),
        "rtol": spec.rtol,
        "atol": spec.atol,
    }
    problem = (
        ""
        if ok
        else f"{name} = {worst!r}, reference {expected!r} (relative error {rel:.2e} > tolerance {spec.rtol:.0e})"
    )
    return entry, problem


def validate(
    workload: Workload, impl: str, params: dict[str, Any], parsed: gbench.Parsed, reference: dict[str, float]
) -> dict[str, Any]:
    """The validation entry of a record: every checksum and error bound at `params`."""
    checks: dict[str, Any] = {}
    problems: list[str] = []
    for name, spec in workload.checksum_specs(impl, params).items():
        checks[name], problem = check_one(name, spec, parsed.counter_values(name), reference.get(name))
        if problem:
            problems.append(problem)
    bounds = error_bounds.check(workload.bounds_at(params), parsed.counter_values, problems)
    return {
        "ok": not problems,
        "checksums": checks,
        **({"error_bounds": bounds} if bounds else {}),
        "reason": "; ".join(problems),
    }


def throughput(workload: Workload, params: dict[str, Any], seconds: float) -> dict[str, float | None]:
    """FLOPs and bytes of one iteration (the manifest's formulas) and the rates at `seconds` per iteration."""
    flops = workload.flops(params) if workload.flops else None
    nbytes = workload.bytes(params) if workload.bytes else None
    return {
        "flops": flops,
        "bytes": nbytes,
        "gflops": flops / seconds / 1e9 if flops and seconds > 0 else None,
        "gbps": nbytes / seconds / 1e9 if nbytes and seconds > 0 else None,
    }
