"""stream_triad: the exact reference, the Python impls, the C++ kernels through the native module."""

from fractions import Fraction

import numpy as np
import pytest

from conftest import BUILD_DIR, native_module, require_build
from python_baselines.checksums import position_weight
from python_baselines.prng import uniform_array
from python_baselines.registry import Params, load_all
import references.stream_triad
from python_baselines.workloads import stream_triad


@pytest.mark.parametrize("n, seed", [(1, 42), (2, 42), (1001, 7)])
def test_reference_is_the_exact_sum(n, seed):
    b = uniform_array(n, seed, 0).tolist()
    c = uniform_array(n, seed, n).tolist()
    exact = [Fraction(x) + 3 * Fraction(y) for x, y in zip(b, c)]
    weighted = sum(a * position_weight(i) for i, a in enumerate(exact))
    assert stream_triad.reference({"n": n}, seed=seed) == {
        "checksum": float(sum(exact)),
        "checksum_weighted": float(weighted),
    }


def test_reference_chunks_do_not_change_the_result(monkeypatch):
    whole = stream_triad.reference({"n": 1000})
    monkeypatch.setattr(references.stream_triad, "REFERENCE_CHUNK", 64)
    assert stream_triad.reference({"n": 1000}) == whole


@pytest.mark.parametrize("n", [1, 5, 1000])
def test_python_impls_compute_the_same_array(n):
    registry = load_all()
    results = {}
    for impl in ("python.loops", "python.numpy", "python.numpy_inplace"):
        prepared = registry[("stream_triad", impl)].prepare(Params({"n": n}))
        out = prepared.kernel()
        results[impl] = np.asarray(out)
        assert prepared.checksums(out) == pytest.approx(stream_triad.reference({"n": n}), rel=1e-14)
    # No fused multiply-add in Python or NumPy: the three agree bit for bit.
    assert (results["python.loops"] == results["python.numpy"]).all()
    assert (results["python.numpy"] == results["python.numpy_inplace"]).all()


def test_the_inplace_impl_reuses_its_array():
    prepared = load_all()[("stream_triad", "python.numpy_inplace")].prepare(Params({"n": 10}))
    assert prepared.kernel() is prepared.kernel()


def test_cpp_kernels_agree_through_the_native_module():
    require_build(BUILD_DIR / "python")
    native = native_module()
    for n in (1, 3, 1001, 100_003):
        b = uniform_array(n, 42, 0)
        c = uniform_array(n, 42, n)
        expected = b + 3.0 * c
        for kernel, stores in [
            ("naive", "auto"),
            ("eigen", "auto"),
            ("openmp", "auto"),
            ("openmp", "cached"),
            ("openmp", "streaming"),
        ]:
            for threads in (1, 2):
                got = native.stream_triad(kernel, b, c, 3.0, threads, stores)
                assert np.allclose(got, expected, rtol=4e-16, atol=0), f"{kernel} {stores} n={n}"
