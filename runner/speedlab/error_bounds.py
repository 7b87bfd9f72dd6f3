"""Bounds on a reduced-precision cell's error counters, from a workload's [error_bounds] table.

    [error_bounds.dtype.float32]
    output_rel_error = 2e-7          # ||y - y64|| / ||y64|| against the float64 computation
    output_max_rel_error = 2e-7      # max |y - y64| / max |y64|: the worst element

A cell at that value of the choice parameter must report every bounded counter,
each at most its bound in every repetition; otherwise the runner fails it as
wrong_checksum with the reason. (A checksum of n^2 elements cannot tell one
wrong element from float32's own rounding; the worst-element counter can.)
"""

from __future__ import annotations

import math
from typing import Any

from speedlab import jsonio


def parse(
    raw: Any, where: str, choice_params: dict[str, Any], error: type[Exception] = ValueError
) -> dict[tuple[str, str], dict[str, float]]:
    """[error_bounds.PARAM.VALUE] tables of counter = bound (positive numbers): (PARAM, VALUE) -> bounds."""
    out: dict[tuple[str, str], dict[str, float]] = {}
    for param, per_value in (raw or {}).items():
        if param not in choice_params or not isinstance(per_value, dict):
            raise error(
                f"{where} [error_bounds]: '{param}' is not a choice parameter (write "
                f"[error_bounds.dtype.float32] with output_rel_error = BOUND)"
            )
        for value, bounds in per_value.items():
            if value not in choice_params[param].choices:
                raise error(
                    f"{where} [error_bounds.{param}]: {param} has no choice '{value}' "
                    f"(choices: {', '.join(choice_params[param].choices)})"
                )
            if not isinstance(bounds, dict) or not all(
                isinstance(b, (int, float)) and not isinstance(b, bool) and b > 0 for b in bounds.values()
            ):
                raise error(
                    f"{where} [error_bounds.{param}.{value}]: each entry is COUNTER = a positive "
                    f"number, e.g. output_rel_error = 2e-7"
                )
            out[(param, value)] = {counter: float(bound) for counter, bound in bounds.items()}
    return out


def applying(bounds: dict[tuple[str, str], dict[str, float]], params: dict[str, Any]) -> dict[str, tuple[str, float]]:
    """The bounds that apply at these parameters: counter -> (why, bound), e.g. ("dtype=float32", 2e-7)."""
    out: dict[str, tuple[str, float]] = {}
    for (param, value), table in bounds.items():
        if params.get(param) == value:
            for counter, bound in table.items():
                out[counter] = (f"{param}={value}", bound)
    return out


def check(applicable: dict[str, tuple[str, float]], values_of, problems: list[str]) -> dict[str, Any]:
    """Each bounded counter's worst repetition (values_of(counter): one value per repetition) against its
    bound; a problem per miss is appended to `problems`. Returns the record for results.json (NaN: null)."""
    checks: dict[str, Any] = {}
    for counter, (where, bound) in applicable.items():
        values = values_of(counter)
        if not values:
            checks[counter] = {"ok": False, "bound": bound}
            problems.append(f"the harness reported no '{counter}' counter (a {where} cell must)")
            continue
        worst = max(values, key=lambda v: math.inf if math.isnan(v) else v)
        ok = not math.isnan(worst) and worst <= bound
        checks[counter] = {"ok": ok, "value": jsonio.finite(worst), "bound": bound}
        if not ok:
            problems.append(f"{counter} = {worst:.3g} exceeds the {where} bound {bound:.1e}")
    return checks
