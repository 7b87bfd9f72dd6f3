"""cupy.cuda of the fake cupy (tests/python/fake_cupy/cupy/__init__.py): events, streams, the device."""

from __future__ import annotations

import os

from cupy.cuda import runtime  # noqa: F401 - cupy.cuda.runtime, as the real package

RECORDED: list[str] = []  # what the events saw, for tests: "record", "synchronize"


class Event:
    def __init__(self, *args, **kwargs):
        self.recorded = False

    def record(self, stream=None) -> None:
        self.recorded = True
        RECORDED.append("record")

    def synchronize(self) -> None:
        if not self.recorded:
            raise RuntimeError("cudaErrorInvalidResourceHandle: synchronize on an event never recorded")
        RECORDED.append("synchronize")


def get_elapsed_time(start: Event, stop: Event) -> float:
    if not (start.recorded and stop.recorded):
        raise RuntimeError("cudaErrorInvalidResourceHandle: elapsed time of an event never recorded")
    return float(os.environ.get("FAKE_CUPY_KERNEL_MS", "2.0"))


class Stream:
    def __init__(self, non_blocking: bool = False):
        self.non_blocking = non_blocking

    def synchronize(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        pass


class Device:
    def __init__(self, device: int = 0):
        self.id = device

    @property
    def compute_capability(self) -> str:
        return os.environ.get("FAKE_CUPY_CAPABILITY", "90")

    def synchronize(self) -> None:
        pass
