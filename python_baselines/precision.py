"""The precision axis (the dtype choice parameter) for the NumPy impls.

dtype = float32 starts from the workload's float64 inputs rounded to float32
once (untimed), computes in float32, and reports beside its checksums the
counter output_rel_error: ||y - y64||_2 / ||y64||_2 of its result against the
float64 computation of the float64 inputs (so the rounding of the inputs
counts, as it does for anyone who switches to float32), and output_max_rel_error:
max |y - y64| / max |y64|, the worst single element (a norm hides one wrong
element among millions; this does not). Checksums are float64 sums of the
float32 values. The manifest bounds both per dtype ([error_bounds]).
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


def max_relative_error(result: np.ndarray, reference: np.ndarray) -> float:
    """max |result - reference| / max |reference|, in float64: the worst element, on the output's scale."""
    result = np.asarray(result, dtype=np.float64).ravel()
    reference = np.asarray(reference, dtype=np.float64).ravel()
    scale = float(np.max(np.abs(reference))) if reference.size else 0.0
    worst = float(np.max(np.abs(result - reference))) if reference.size else 0.0
    return worst / scale if scale else worst


def error_counters(result: np.ndarray, reference: np.ndarray) -> dict[str, float]:
    """The two error counters every reduced-precision cell reports."""
    return {
        "output_rel_error": relative_error(result, reference),
        "output_max_rel_error": max_relative_error(result, reference),
    }
