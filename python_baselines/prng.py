"""The shared input generator, for the impls. It is defined once, in references/prng.py, beside the
reference checksums that use it: judging an impl imports references, never this package."""

from references.prng import (  # noqa: F401  (re-exported)
    GAMMA,
    MASK64,
    MIX1,
    MIX2,
    SCALE,
    mantissa_array,
    splitmix64,
    uniform01,
    uniform_array,
    uniform_list,
)
