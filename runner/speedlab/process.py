"""Running one harness process: timeout, CPU time, peak memory, clean kill.

Each (workload, impl, size) runs in its own process, so a crash, a hang or a
runaway allocation in one impl never takes the runner or other cells down.
The process gets its own session (process group): a timeout or Ctrl-C kills
it and anything it spawned.
"""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class ProcessResult:
    command: list[str]
    returncode: int | None  # None when killed for the timeout
    stdout: str
    stderr: str
    wall_s: float  # spawn to exit: the cold, whole-process time
    user_s: float
    sys_s: float
    max_rss_kib: int
    timed_out: bool = False

    @property
    def cpu_s(self) -> float:
        return self.user_s + self.sys_s

    def describe_exit(self) -> str:
        if self.timed_out:
            return f"killed after the {self.wall_s:.0f} s timeout"
        if self.returncode is None:
            return "did not finish"
        if self.returncode < 0:
            try:
                name = signal.Signals(-self.returncode).name
            except ValueError:
                name = f"signal {-self.returncode}"
            return f"crashed ({name})"
        return f"exited with status {self.returncode}"

    def stderr_tail(self, lines: int = 15) -> str:
        return "\n".join(self.stderr.rstrip().splitlines()[-lines:])


class Interrupted(Exception):
    """Ctrl-C arrived while a harness was running; it has been killed."""


def run_process(command: list[str], timeout: float, env: dict[str, str] | None = None,
                cwd: Path | None = None, spawner: Path | None = None) -> ProcessResult:
    """Runs `command` to completion or `timeout`, measuring it with wait4's rusage.

    A child's peak memory (ru_maxrss) includes the memory of the process it was forked from, up to its
    exec, so a harness started straight from the runner reports at least the runner's own peak. With
    `spawner` (build/bin/speedlab_spawn, when built) the command is started through that small launcher,
    which reports the harness's own rusage; without it the figures are the direct child's."""
    usage_path = None
    if spawner is not None and Path(spawner).exists():
        handle, usage_path = tempfile.mkstemp(prefix="speedlab-usage-")
        os.close(handle)
        command_line = [str(spawner), usage_path, *command]
    else:
        command_line = command
    try:
        result = _run(command, command_line, timeout, env, cwd)
        if usage_path is not None:
            _replace_usage(result, Path(usage_path))
        return result
    finally:
        if usage_path is not None:
            os.unlink(usage_path)


def _replace_usage(result: ProcessResult, usage_path: Path) -> None:
    """The harness's own rusage, as the launcher wrote it (nothing when it was killed first)."""
    try:
        max_rss, user, system = usage_path.read_text().split()
        result.max_rss_kib, result.user_s, result.sys_s = int(max_rss), float(user), float(system)
    except (OSError, ValueError):
        pass


def _run(command: list[str], command_line: list[str], timeout: float, env: dict[str, str] | None,
         cwd: Path | None) -> ProcessResult:
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        try:
            proc = subprocess.Popen(command_line, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env,
                                    cwd=cwd, start_new_session=True)
        except OSError as error:
            return ProcessResult(command, 127, "", f"cannot start {command[0]}: {error.strerror}", 0.0, 0.0, 0.0, 0)
        timed_out = False
        status = rusage = None
        delay = 0.001
        try:
            while True:
                pid, status, rusage = os.wait4(proc.pid, os.WNOHANG)
                if pid == proc.pid:
                    break
                if time.perf_counter() - start > timeout:
                    timed_out = True
                    _kill_group(proc.pid)
                    _, status, rusage = os.wait4(proc.pid, 0)
                    break
                time.sleep(delay)
                delay = min(delay * 2, 0.05)
        except KeyboardInterrupt:
            _kill_group(proc.pid)
            os.wait4(proc.pid, 0)
            proc.returncode = -signal.SIGKILL
            raise Interrupted() from None
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4: tell Popen
        out.seek(0)
        err.seek(0)
        return ProcessResult(
            command=command, returncode=None if timed_out else proc.returncode,
            stdout=out.read().decode("utf-8", "replace"), stderr=err.read().decode("utf-8", "replace"),
            wall_s=wall, user_s=rusage.ru_utime, sys_s=rusage.ru_stime, max_rss_kib=rusage.ru_maxrss,
            timed_out=timed_out)


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
