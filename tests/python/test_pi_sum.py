"""pi_sum: the Python impls and the reference, exactly at small n."""

from fractions import Fraction

import pytest

from python_baselines.registry import ParamError, Params, load_all
from python_baselines.workloads import pi_sum


@pytest.mark.parametrize("n", [1, 2, 3, 10, 1000])
def test_reference_is_the_correctly_rounded_sum(n):
    exact = sum(Fraction(1.0 / (k * k)) for k in range(1, n + 1))  # the same rounded terms, summed exactly
    assert pi_sum.reference({"n": n})["checksum"] == float(exact)


def test_impls_agree_and_repeat_changes_nothing():
    expected = pi_sum.reference({"n": 10_000})["checksum"]
    assert pi_sum.pi_sum_loops(10_000, 2) == pytest.approx(expected, rel=1e-13)
    assert pi_sum.pi_sum_numpy(10_000, 3) == pytest.approx(expected, rel=1e-15)
    assert pi_sum.pi_sum_loops(7, 1) == pi_sum.reference({"n": 7})["checksum"]


def test_params_are_checked():
    prepare = load_all()[("pi_sum", "python.loops")].prepare
    assert prepare(Params({"n": 4, "repeat": 2})).kernel() == pytest.approx(1 + 1 / 4 + 1 / 9 + 1 / 16)
    with pytest.raises(ParamError, match="missing parameter 'repeat'"):
        prepare(Params({"n": 4}))
