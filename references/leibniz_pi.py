"""leibniz_pi: the exact n-term sum, rounded once (impls: python_baselines/workloads/leibniz_pi.py)."""

from __future__ import annotations

import math
from fractions import Fraction


def reference(params: dict[str, int]) -> dict[str, float]:
    """The exact value of the n-term sum, rounded to a double.

    For n >= 64 the Euler-number expansion of the remainder is exact to double
    precision: 4*S_n = pi - (-1)^n (1/n - 1/(4n^3) + 5/(16n^5) - 61/(64n^7));
    below that the sum is done in exact rational arithmetic.
    """
    n = params["n"]
    if n < 64:
        exact = sum(Fraction((-1) ** k, 2 * k + 1) for k in range(n))
        return {"checksum": float(4 * exact)}
    sign = 1.0 if n % 2 == 0 else -1.0
    inv = 1.0 / n
    inv2 = inv * inv
    return {"checksum": math.pi - sign * inv * (1.0 - inv2 * (0.25 - inv2 * (5.0 / 16.0 - 61.0 / 64.0 * inv2)))}
