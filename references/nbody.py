"""nbody: the checksums of the definition computed once more in extended precision (impls and the
model's description: python_baselines/workloads/nbody.py). The model's constants are the definition;
the impls import them from here."""

from __future__ import annotations

import math

import numpy as np

from references.checksums import position_weights
from references.prng import uniform_array

# Not the impls' code: the definition written once more, in extended precision (np.longdouble: 64-bit
# significands on x86-64) and with the pair sums over j done by NumPy's pairwise sum in that precision.
# Tests pin it to a 40-digit decimal computation at the smoke size. Past REFERENCE_EXTENDED_PAIRS the same
# code runs in float64 (extended precision costs ~8x, and at k = 10 the float64 trajectory differs from
# the exact one by ~1e-15, far inside the tolerances).
SOFTENING2 = 0.01
DT = 0.01
HALF_DT = 0.005
VALUES_PER_BODY = 7
REFERENCE_BLOCK_ROWS = 64  # the reference broadcasts 64 rows at a time: cache-sized temporaries
REFERENCE_EXTENDED_PAIRS = 4096 * 4096 * 11


def reference_state(n: int, steps: int, seed: int, dtype=np.longdouble) -> np.ndarray:
    """The final (6, n) positions and velocities by the definition, in `dtype`."""
    u = uniform_array(VALUES_PER_BODY * n, seed).reshape(n, VALUES_PER_BODY).astype(dtype)
    position = u[:, 0:3].T.copy()
    velocity = (u[:, 3:6].T - dtype(0.5)) * dtype(0.1)
    mass = (dtype(0.5) + u[:, 6]) / dtype(n)
    eps2, dt, half = dtype(SOFTENING2), dtype(DT), dtype(HALF_DT)

    def accelerations() -> np.ndarray:
        out = np.empty((3, n), dtype=dtype)
        for first in range(0, n, REFERENCE_BLOCK_ROWS):
            rows = slice(first, min(first + REFERENCE_BLOCK_ROWS, n))
            d = position[:, None, :] - position[:, rows, None]  # (3, rows, n): x_j - x_i
            r2 = (d[0] * d[0] + d[1] * d[1]) + d[2] * d[2] + eps2
            inv_r = dtype(1) / np.sqrt(r2)
            strength = mass[None, :] * (inv_r * inv_r * inv_r)
            out[:, rows] = (d * strength[None]).sum(axis=2)
        return out

    a = accelerations()
    for _ in range(steps):
        velocity += half * a
        position += dt * velocity
        a = accelerations()
        velocity += half * a
    return np.concatenate([position, velocity])


def reference(params: dict[str, int], seed: int = 42) -> dict[str, float]:
    """The checksums of reference_state (any dtype: float32 results are checked against these)."""
    n, steps = params["n"], params["k"]
    dtype = np.longdouble if n * n * (steps + 1) <= REFERENCE_EXTENDED_PAIRS else np.float64
    state = reference_state(n, steps, seed, dtype)  # (6, n)
    body_weights = position_weights(n).astype(dtype)
    component_weights = position_weights(6, n).astype(dtype)
    weighted_terms = state * component_weights[:, None] * body_weights[None, :]
    return {
        "checksum_position": math.fsum(state[0:3].astype(np.float64).ravel()),
        "checksum_velocity": math.fsum(state[3:6].astype(np.float64).ravel()),
        "checksum_weighted": math.fsum(weighted_terms.astype(np.float64).ravel()),
    }
