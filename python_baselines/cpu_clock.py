"""The CPU time of this harness process and of the worker processes it started, for "cores used".

A repetition's cores used is (user + system CPU time) / wall time over the timed iterations. The harness's
own process CPU clock (CLOCK_PROCESS_CPUTIME_ID: every thread, the GIL-free ones included) misses the
worker processes of python.processes and python.*_shared, and the kernel adds a child's CPU time to its
parent's only once the child is reaped, at the end of the process. So the live descendants are found in
/proc (by parent pid) and their threads' CPU time is read from /proc/PID/task/TID/schedstat (nanoseconds;
/proc/PID/stat's clock ticks, 10 ms, are the fallback where schedstat is missing).

Only what runs while the clock is read counts: a worker that exits between two readings loses its time
from the sum (the pools here live for the whole process, so none does).
"""

from __future__ import annotations

import os
import time

_TICK_NS = 1_000_000_000 // (os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100)


def descendants(root: int | None = None) -> list[int]:
    """The pids of every live descendant of `root` (default: this process), from /proc; [] without /proc."""
    root = os.getpid() if root is None else root
    parents: dict[int, int] = {}
    try:
        entries = os.listdir("/proc")
    except OSError:
        return []
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as stat:
                text = stat.read()
        except OSError:
            continue  # exited while listed
        fields = text[text.rfind(b")") + 2 :].split()  # the name may hold spaces and ')': split after it
        parents[int(entry)] = int(fields[1])
    found, frontier = [], [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent]
        found += children
        frontier += children
    return found


def process_cpu_ns(pid: int) -> int:
    """User + system CPU time of every thread of `pid`, in ns; 0 if it is gone."""
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return 0
    total = 0
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/schedstat", "rb") as schedstat:
                total += int(schedstat.read().split()[0])
        except (OSError, ValueError, IndexError):
            return _stat_cpu_ns(pid)
    return total


def _stat_cpu_ns(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            text = stat.read()
    except OSError:
        return 0
    fields = text[text.rfind(b")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) * _TICK_NS  # utime, stime: fields 14 and 15 of stat(5)


class TreeClock:
    """Reads the CPU time of this process and of the descendants alive when the clock was made."""

    def __init__(self) -> None:
        self.children = descendants()

    def read_ns(self) -> int:
        return time.process_time_ns() + sum(process_cpu_ns(pid) for pid in self.children)
