"""Exact integer sums of the generator's values, for the impls. Defined once, in references/exact.py,
beside the reference checksums that use them: judging an impl imports references, never this package."""

from references.exact import integer_sums  # noqa: F401  (re-exported)
