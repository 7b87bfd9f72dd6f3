"""stencil2d: every impl computes the same grid bit for bit; the reference sums it exactly."""

import math

import numpy as np
import pytest

from conftest import BUILD_DIR, native_module, require_build
from python_baselines.registry import ParamError, Params, load_all
from python_baselines.workloads import stencil2d


def test_one_sweep_of_a_three_by_three_grid_by_hand():
    initial = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]
    work_a = [row[:] for row in initial]
    work_b = [row[:] for row in initial]
    result = stencil2d.stencil_loops(initial, work_a, work_b, 1)
    assert result is work_a and result[1][1] == 0.25 * (2 + 8 + 4 + 6)
    assert initial[1][1] == 5.0  # never written
    assert stencil2d.stencil_loops(initial, work_a, work_b, 2) is work_b


@pytest.mark.parametrize("n, sweeps", [(3, 1), (4, 2), (17, 3), (40, 10)])
def test_loops_and_numpy_compute_the_same_grid_bit_for_bit(n, sweeps):
    initial = stencil2d.initial_grid(n, 42)
    expected = stencil2d.stencil_numpy(initial, initial.copy(), initial.copy(), sweeps)
    lists = initial.tolist()
    got = stencil2d.stencil_loops(lists, [r[:] for r in lists], [r[:] for r in lists], sweeps)
    assert (np.array(got) == expected).all()
    assert (initial == stencil2d.initial_grid(n, 42)).all()  # the initial grid is untouched
    # The reference is computed apart (tests/python/test_references.py); the impls' grid is within rounding.
    assert stencil2d.reference({"n": n, "k": sweeps})["checksum"] == pytest.approx(
        math.fsum(expected.ravel()), rel=1e-15
    )


def test_registered_impls_report_the_reference():
    registry = load_all()
    params = {"n": 30, "k": 4}
    reference = stencil2d.reference(params)["checksum"]
    for impl in ("python.loops", "python.numpy"):
        prepared = registry[("stencil2d", impl)].prepare(Params(params))
        prepared.kernel()
        result = prepared.checksums(prepared.kernel())["checksum"]  # a second run starts from the same grid
        assert result == pytest.approx(reference, rel=1e-14), impl
        prepared.before_each()  # the work grids poisoned, the initial grid not: the next run is as good
        assert prepared.checksums(prepared.kernel())["checksum"] == result, impl


def test_bad_parameters_are_clear_errors():
    prepare = load_all()[("stencil2d", "python.numpy")].prepare
    with pytest.raises(ParamError, match=r"n=2 is out of range \[3, "):
        prepare(Params({"n": 2, "k": 1}))
    with pytest.raises(ParamError, match="missing parameter 'k'"):
        prepare(Params({"n": 10}))


def test_cpp_kernels_compute_the_same_grid_bit_for_bit():
    require_build(BUILD_DIR / "python")
    native = native_module()
    for n, sweeps in [(3, 1), (5, 2), (66, 7)]:
        initial = stencil2d.initial_grid(n, 42)
        expected = stencil2d.stencil_numpy(initial, initial.copy(), initial.copy(), sweeps)
        for kernel, stores in [("naive", "auto"), ("openmp", "auto"), ("openmp", "cached"), ("openmp", "streaming")]:
            for threads in (1, 2, 3):
                got = native.stencil2d(kernel, initial, sweeps, threads, stores)
                assert (got == expected).all(), (kernel, stores, n, threads)
