"""Running one harness process: wall time, CPU time, peak memory, a timeout, a clean end.

Each (workload, impl, size) runs in its own process, so a crash, a hang or a runaway allocation in one impl
never takes the runner or other cells down. Harnesses are started through build/bin/speedlab_spawn (the
launcher, benchmarks/harness/spawn.cpp), which times the harness itself (CLOCK_MONOTONIC, fork to reaped
exit), reports the usage of the harness and everything it started, kills the harness's process group when
it ends, and dies with the runner. The runner blocks on the launcher (a pidfd in poll with the remaining
timeout; elsewhere a blocking wait4 and a timer thread): it sees the exit at once and never sleep-polls.

On a timeout or a stop signal the runner sends SIGTERM to the launcher, which kills the harness group, reaps
it and still writes its usage, so a killed cell's peak memory is the harness's, not the launcher's.
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from speedlab import interrupts
from speedlab.oom import describe_oom, memory_limit

STOP_GRACE_S = 10.0  # how long a stopped launcher may take to reap its harness before it is killed too
POLL_SLICE_S = 1.0  # the longest single poll: a signal's retried poll still looks at the clock this often
# The launcher every run_process without an explicit `spawner` uses; set by lifecycle.Run for a run.
# Processes are started from the main thread only: the launcher's parent-death signal fires when the
# *thread* that forked it ends.
DEFAULT_SPAWNER: Path | None = None


@dataclass
class ProcessResult:
    command: list[str]
    returncode: int | None  # None when killed for the timeout
    stdout: str
    stderr: str
    wall_s: float  # fork to reaped exit: the cold, whole-process time (the launcher's figure when launched)
    user_s: float
    sys_s: float
    max_rss_kib: int  # the largest single process's peak (ru_maxrss of the harness and its descendants)
    timed_out: bool = False
    runner_wall_s: float | None = None  # the runner's own spawn-to-exit time: a cross-check of wall_s
    wall_source: str = "runner"  # "launcher": wall_s and the usage are speedlab_spawn's
    memory_limit: tuple[int, str] | None = None  # (KiB, what it is) when the process started
    load: dict[str, Any] | None = None  # CPU steal and other processes' load while it ran (speedlab/load.py)
    # The peak of the summed resident memory of the harness and all its processes (the launcher samples the
    # tree every 50 ms): what a harness whose work runs in worker processes holds; >= max_rss_kib.
    max_rss_all_kib: int | None = None

    @property
    def cpu_s(self) -> float:
        return self.user_s + self.sys_s

    def describe_exit(self) -> str:
        if self.timed_out:
            return f"killed after the {self.wall_s:.0f} s timeout"
        if self.returncode is None:
            return "did not finish"
        if self.returncode < 0:
            if -self.returncode == signal.SIGKILL:
                # the memory limit is on all the processes together: the summed peak, where known
                oom = describe_oom(self.max_rss_all_kib or self.max_rss_kib, self.memory_limit)
                if oom:
                    return oom
            try:
                name = signal.Signals(-self.returncode).name
            except ValueError:
                name = f"signal {-self.returncode}"
            return f"crashed ({name})"
        return f"exited with status {self.returncode}"

    def stderr_tail(self, lines: int = 15) -> str:
        return "\n".join(self.stderr.rstrip().splitlines()[-lines:])


Interrupted = interrupts.RunInterrupted  # the name the runner used before; a stop signal ended the process


def run_process(
    command: list[str],
    timeout: float,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    spawner: Path | None = None,
) -> ProcessResult:
    """Runs `command` to completion or `timeout`, measuring it; raises RunInterrupted (after ending and reaping
    it) if a stop signal arrives while it runs, and before starting it if one already has.

    A child's peak memory (ru_maxrss) includes the memory of the process it was forked from, up to its exec,
    so a harness started straight from the runner reports at least the runner's own peak. With `spawner`
    (build/bin/speedlab_spawn, when built; DEFAULT_SPAWNER when not given) the command is started through
    that launcher, which reports the harness's own time and usage; without it the figures are the direct
    child's, timed by the runner."""
    interrupts.check()
    spawner = spawner if spawner is not None else DEFAULT_SPAWNER
    usage_path = None
    if spawner is not None and Path(spawner).exists():
        handle, usage_path = tempfile.mkstemp(prefix="speedlab-usage-")
        os.close(handle)
        command_line = [str(spawner), usage_path, *command]
        env = dict(os.environ if env is None else env, SPEEDLAB_SPAWN_PARENT=str(os.getpid()))
    else:
        command_line = command
    try:
        result = _run(command, command_line, timeout, env, cwd, launched=usage_path is not None)
        if usage_path is not None:
            _replace_usage(result, Path(usage_path))
    finally:
        if usage_path is not None:
            _unlink(usage_path)
    interrupts.check()  # a signal during the process: it has been ended and reaped; now the run ends
    return result


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def _replace_usage(result: ProcessResult, usage_path: Path) -> None:
    """The harness's own time and usage, as the launcher wrote them (nothing if the launcher was killed)."""
    try:
        usage = json.loads(usage_path.read_text())
        result.wall_s = float(usage["wall_s"])
        result.max_rss_kib, result.user_s, result.sys_s = int(usage["max_rss_kib"]), usage["user_s"], usage["sys_s"]
        result.max_rss_all_kib = max(result.max_rss_kib, int(usage.get("max_rss_all_kib") or 0))
        result.wall_source = "launcher"
    except (OSError, ValueError, KeyError, TypeError):
        pass


