"""dataloader: the inputs' definition and both checksums of the epoch's outputs (impls:
python_baselines/workloads/dataloader.py and dataloader_data.py, which import the definition from here).

    sample s: `features` uint8 values, value j = floor(256 * uniform01(seed, s * features + j))
    decode: x = float32(v) / 255;  W[j][k] = float32(uniform01(seed, W_OFFSET + j * outputs + k))
    step on batch b: Y_b = X_b @ W; checksums over the epoch's outputs stacked in batch order.
"""

from __future__ import annotations

import numpy as np

from references.checksums import position_weights
from references.prng import uniform_array

W_OFFSET = 1 << 40  # the weights' stream, far from any sample's values


def sample_values(first: int, count: int, features: int, seed: int) -> np.ndarray:
    """Samples first .. first+count-1 as a (count, features) uint8 array, from the generator."""
    u = uniform_array(count * features, seed, first * features)
    return np.floor(u * 256.0).astype(np.uint8).reshape(count, features)


def weights(features: int, outputs: int, seed: int) -> np.ndarray:
    return uniform_array(features * outputs, seed, W_OFFSET).astype(np.float32).reshape(features, outputs)


def decode(raw: np.ndarray) -> np.ndarray:
    return raw.astype(np.float32) / np.float32(255.0)


def checksums(outputs: list[np.ndarray]) -> dict[str, float]:
    """Both checksums of the stacked outputs (float64 sums, the weights of checksums.py)."""
    y = np.concatenate(outputs).astype(np.float64)
    rows, cols = y.shape
    column_weights = position_weights(cols, rows).astype(np.float64)
    row_weights = position_weights(rows).astype(np.float64)
    return {"checksum": float(y.sum()), "checksum_weighted": float((y @ column_weights) @ row_weights)}


def reference(params: dict[str, int], seed: int = 42) -> dict[str, float]:
    """The checksums in float64 from the generator (no files): X's float32 values and W's, multiplied in
    float64."""
    batches, batch, features, outputs = (params[k] for k in ("batches", "batch", "features", "outputs"))
    w = weights(features, outputs, seed).astype(np.float64)
    results = []
    for first in range(0, batches * batch, batch):
        x = decode(sample_values(first, batch, features, seed)).astype(np.float64)
        results.append(x @ w)
    return checksums(results)
