"""transfer: copy `bytes` bytes between host memory and the GPU (the CUDA
harness; cpp.memcpy copies host to host for scale). The payload is the
generator's float64 values, floor(bytes / 8) of them (any remaining bytes are
zeros); the checksums are the sum of the values that arrived and their
position-weighted sum (references/checksums.py), which a chunk copied to
the wrong offset changes. No Python impl: a copy of a buffer is the same call
from any language."""

from __future__ import annotations

from references.checksums import exact_weighted_sum
from references.exact import integer_sums
from references.prng import mantissa_array

REFERENCE_CHUNK = 1 << 22  # values turned into integers at a time (bounded memory at any size)


def reference(params: dict[str, int], seed: int = 42) -> dict[str, float]:
    """Both checksums of the floor(bytes / 8) generator values, exact, each rounded once."""
    count = params["bytes"] // 8
    total = weighted = 0
    for first in range(0, count, REFERENCE_CHUNK):
        values = mantissa_array(min(REFERENCE_CHUNK, count - first), seed, first)
        total += integer_sums(values)[0]
        weighted += exact_weighted_sum(values, first)
    scale = 1 << 53
    return {"checksum": total / scale, "checksum_weighted": weighted / scale}  # int / int rounds correctly
