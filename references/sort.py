"""sort: the checksum of the sorted values, exact (impls and the checksum's description:
python_baselines/workloads/sort.py). The checksum is the definition; the impls import it from here."""

from __future__ import annotations

import numpy as np

from references.prng import uniform_array

TWO_53 = 9007199254740992.0  # 2^53: scales a generator value to its integer k exactly
CHECKSUM_MASK = (1 << 52) - 1


def checksum_array(values: np.ndarray) -> float:
    """The same checksum, vectorized: uint64 products and sum wrap modulo 2^64 like the C++ and Java code."""
    k = (values * TWO_53).astype(np.uint64)
    weights = np.arange(1, values.size + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        total = np.sum(k * weights, dtype=np.uint64)
    return float(int(total) & CHECKSUM_MASK)


def reference(params: dict[str, int], seed: int = 42) -> dict[str, float]:
    """Exact: the checksum of the values sorted by NumPy (sorting is exact, any correct sort gives the same array).
    Every input is a permutation of the same values, so this is every output's checksum: the smallest and the
    largest of a repetition must both be it."""
    value = checksum_array(np.sort(uniform_array(params["n"], seed)))
    return {"checksum": value, "checksum_max": value}
