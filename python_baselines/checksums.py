"""The position weight and the weighted sums, for the impls. Defined once, in references/checksums.py,
beside the reference checksums that use them: judging an impl imports references, never this package."""

from references.checksums import (  # noqa: F401  (re-exported)
    CHUNK,
    EXACT_CHUNK,
    WEIGHT_BITS,
    WEIGHT_STREAM,
    exact_weighted_sum,
    position_weight,
    position_weights,
    weighted_sum,
    weighted_sum_2d,
)