class _Child:
    """The started process and how to end it: SIGTERM to a launcher (it kills and reaps the harness group
    itself), SIGKILL to the group of a process started directly; a launcher that does not exit within
    STOP_GRACE_S is killed too (the harness then dies of its parent-death signal)."""

    def __init__(self, proc: subprocess.Popen, launched: bool):
        self.proc = proc
        self.launched = launched
        self.stop_requested_at: float | None = None
        self.grace_timer: threading.Timer | None = None  # the fallback wait's way of being overdue

    def stop(self, with_timer: bool = False) -> None:
        if self.stop_requested_at is not None:
            return
        self.stop_requested_at = time.monotonic()
        if self.launched:
            _signal(lambda: os.kill(self.proc.pid, signal.SIGTERM))
        else:
            self.kill()
        if with_timer:
            self.grace_timer = threading.Timer(STOP_GRACE_S, self.kill)
            self.grace_timer.daemon = True
            self.grace_timer.start()

    def kill(self) -> None:
        _signal(lambda: os.killpg(self.proc.pid, signal.SIGKILL))

    def overdue(self) -> bool:
        return self.stop_requested_at is not None and time.monotonic() - self.stop_requested_at > STOP_GRACE_S


def _signal(send) -> None:
    try:
        send()
    except (ProcessLookupError, PermissionError):
        pass  # already gone


def _run(
    command: list[str],
    command_line: list[str],
    timeout: float,
    env: dict[str, str] | None,
    cwd: Path | None,
    launched: bool,
) -> ProcessResult:
    limit = memory_limit()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        try:
            with interrupts.held():  # a signal while starting: noticed right after, by stoppable()
                proc = subprocess.Popen(
                    command_line,
                    stdout=out,
                    stderr=err,
                    stdin=subprocess.DEVNULL,
                    env=env,
                    cwd=cwd,
                    start_new_session=True,
                )
        except OSError as error:
            return ProcessResult(command, 127, "", f"cannot start {command[0]}: {error.strerror}", 0.0, 0.0, 0.0, 0)
        child = _Child(proc, launched)
        try:
            with interrupts.stoppable(child.stop):
                timed_out = _wait(child, start + timeout)
        except BaseException:  # a KeyboardInterrupt where no run installed the handlers: end it all the same
            child.stop()
            _wait(child, float("inf"))
            _reap(child)
            raise
        wall = time.perf_counter() - start
        status, rusage = _reap(child)
        out.seek(0)
        err.seek(0)
        return ProcessResult(
            command=command,
            returncode=None if timed_out else proc.returncode,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
            wall_s=wall,
            user_s=rusage.ru_utime,
            sys_s=rusage.ru_stime,
            max_rss_kib=rusage.ru_maxrss,
            timed_out=timed_out,
            runner_wall_s=wall,
            memory_limit=limit,
        )


def _wait(child: _Child, deadline: float) -> bool:
    """Blocks until the child exits (not reaping it); returns whether the timeout ended it."""
    try:
        pidfd = os.pidfd_open(child.proc.pid)
    except (AttributeError, OSError):  # not Linux 5.3+: a blocking wait and a timer thread
        return _wait_with_timer(child, deadline)
    timed_out = False
    try:
        poller = select.poll()
        poller.register(pidfd, select.POLLIN)
        while True:
            now = time.perf_counter()
            if now >= deadline and child.stop_requested_at is None:
                timed_out = True
                child.stop()
            if child.overdue():
                child.kill()
            remaining = deadline - now if child.stop_requested_at is None else STOP_GRACE_S
            if poller.poll(max(0.0, min(remaining, POLL_SLICE_S)) * 1000):
                return timed_out
    finally:
        os.close(pidfd)


def _wait_with_timer(child: _Child, deadline: float) -> bool:
    """The portable fallback: the main thread blocks in waitid (signals still reach it), a timer stops the
    child at the deadline."""
    timed_out = threading.Event()

    def on_deadline() -> None:
        timed_out.set()
        child.stop(with_timer=True)

    timer = None
    if deadline != float("inf"):
        timer = threading.Timer(max(0.0, deadline - time.perf_counter()), on_deadline)
        timer.daemon = True
        timer.start()
    try:
        os.waitid(os.P_PID, child.proc.pid, os.WEXITED | os.WNOWAIT)
    finally:
        for pending in (timer, child.grace_timer):
            if pending is not None:
                pending.cancel()
    return timed_out.is_set()


def _reap(child: _Child):
    """The child has exited: kill what is left of its process group, then reap it with its rusage."""
    child.kill()  # before the reap, while its pid (and group id) cannot have been reused
    _, status, rusage = os.wait4(child.proc.pid, 0)
    child.proc.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4: tell Popen
    return status, rusage
