"""Exact integer sums of the generator's values, for references that are exact.

Every input value is x = m * 2**-53 with an integer m < 2**53 (prng.mantissa_array),
so sums and products of inputs are exact rationals that Python's integers
compute without rounding; the reference is then rounded to a double once.
"""

from __future__ import annotations

import numpy as np

_LOW_BITS = 26
_LOW_MASK = np.uint64((1 << _LOW_BITS) - 1)


def integer_sums(mantissas: np.ndarray, axis: int | None = None, weights: np.ndarray | None = None) -> list[int]:
    """Exact sums of mantissas * weights (integers) along axis, as Python ints.

    NumPy sums in uint64, which would overflow on 53-bit values, so each value
    is split into a 27-bit high and a 26-bit low half: with weights below 2**15
    and up to 2**14 terms per sum the halves' sums stay below 2**56 (and, with
    no weights, below 2**58 for up to 2**31 terms).
    """
    high = mantissas >> np.uint64(_LOW_BITS)
    low = mantissas & _LOW_MASK
    if weights is not None:
        high = high * weights
        low = low * weights
    high_sums = np.atleast_1d(high.sum(axis=axis, dtype=np.uint64)).tolist()
    low_sums = np.atleast_1d(low.sum(axis=axis, dtype=np.uint64)).tolist()
    return [(h << _LOW_BITS) + lo for h, lo in zip(high_sums, low_sums)]
