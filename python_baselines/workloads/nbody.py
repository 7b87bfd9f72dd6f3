"""N-body: all-pairs gravity with softening, k leapfrog (kick-drift-kick) steps.

The definition every language follows:

    G = 1, softening eps^2 = 0.01, dt = 0.01 (half step 0.005)
    body i takes generator values u[7i .. 7i+6] (uniform_list(7n, seed)):
        position (u0, u1, u2)                    in [0, 1)^3
        velocity ((u3 - 0.5) * 0.1, ...)         in [-0.05, 0.05)^3
        mass     (0.5 + u6) / n                  total mass about 1
    acceleration of i (j over ALL bodies in index order, j == i included: it adds 0):
        dx = x[j] - x[i]  (likewise dy, dz)
        r2 = dx*dx + dy*dy + dz*dz + eps^2       (left to right)
        inv_r = 1.0 / sqrt(r2);  inv_r3 = inv_r * inv_r * inv_r;  s = m[j] * inv_r3
        ax += dx * s  (likewise ay, az)
    a = acceleration(x)
    k times:  v += 0.005 * a;  x += 0.01 * v;  a = acceleration(x);  v += 0.005 * a
    checksum_position = sum over i of (x + y + z), checksum_velocity = sum over i of (vx + vy + vz),
    checksum_weighted = the 2-D position-weighted sum (python_baselines/checksums.py) of the final
        state as an n x 6 table, row i = (x, y, z, vx, vy, vz) of body i: a permuted or shifted body,
        or two coordinates swapped, change it where the plain sums do not

FLOPs: 20 per pair (3 sub, 3 mul + 3 add for r2, sqrt, divide, 2 mul for inv_r3,
1 mul for s, 3 mul + 3 add to accumulate), n^2 pairs per acceleration, k+1
accelerations per run.
"""

from __future__ import annotations

import math

import numpy as np

from python_baselines import optional
from python_baselines import precision
from python_baselines.checksums import weighted_sum_2d
from python_baselines.prng import uniform_array, uniform_list
from python_baselines.registry import Params, Prepared, implementation
from references.nbody import DT, HALF_DT, SOFTENING2, VALUES_PER_BODY
from references.nbody import reference  # noqa: F401  (the reference lives in references/; re-exported)

MAX_N = 1 << 20
MAX_STEPS = 1_000_000


# ----------------------------------------------------------------- pure Python (lists)


def initial_lists(n: int, seed: int) -> list[list[float]]:
    """[x, y, z, vx, vy, vz, m] as lists of floats."""
    u = uniform_list(VALUES_PER_BODY * n, seed)
    x, y, z = u[0::7], u[1::7], u[2::7]
    vx, vy, vz = (
        [(v - 0.5) * 0.1 for v in u[3::7]],
        [(v - 0.5) * 0.1 for v in u[4::7]],
        [(v - 0.5) * 0.1 for v in u[5::7]],
    )
    m = [(0.5 + v) / n for v in u[6::7]]
    return [x, y, z, vx, vy, vz, m]


def acceleration_of(i, x, y, z, m) -> tuple[float, float, float]:
    """The acceleration of body i: the sum over all j, in index order. Plain code over anything
    indexable: python.loops runs it on lists, Numba compiles it for arrays."""
    xi, yi, zi = x[i], y[i], z[i]
    sx = sy = sz = 0.0
    for j in range(len(x)):
        dx = x[j] - xi
        dy = y[j] - yi
        dz = z[j] - zi
        r2 = dx * dx + dy * dy + dz * dz + SOFTENING2
        inv_r = 1.0 / math.sqrt(r2)
        s = m[j] * (inv_r * inv_r * inv_r)
        sx += dx * s
        sy += dy * s
        sz += dz * s
    return sx, sy, sz


def accelerations_loops(x, y, z, m, ax, ay, az) -> None:
    for i in range(len(x)):
        ax[i], ay[i], az[i] = acceleration_of(i, x, y, z, m)


def nbody_loops(initial: list[list[float]], steps: int) -> list[list[float]]:
    """Plain loops over lists; works on a copy of the initial state and returns [x, y, z, vx, vy, vz]."""
    x, y, z, vx, vy, vz = (list(column) for column in initial[:6])
    m = initial[6]
    n = len(x)
    ax, ay, az = [0.0] * n, [0.0] * n, [0.0] * n
    accelerations_loops(x, y, z, m, ax, ay, az)
    for _ in range(steps):
        for i in range(n):
            vx[i] += HALF_DT * ax[i]
            vy[i] += HALF_DT * ay[i]
            vz[i] += HALF_DT * az[i]
            x[i] += DT * vx[i]
            y[i] += DT * vy[i]
            z[i] += DT * vz[i]
        accelerations_loops(x, y, z, m, ax, ay, az)
        for i in range(n):
            vx[i] += HALF_DT * ax[i]
            vy[i] += HALF_DT * ay[i]
            vz[i] += HALF_DT * az[i]
    return [x, y, z, vx, vy, vz]


def checksums_of(state) -> dict[str, float]:
    """Sequential sums over bodies, as in every language, and the weighted sum of the n x 6 table."""
    x, y, z, vx, vy, vz = state[:6]
    position = 0.0
    velocity = 0.0
    for i in range(len(x)):
        position += x[i] + y[i] + z[i]
        velocity += vx[i] + vy[i] + vz[i]
    table = np.asarray([x, y, z, vx, vy, vz], dtype=np.float64).T
    return {"checksum_position": position, "checksum_velocity": velocity, "checksum_weighted": weighted_sum_2d(table)}


# ----------------------------------------------------------------- NumPy (broadcasting)


