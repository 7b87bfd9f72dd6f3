"""The position weight and the weighted sums (python_baselines/checksums.py): the definition, the test vectors
every language asserts, exactness of the references' integer sums, and that each impl-side checksum function is
the manifest's definition."""

from fractions import Fraction

import numpy as np
import pytest

from python_baselines import checksums
from python_baselines.prng import mantissa_array, splitmix64
from python_baselines.workloads import matmul, nbody, stencil2d, stream_triad
from validation import MANIFEST

# tests/cpp/test_checksum.cpp and tests/java/speedlab/workloads/ChecksumsTest.java assert the same numbers.
TEST_VECTORS = {0: 289, 1: 881, 2: 898, 3: 223, 4: 77, 5: 339, 1_000_000: 341}


def test_the_weight_is_the_definition_and_matches_the_test_vectors():
    for p, w in TEST_VECTORS.items():
        assert checksums.position_weight(p) == w == 1 + (splitmix64((1 << 63) + p) >> 54)
        assert checksums.position_weights(1, p).tolist() == [w]
    weights = checksums.position_weights(200_000)
    assert weights.min() >= 1 and weights.max() <= 1024
    assert 500 < weights.mean() < 525  # spread over the whole range: neighbours differ by ~340 on average
    assert 300 < np.abs(np.diff(weights.astype(np.int64))).mean() < 380


def test_weighted_sums_by_hand():
    assert checksums.weighted_sum([1.0, 2.0, 4.0]) == 289 + 2 * 881 + 4 * 898
    m = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])  # rows w(0), w(1); columns w(2), w(3), w(4)
    assert checksums.weighted_sum_2d(m) == 289 * (1 * 898 + 2 * 223 + 3 * 77) + 881 * (4 * 898 + 5 * 223 + 6 * 77)
    assert checksums.weighted_sum_2d(m.T) != checksums.weighted_sum_2d(m)


def test_chunks_do_not_change_the_weighted_sums(monkeypatch):
    x = np.random.default_rng(1).random(1000)
    m = x.reshape(40, 25)
    whole, whole_2d = checksums.weighted_sum(x), checksums.weighted_sum_2d(m)
    monkeypatch.setattr(checksums, "CHUNK", 7)
    assert checksums.weighted_sum(x) == pytest.approx(whole, rel=1e-15)
    assert checksums.weighted_sum_2d(m) == pytest.approx(whole_2d, rel=1e-15)


def test_exact_weighted_sum_is_exact_where_uint64_would_overflow(monkeypatch):
    m = mantissa_array(40_000, 42)  # 53-bit values times weights up to 2**10, 40,000 of them: > 2**64
    expected = sum(int(v) * checksums.position_weight(5 + p) for p, v in enumerate(m.tolist()))
    assert expected > 1 << 64
    assert checksums.exact_weighted_sum(m, 5) == expected
    monkeypatch.setattr(checksums, "EXACT_CHUNK", 999)
    assert checksums.exact_weighted_sum(m, 5) == expected


def test_every_checksum_has_its_definition_in_the_manifest():
    for workload in MANIFEST.workloads.values():
        if workload.name == "sort":
            continue  # defined by its own helper (issue 13's sort part)
        for name, spec in workload.checksums.items():
            assert spec.definition, f"{workload.name}.{name} needs a definition in {workload.source.name}"
            if name.endswith("weighted"):
                assert "w(" in spec.definition and "position weight" in spec.definition


@pytest.mark.parametrize("n", [1, 2, 7])
def test_impl_side_checksums_are_the_definitions(n):
    """Each impl-side checksum function against its definition written out in rational arithmetic."""
    rng = np.random.default_rng(n)
    w = checksums.position_weight
    a = rng.random(n)
    assert stream_triad.checksums_of(a) == pytest.approx(
        {
            "checksum": float(sum(map(Fraction, a))),
            "checksum_weighted": float(sum(Fraction(v) * w(p) for p, v in enumerate(a))),
        },
        rel=1e-15,
    )
    g = rng.random((n, n))
    expected_2d = float(sum(Fraction(g[i, j]) * w(i) * w(n + j) for i in range(n) for j in range(n)))
    assert stencil2d.checksums_of(g)["checksum_weighted"] == pytest.approx(expected_2d, rel=1e-15)
    assert matmul.checksums_of_array(g)["checksum_weighted"] == pytest.approx(expected_2d, rel=1e-15)
    state = rng.random((6, n))
    table = state.T  # row i = body i
    got = nbody.checksums_of(state.tolist())
    assert got["checksum_weighted"] == pytest.approx(
        float(sum(Fraction(table[i, c]) * w(i) * w(n + c) for i in range(n) for c in range(6))), rel=1e-15
    )
    assert got["checksum_position"] == pytest.approx(float(sum(map(Fraction, state[:3].ravel()))), rel=1e-15)
    assert got["checksum_velocity"] == pytest.approx(float(sum(map(Fraction, state[3:].ravel()))), rel=1e-14)
