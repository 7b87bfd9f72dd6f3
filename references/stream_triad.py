"""stream_triad: both checksums of the exact triad (impls: python_baselines/workloads/stream_triad.py)."""

from __future__ import annotations

from references.checksums import exact_weighted_sum
from references.exact import integer_sums
from references.prng import mantissa_array

SCALAR = 3.0  # s, the same in every language (the impls import it from here)
REFERENCE_CHUNK = 1 << 22  # values turned into integers at a time (bounded memory at any n)


def reference(params: dict[str, int], seed: int = 42) -> dict[str, float]:
    """Both checksums of the exact triad, each rounded once: a[i] = 2**-53 * (m_b[i] + 3 m_c[i]) with the
    generator's integers m, so the sums are integer sums (any dtype: a float32 result is checked against
    these with its own tolerance)."""
    n = params["n"]
    total = weighted = 0
    for first in range(0, n, REFERENCE_CHUNK):
        count = min(REFERENCE_CHUNK, n - first)
        b, c = mantissa_array(count, seed, first), mantissa_array(count, seed, n + first)
        total += integer_sums(b)[0] + 3 * integer_sums(c)[0]
        weighted += exact_weighted_sum(b, first) + 3 * exact_weighted_sum(c, first)
    scale = 1 << 53
    return {"checksum": total / scale, "checksum_weighted": weighted / scale}  # int / int rounds correctly
