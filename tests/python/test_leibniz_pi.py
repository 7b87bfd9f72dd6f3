"""leibniz_pi: the Python impls and the reference, against exact arithmetic."""

from fractions import Fraction

import pytest

from conftest import BUILD_DIR, native_module, require_build
from python_baselines.registry import ParamError, Params, load_all
from python_baselines.workloads import leibniz_pi


def exact(n: int) -> float:
    return float(4 * sum(Fraction((-1) ** k, 2 * k + 1) for k in range(n)))


@pytest.mark.parametrize("n", [1, 2, 3, 10, 63, 64, 65, 100, 1001, 2000])
def test_reference_is_the_exact_sum(n):
    assert leibniz_pi.reference({"n": n})["checksum"] == pytest.approx(exact(n), rel=2e-16)


@pytest.mark.parametrize("n", [1, 2, 7, 1000, 1_048_576 + 3])  # the last spans two NumPy blocks, odd length
def test_python_impls_agree_with_reference(n):
    expected = leibniz_pi.reference({"n": n})["checksum"]
    assert leibniz_pi.leibniz_pi_loops(n) == pytest.approx(expected, rel=1e-12)
    assert leibniz_pi.leibniz_pi_numpy(n) == pytest.approx(expected, rel=1e-12)


def test_registered_impls_and_their_checksums():
    registry = load_all()
    assert {("leibniz_pi", "python.loops"), ("leibniz_pi", "python.numpy")} <= set(registry)
    prepared = registry[("leibniz_pi", "python.loops")].prepare(Params({"n": 1000}))
    assert prepared.checksums(prepared.kernel()) == {"checksum": pytest.approx(3.140592653839793, rel=1e-15)}


def test_bad_sizes_are_clear_errors():
    prepare = load_all()[("leibniz_pi", "python.loops")].prepare
    with pytest.raises(ParamError, match=r"n=0 is out of range \[1, "):
        prepare(Params({"n": 0}))
    with pytest.raises(ParamError, match="missing parameter 'n'"):
        prepare(Params({}))


def test_cpp_kernels_agree_through_the_native_module():
    require_build(BUILD_DIR / "python")
    native = native_module()
    for n in (1, 999, 100_001):
        expected = leibniz_pi.reference({"n": n})["checksum"]
        assert native.leibniz_pi_naive(n) == pytest.approx(expected, rel=1e-12)
        assert native.leibniz_pi_simd(n, 1) == pytest.approx(expected, rel=1e-12)
        assert native.leibniz_pi_simd(n, 2) == pytest.approx(expected, rel=1e-12)
