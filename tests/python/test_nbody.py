"""nbody: the Python impls, the initial state, physics checks and the reference."""

import math

import numpy as np
import pytest

from python_baselines.prng import uniform01
from python_baselines.registry import ParamError, Params, load_all
from python_baselines.workloads import nbody


def test_initial_state_comes_from_the_shared_generator():
    x, y, z, vx, vy, vz, m = nbody.initial_lists(5, 42)
    assert x[0] == uniform01(42, 0) and z[1] == uniform01(42, 9)
    assert vx[2] == (uniform01(42, 17) - 0.5) * 0.1
    assert m[4] == (0.5 + uniform01(42, 34)) / 5
    assert nbody.initial_arrays(5, 42).tolist() == [x, y, z, vx, vy, vz, m]


@pytest.mark.parametrize("n", [1, 2, 9, 40])
def test_numpy_agrees_with_the_loops(n):
    loops = nbody.checksums_of(nbody.nbody_loops(nbody.initial_lists(n, 42), 5))
    numpy = nbody.checksums_of(nbody.nbody_numpy(nbody.initial_arrays(n, 42), 5).tolist())
    for name in loops:  # they differ only in the order of the j sums
        assert numpy[name] == pytest.approx(loops[name], rel=1e-12)


def test_blocks_of_rows_give_the_same_bits_as_full_broadcasting():
    initial = nbody.initial_arrays(37, 7)
    full = nbody.nbody_numpy(initial, 3)
    assert np.array_equal(nbody.nbody_numpy(initial, 3, block_rows=5), full)
    # The reference is computed apart (tests/python/test_references.py); NumPy is within rounding of it.
    assert nbody.reference({"n": 37, "k": 3}, seed=7) == pytest.approx(nbody.checksums_of(full.tolist()), rel=1e-13)


def test_two_bodies_attract_along_their_separation():
    x, y, z = [0.0, 0.3], [0.0, 0.4], [0.0, 0.0]
    ax, ay, az = [0.0] * 2, [0.0] * 2, [0.0] * 2
    nbody.accelerations_loops(x, y, z, [2.0, 3.0], ax, ay, az)
    scale = (0.25 + nbody.SOFTENING2) ** -1.5  # r = 0.5
    assert ax[0] == pytest.approx(3.0 * 0.3 * scale) and ay[0] == pytest.approx(3.0 * 0.4 * scale)
    assert ax[1] == pytest.approx(-2.0 * 0.3 * scale) and az == [0.0, 0.0]


def test_total_momentum_is_conserved():
    initial = nbody.initial_lists(30, 42)
    m = initial[6]

    def momentum(state):
        return [math.fsum(mi * v for mi, v in zip(m, state[axis])) for axis in (3, 4, 5)]

    before = momentum(initial)
    after = momentum(nbody.nbody_loops(initial, 10))
    assert after == pytest.approx(before, abs=1e-15)


def test_registered_impls_and_bad_sizes():
    registry = load_all()
    expected = nbody.reference({"n": 12, "k": 2})
    for impl in ("python.loops", "python.numpy"):
        prepared = registry[("nbody", impl)].prepare(Params({"n": 12, "k": 2}))
        got = prepared.checksums(prepared.kernel())
        assert got == pytest.approx(expected, rel=1e-12)
    with pytest.raises(ParamError, match="missing parameter 'k'"):
        registry[("nbody", "python.loops")].prepare(Params({"n": 12}))
