"""INT, TERM and HUP as one orderly request to stop a run.

While a run is in progress (lifecycle.Run installs the handlers) the first of these signals is recorded and:
- if a harness process is running, it is asked to stop (its launcher kills the harness's process group,
  reaps it and writes its usage); `run_process` raises RunInterrupted once everything is cleaned up;
- otherwise, unless the code is inside `held()`, RunInterrupted is raised where the program is (discovery,
  the machine facts, between cells: places where unwinding loses nothing).
Every later signal is only noted: the run is already ending, and what it does next (writing the results
and reports of what was measured) must not be cut short. Nothing here knows about runs or reports.
"""

from __future__ import annotations

import contextlib
import signal
from typing import Callable, Iterator

STOP_SIGNALS = tuple(s for s in (signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGHUP", None)) if s is not None)


class RunInterrupted(KeyboardInterrupt):
    """A stop signal ended the run; every process it started has been ended and reaped."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


class _State:
    def __init__(self) -> None:
        self.installed = False
        self.received: int | None = None  # the first stop signal
        self.later: list[int] = []  # signals after the first, ignored
        self.hold_depth = 0
        self.stops: list[Callable[[], None]] = []  # how to end the harness processes running now
        self.previous: dict[int, object] = {}
        self.on_later: Callable[[int], None] = lambda signum: None


_state = _State()


def install(on_later: Callable[[int], None] | None = None) -> None:
    """Handlers for INT, TERM, HUP (main thread only). `on_later` is told of each signal after the first."""
    previous = _state.previous if _state.installed else {}  # installed again (a second run): keep the originals
    _state.__init__()
    _state.on_later = on_later or (lambda signum: None)
    for signum in STOP_SIGNALS:
        handler = signal.signal(signum, _handle)
        _state.previous[signum] = previous.get(signum, handler)
    _state.installed = True


def restore() -> None:
    """Puts the previous handlers back (a run that ended without a signal)."""
    for signum, handler in _state.previous.items():
        signal.signal(signum, handler)
    _state.__init__()


def received() -> int | None:
    return _state.received


def record(signum: int) -> None:
    """Counts as a stop signal received (a KeyboardInterrupt raised by something other than our handler)."""
    if _state.received is None:
        _state.received = signum


def _handle(signum: int, frame) -> None:  # noqa: ARG001 - the signal module's signature
    if _state.received is not None:
        _state.later.append(signum)
        _state.on_later(signum)
        return
    _state.received = signum
    for stop in list(_state.stops):
        stop()
    if _state.hold_depth == 0 and not _state.stops:
        raise RunInterrupted(signum)


def check() -> None:
    """Raises RunInterrupted if a stop signal has arrived: called where starting more work would be wrong."""
    if _state.received is not None:
        raise RunInterrupted(_state.received)


@contextlib.contextmanager
def held() -> Iterator[None]:
    """A section a signal must not cut in two (writing a file, a cell between its measurement and its record).
    A signal arriving inside is recorded; `check()` afterwards acts on it."""
    _state.hold_depth += 1
    try:
        yield
    finally:
        _state.hold_depth -= 1


@contextlib.contextmanager
def stoppable(stop: Callable[[], None]) -> Iterator[None]:
    """While a process runs: a stop signal calls `stop` instead of raising. If the signal came before the
    process was registered (while it was being started), `stop` is called at once."""
    _state.stops.append(stop)
    try:
        if _state.received is not None:
            stop()
        yield
    finally:
        _state.stops.remove(stop)


def exit_code(signum: int) -> int:
    """The shell's convention: 128 + the signal number (130 for SIGINT, 143 for SIGTERM)."""
    return 128 + int(signum)


def name(signum: int) -> str:
    return signal.Signals(signum).name
