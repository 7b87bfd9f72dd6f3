"""The precision axis (the dtype choice parameter) for the NumPy impls.

dtype = float32 starts from the workload's float64 inputs rounded to float32
once (untimed), computes in float32, and reports beside its checksums the
counter output_rel_error: ||y - y64||_2 / ||y64||_2 of its result against the
float64 computation of the float64 inputs (so the rounding of the inputs
counts, as it does for anyone who switches to float32). Checksums are float64
sums of the float32 values.
"""

from __future__ import annotations

import numpy as np

from python_baselines.registry import Params

DTYPES = {"float64": np.float64, "float32": np.float32}


def dtype_of(params: Params, allowed: tuple[str, ...] = ("float64", "float32")) -> type:
    """The NumPy type for the dtype parameter (float64 when not given)."""
    return DTYPES[params.choice("dtype", "float64", allowed)]


def relative_error(result: np.ndarray, reference: np.ndarray) -> float:
    """||result - reference||_2 / ||reference||_2, in float64."""
    result = np.asarray(result, dtype=np.float64).ravel()
    reference = np.asarray(reference, dtype=np.float64).ravel()
    norm = float(np.linalg.norm(reference))
    difference = float(np.linalg.norm(result - reference))
    return difference / norm if norm else difference
