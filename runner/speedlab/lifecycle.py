"""A run from start to end: its lock, its folder, its signals, and one way of ending.

    with Run(results_root, console, write_reports, launcher) as run:
        writer = run.start(document)       # results.json exists from here on
        ...                                # discovery, machine facts, ceilings, the cells
    document, run_dir = run.document, run.run_dir

However the run ends — every cell done, or SIGINT / SIGTERM / SIGHUP at any moment (discovery, the machine
facts, the ceilings, a cell, between cells) — it ends the same way: the harness in flight is stopped and
reaped with its process group (process.py), every measured cell is kept, results.json says "complete" or
"interrupted" (with the signal), the reports are written from what was measured with every further signal
ignored, the run's data/ folder and temporary files are removed, `latest` points at the run, and the exit
status (`exit_code`) is 128 + the signal (130 for Ctrl-C, 143 for SIGTERM).

Two runs on one results folder measure each other. Each run holds results_root/.speedlab.lock (flock, shared)
for its whole length; a run that finds it already held warns once and goes on. A run that finds it free is
alone, so any run folder still saying "running" belongs to a runner that was SIGKILLed: its data/ is removed.

SPEEDLAB_TEST_REPORTS_PAUSE=PATH (tests only): before writing the reports, touch PATH and wait 2 s, so a
test can send a signal while the reports are being written.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import time
from pathlib import Path
from typing import Any, Callable

from speedlab import interrupts, process, results

try:
    import fcntl
except ImportError:  # not POSIX: runs are not locked, and nothing warns
    fcntl = None  # type: ignore[assignment]

LOCK_NAME = ".speedlab.lock"
REPORTS_PAUSE_VARIABLE = "SPEEDLAB_TEST_REPORTS_PAUSE"
CONCURRENT_WARNING = (
    "another speedlab run is using {root} right now (it holds {lock}). The two runs will measure "
    "each other: they share this machine's cores, caches and memory bandwidth, so both runs' "
    "times come out slower and noisier than either alone. Let one finish before starting the "
    "next."
)


class RunLock:
    """results_root/.speedlab.lock, held shared by every run for its whole length. Taking it exclusively
    first tells whether another run holds it; the exclusive moment is also when stale folders are swept."""

    def __init__(self, results_root: Path):
        self.path = results_root / LOCK_NAME
        self.alone = True
        self._fd: int | None = None
        if fcntl is None:
            return
        results_root.mkdir(parents=True, exist_ok=True)
        self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.alone = False

    def share(self) -> None:
        """From exclusive (alone) or nothing (not alone) to shared, held until release()."""
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_SH)

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing drops the lock
            self._fd = None


def sweep_abandoned(results_root: Path) -> list[Path]:
    """data/ folders of runs whose runner died without ending them (status still "running", and no other run
    alive: the caller holds the lock alone). Returns the folders removed."""
    removed = []
    for data in sorted((results_root / "runs").glob("*/data")):
        try:
            status = json.loads((data.parent / "results.json").read_text())["run"]["status"]
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if status == "running":
            shutil.rmtree(data, ignore_errors=True)
            removed.append(data)
    return removed


def exit_code(document: dict[str, Any]) -> int | None:
    """128 + the signal that ended the run (130 for SIGINT), or None when no signal did."""
    name = document["run"].get("signal")
    if not name:
        return None
    return interrupts.exit_code(signal.Signals[name])


class Run:
    def __init__(
        self,
        results_root: Path,
        console,
        write_reports: Callable[[dict[str, Any], Path], None],
        launcher: Path | None = None,
    ):
        self.results_root = results_root
        self.console = console
        self.write_reports = write_reports
        self.launcher = launcher
        self.lock: RunLock | None = None
        self.run_dir: Path | None = None
        self.writer: results.ResultsWriter | None = None
        self._previous_spawner: Path | None = None

    @property
    def document(self) -> dict[str, Any]:
        return self.writer.document

    def __enter__(self) -> "Run":
        interrupts.install(on_later=_note_later_signal)
        with interrupts.held():  # a signal now is acted on by the first check() inside the with block
            self.lock = RunLock(self.results_root)
            if self.lock.alone:
                for data in sweep_abandoned(self.results_root):
                    self.console.print(f"[dim]removed {data}: left by a run whose runner was killed[/]")
            else:
                self.console.print(
                    "[yellow]warning:[/] " + CONCURRENT_WARNING.format(root=self.results_root, lock=self.lock.path)
                )
            self.lock.share()
            self.run_dir = results.new_run_dir(self.results_root)
            self._previous_spawner, process.DEFAULT_SPAWNER = process.DEFAULT_SPAWNER, self.launcher
        return self

    def start(self, document: dict[str, Any]) -> results.ResultsWriter:
        """Writes results.json (status "running") and returns its writer."""
        document["run"]["concurrent_run"] = not self.lock.alone
        self.writer = results.ResultsWriter(self.run_dir, document)
        interrupts.check()
        return self.writer

    def __exit__(self, exc_type, exc, tb) -> bool:
        interrupted = exc is not None and isinstance(exc, KeyboardInterrupt)
        status = "complete" if exc is None else "interrupted" if interrupted else "crashed"
        try:
            with interrupts.held():  # the signals handlers stay: from here on a signal is noted, never acted on
                if interrupted:
                    interrupts.record(getattr(exc, "signum", signal.SIGINT))  # a bare KeyboardInterrupt: Ctrl-C
                try:
                    self._end(status)
                finally:
                    process.DEFAULT_SPAWNER = self._previous_spawner
                    if self.lock is not None:
                        self.lock.release()
        finally:  # also when writing the reports failed and the error goes on up
            if interrupts.received() is None:
                interrupts.restore()
        return interrupted  # an interruption ends here; a crash of the runner itself goes on up

    def _end(self, status: str) -> None:
        shutil.rmtree(self.run_dir / "data", ignore_errors=True)  # generated inputs are not results
        if self.writer is None:
            return  # nothing was written yet (a crash before results.json)
        signum = interrupts.received()
        facts = {"signal": interrupts.name(signum)} if signum is not None else {}
        self.writer.finish(status, **facts)
        if status == "interrupted":
            self.console.print(
                f"[yellow]interrupted ({interrupts.name(signum)}): keeping the "
                f"{len(self.writer.cells)} cell(s) measured so far; writing the reports (further "
                f"signals are ignored until they are written)[/]"
            )
        try:
            if status != "crashed":
                _test_pause()
                self.write_reports(self.writer.document, self.run_dir)
        except Exception:
            # A bug in a report must not hide what was measured: results.json is complete, `latest` still
            # moves to this run, and the error goes on up (a traceback, exit 1) with how to rewrite the reports.
            self.console.print(
                f"[red]writing the reports failed[/]; every measurement is in "
                f"{self.run_dir / 'results.json'}: once fixed, `speedlab report {self.run_dir}`"
            )
            raise
        finally:
            results.point_latest(self.results_root, self.run_dir)
        later = interrupts.received()
        if later is not None and signum is None:  # a signal while the reports of a complete run were written
            self.writer.document["run"]["signal"] = interrupts.name(later)
            self.writer.flush()


def _note_later_signal(signum: int) -> None:
    # Called from the signal handler: a plain write, not the console (which may be mid-line).
    message = f"\nspeedlab: {interrupts.name(signum)} ignored: already stopping, writing what was measured\n"
    try:
        os.write(2, message.encode())
    except OSError:
        pass


def _test_pause() -> None:
    marker = os.environ.get(REPORTS_PAUSE_VARIABLE)
    if marker:
        Path(marker).touch()
        time.sleep(2.0)
