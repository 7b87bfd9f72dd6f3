"""pi_sum, the Julia micro-benchmark: `repeat` times, s = sum_{k=1}^{n} 1/(k*k)."""

from __future__ import annotations


import numpy as np

from python_baselines.registry import Params, Prepared, implementation
from references.pi_sum import reference  # noqa: F401  (the reference lives in references/; re-exported)

MAX_TERMS = 10_000_000


def pi_sum_loops(n: int, repeat: int) -> float:
    """Julia's pisum as written (the last repetition's sum is the result)."""
    total = 0.0
    for _ in range(repeat):
        total = 0.0
        for k in range(1, n + 1):
            total += 1.0 / (k * k)
    return total


def pi_sum_numpy(n: int, repeat: int) -> float:
    k = np.arange(1, n + 1, dtype=np.int64)
    total = 0.0
    for _ in range(repeat):
        total = float((1.0 / (k * k)).sum())
    return total


def _params(params: Params) -> tuple[int, int]:
    return params.get("n", 1, MAX_TERMS), params.get("repeat", 1, 1_000_000)


@implementation("pi_sum", "python.loops")
def _loops(params: Params) -> Prepared:
    n, repeat = _params(params)
    return Prepared(kernel=lambda: pi_sum_loops(n, repeat), checksums=lambda s: {"checksum": s})


@implementation("pi_sum", "python.numpy")
def _numpy(params: Params) -> Prepared:
    n, repeat = _params(params)
    return Prepared(kernel=lambda: pi_sum_numpy(n, repeat), checksums=lambda s: {"checksum": s})
