"""cupy.cuda.runtime of the fake cupy: the device count, or CUDA's error without a driver."""

from __future__ import annotations

import os


class CUDARuntimeError(RuntimeError):
    pass


def getDeviceCount() -> int:  # noqa: N802 - CUDA's name, as cupy spells it
    devices = os.environ.get("FAKE_CUPY_DEVICES", "1")
    if devices == "error":
        raise CUDARuntimeError(
            "cudaErrorInsufficientDriver: CUDA driver version is insufficient for CUDA runtime version"
        )
    return int(devices)
