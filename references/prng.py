"""The shared input generator: counter-based SplitMix64.

    u_i = splitmix64(seed + i)          a 64-bit integer
    x_i = (u_i >> 11) * 2**-53          a float in [0, 1)

The same definition lives in benchmarks/harness/prng.hpp and
java_baselines/.../SplitMix64.java; test vectors in each language's tests pin
them together. `uniform_list` is the pure-Python version, `uniform_array` the
vectorized NumPy one; they return identical values.
"""

from __future__ import annotations

import numpy as np

MASK64 = (1 << 64) - 1
GAMMA = 0x9E3779B97F4A7C15
MIX1 = 0xBF58476D1CE4E5B9
MIX2 = 0x94D049BB133111EB
SCALE = 2.0**-53


def splitmix64(x: int) -> int:
    """One SplitMix64 step from state x (64-bit wrap-around arithmetic)."""
    z = (x + GAMMA) & MASK64
    z = ((z ^ (z >> 30)) * MIX1) & MASK64
    z = ((z ^ (z >> 27)) * MIX2) & MASK64
    return z ^ (z >> 31)


def uniform01(seed: int, index: int) -> float:
    """The generator's value at `index`."""
    return (splitmix64(seed + index) >> 11) * SCALE


def uniform_list(count: int, seed: int, offset: int = 0) -> list[float]:
    """Pure Python: [uniform01(seed, offset + i) for i in range(count)]."""
    return [uniform01(seed, offset + i) for i in range(count)]


def uniform_array(count: int, seed: int, offset: int = 0) -> np.ndarray:
    """NumPy, vectorized: the same values as uniform_list, as float64."""
    return mantissa_array(count, seed, offset).astype(np.float64) * SCALE


def mantissa_array(count: int, seed: int, offset: int = 0) -> np.ndarray:
    """The generator's values as the integers they are exactly: x_i = m_i * 2**-53, m_i < 2**53 (uint64).

    For references in exact integer arithmetic (uniform_array is this times SCALE).
    """
    z = np.arange(count, dtype=np.uint64)
    # uint64 array arithmetic wraps modulo 2**64, exactly like the C++ code.
    z += np.uint64((seed + offset + GAMMA) & MASK64)
    z ^= z >> np.uint64(30)
    z *= np.uint64(MIX1)
    z ^= z >> np.uint64(27)
    z *= np.uint64(MIX2)
    z ^= z >> np.uint64(31)
    return z >> np.uint64(11)
