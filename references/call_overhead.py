"""call_overhead: the exact dot product of the two generated vectors (impls: python_baselines/workloads/call_overhead.py)."""

from __future__ import annotations

from references.prng import mantissa_array


def reference(params: dict[str, int], seed: int = 42) -> dict[str, float]:
    """Exact: with a_i = k_i 2^-53 and b_i = l_i 2^-53, the dot product is (sum of k_i l_i) 2^-106, summed
    in Python integers and rounded once."""
    n = params["n"]
    k, l = mantissa_array(n, seed).tolist(), mantissa_array(n, seed, n).tolist()  # noqa: E741
    return {"checksum": sum(x * y for x, y in zip(k, l)) / (1 << 106)}