def initial_arrays(n: int, seed: int) -> np.ndarray:
    """A (7, n) array: rows x, y, z, vx, vy, vz, m (the same values as initial_lists)."""
    u = uniform_array(VALUES_PER_BODY * n, seed).reshape(n, VALUES_PER_BODY).T.copy()
    u[3:6] = (u[3:6] - 0.5) * 0.1
    u[6] = (0.5 + u[6]) / n
    return u


def accelerations_numpy(x, y, z, m, block_rows: int, xp=np):
    """Broadcasting over pairs: rows i, columns j, `block_rows` rows at a time (block_rows = n: all N^2
    pairs at once). Returns a (3, n) array. Row sums are over the contiguous j axis (NumPy's pairwise sum).
    xp: the array module (numpy; cupy for python.cupy, the same code on the GPU)."""
    n = x.size
    out = xp.empty((3, n), dtype=x.dtype)
    for first in range(0, n, block_rows):
        rows = slice(first, min(first + block_rows, n))
        dx = x[None, :] - x[rows, None]
        dy = y[None, :] - y[rows, None]
        dz = z[None, :] - z[rows, None]
        s = dx * dx
        s += dy * dy
        s += dz * dz
        s += SOFTENING2
        xp.sqrt(s, out=s)
        xp.divide(1.0, s, out=s)  # inv_r
        inv_r = s
        s = inv_r * inv_r
        s *= inv_r
        s *= m[None, :]  # m[j] * inv_r^3: multiplication commutes exactly
        for axis, d in enumerate((dx, dy, dz)):
            d *= s
            out[axis, rows] = d.sum(axis=1)
    return out


def nbody_numpy(initial: np.ndarray, steps: int, block_rows: int | None = None, xp=np) -> np.ndarray:
    """Leapfrog on whole arrays; returns the final (6, n) positions and velocities (of xp, the array module)."""
    state = initial[:6].copy()
    position, velocity = state[:3], state[3:]
    m = initial[6]
    rows = block_rows or m.size
    a = accelerations_numpy(*position, m, rows, xp)
    for _ in range(steps):
        velocity += HALF_DT * a
        position += DT * velocity
        a = accelerations_numpy(*position, m, rows, xp)
        velocity += HALF_DT * a
    return state


def _params(params: Params) -> tuple[int, int]:
    return params.get("n", 1, MAX_N), params.get("k", 1, MAX_STEPS)


@implementation("nbody", "python.loops")
def _loops(params: Params) -> Prepared:
    n, steps = _params(params)
    initial = initial_lists(n, params.seed)
    return Prepared(kernel=lambda: nbody_loops(initial, steps), checksums=checksums_of)


@implementation("nbody", "python.numpy")
def _numpy(params: Params) -> Prepared:
    n, steps = _params(params)
    dtype = precision.dtype_of(params)
    initial = initial_arrays(n, params.seed)
    if dtype is np.float64:
        return Prepared(kernel=lambda: nbody_numpy(initial, steps), checksums=lambda s: checksums_of(s.tolist()))
    # float32: the float64 initial state rounded once; NumPy keeps the Python-float constants (eps^2, dt) at
    # float32 (NEP 50), so every operation is float32.
    initial32 = initial.astype(dtype)
    exact: list[np.ndarray] = []  # the float64 trajectory the errors are measured against, computed once

    def checksums(state: np.ndarray) -> dict[str, float]:
        if not exact:
            exact.append(nbody_numpy(initial, steps))
        return {**checksums_of(state.tolist()), **precision.error_counters(state, exact[0])}

    return Prepared(kernel=lambda: nbody_numpy(initial32, steps), checksums=checksums)


# ----------------------------------------------------------------- Python's own lessons
# Glue (python.cpp_ext) and a JIT (python.numba*).


def bodies_array(initial: np.ndarray) -> np.ndarray:
    """An (n, 10) C-contiguous array whose rows have the layout of the C++ nbody::Body
    (x y z vx vy vz m ax ay az), so the C++ kernel can work on its buffer in place."""
    bodies = np.zeros((initial.shape[1], 10))
    bodies[:, :7] = initial.T
    return bodies


@implementation("nbody", "python.cpp_ext")
def _cpp_ext(params: Params) -> Prepared:
    n, steps = _params(params)
    native = optional.native()
    initial = bodies_array(initial_arrays(n, params.seed))
    work = np.empty_like(initial)

    def kernel() -> np.ndarray:
        np.copyto(work, initial)  # a fresh state each run, as cpp.naive copies its vector
        native.nbody_simulate_naive(work, steps)
        return work

    # `work` outlives the call: NaN before each one (untimed), so a call that skipped the copy and the
    # simulation cannot hand back the last call's state.
    return Prepared(
        kernel=kernel,
        checksums=lambda bodies: checksums_of(bodies[:, :6].T.tolist()),
        before_each=lambda: work.fill(np.nan),
    )


@implementation("nbody", "python.numba")
def _numba(params: Params) -> Prepared:
    n, steps = _params(params)
    kernels = optional.numba_kernels()
    initial = initial_arrays(n, params.seed)
    simulate = kernels.compile_now(kernels.nbody_numba, initial_arrays(1, params.seed), 1)  # untimed
    return Prepared(kernel=lambda: simulate(initial, steps), checksums=lambda s: checksums_of(s.tolist()))


@implementation("nbody", "python.numba_parallel")
def _numba_parallel(params: Params) -> Prepared:
    n, steps = _params(params)
    kernels = optional.numba_kernels(params.threads)
    initial = initial_arrays(n, params.seed)
    simulate = kernels.compile_now(kernels.nbody_numba_parallel, initial_arrays(1, params.seed), 1)
    return Prepared(kernel=lambda: simulate(initial, steps), checksums=lambda s: checksums_of(s.tolist()))
