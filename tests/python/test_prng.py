"""The shared generator's test vectors: the same numbers as the C++ and Java tests."""

import numpy as np

from conftest import BUILD_DIR, native_module, require_build
from python_baselines import prng

VECTORS_U64 = {0: 0xE220A8397B1DCDAF, 1: 0x910A2DEC89025CC1, 42: 0xBDD732262FEB6E95, 46: 0xBAEE56F32E223007}
VECTORS_UNIFORM = {
    (0, 0): 0.8833108082136426,
    (0, 3): 0.11345034205715454,
    (42, 0): 0.7415648787718233,
    (42, 2): 0.9815240544645374,
}


def test_splitmix64_vectors():
    for x, expected in VECTORS_U64.items():
        assert prng.splitmix64(x) == expected


def test_uniform01_vectors():
    for (seed, index), expected in VECTORS_UNIFORM.items():
        assert prng.uniform01(seed, index) == expected


def test_numpy_version_is_identical_to_pure_python():
    for seed in (0, 42, 2**64 - 3):  # the last one wraps around 2^64 inside the counter
        pure = prng.uniform_list(1000, seed, offset=17)
        vectorized = prng.uniform_array(1000, seed, offset=17)
        assert vectorized.dtype == np.float64
        assert vectorized.tolist() == pure


def test_values_are_in_unit_interval_and_spread():
    values = prng.uniform_array(100_000, 42)
    assert values.min() >= 0.0 and values.max() < 1.0
    assert abs(values.mean() - 0.5) < 0.01


def test_cpp_generator_matches_through_the_native_module():
    require_build(BUILD_DIR / "python")
    native = native_module()
    for x, expected in VECTORS_U64.items():
        assert native.splitmix64(x) == expected
    assert native.uniform_vector(500, 42, 3).tolist() == prng.uniform_list(500, 42, 3)
