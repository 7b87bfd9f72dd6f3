"""pi_sum: the correctly rounded sum of the terms (impls: python_baselines/workloads/pi_sum.py)."""

from __future__ import annotations

import math


def reference(params: dict[str, int]) -> dict[str, float]:
    """The correctly rounded sum of the same terms (each term 1/(k*k) rounded to a double, as every impl has it)."""
    return {"checksum": math.fsum(1.0 / (k * k) for k in range(1, params["n"] + 1))}
