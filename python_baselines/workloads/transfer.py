"""transfer: copy `bytes` bytes between host memory and the GPU (the CUDA
harness; cpp.memcpy copies host to host for scale). The payload is the
generator's float64 values, floor(bytes / 8) of them (any remaining bytes are
zeros); the checksum is the sum of the values that arrived. No Python impl: a
copy of a buffer is the same call from any language."""

from __future__ import annotations

from python_baselines.exact import integer_sums
from python_baselines.prng import mantissa_array

REFERENCE_CHUNK = 1 << 22  # values turned into integers at a time (bounded memory at any size)


def reference(params: dict[str, int], seed: int = 42) -> dict[str, float]:
    """The exact sum of the floor(bytes / 8) generator values, rounded once."""
    count = params["bytes"] // 8
    total = 0
    for first in range(0, count, REFERENCE_CHUNK):
        total += integer_sums(mantissa_array(min(REFERENCE_CHUNK, count - first), seed, first))[0]
    return {"checksum": total / (1 << 53)}  # int / int rounds correctly
