"""A process seen from /proc: CPU time, memory, pinning (Linux)."""

from __future__ import annotations

import contextlib
import math
import os
from pathlib import Path

CLK_TCK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """utime + stime of every thread of `pid` (fields 14 and 15 of /proc/<pid>/stat)."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (comm) "
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def cpu_busy(cpu: int) -> float:
    """Seconds CPU `cpu` has spent busy (all but idle and iowait) since boot, from /proc/stat."""
    for line in Path("/proc/stat").read_text().splitlines():
        if line.startswith(f"cpu{cpu} "):
            ticks = [int(v) for v in line.split()[1:]]
            return (sum(ticks[:8]) - ticks[3] - ticks[4]) / CLK_TCK
    return math.nan


def memory_mib(pid: int) -> dict[str, float]:
    """VmRSS and VmHWM (peak RSS) of `pid`, in MiB."""
    found = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            found[name] = int(value.split()[0]) / 1024
    return found


def pin(pid: int, cpus: set[int]) -> None:
    """Pin every thread of `pid` (sched_setaffinity on a pid moves only that thread)."""
    for task in os.listdir(f"/proc/{pid}/task"):
        with contextlib.suppress(ProcessLookupError):
            os.sched_setaffinity(int(task), cpus)


def total_cpu_seconds(pids: list[int]) -> float:
    return sum(cpu_seconds(pid) for pid in pids)


def total_memory_mib(pids: list[int]) -> dict[str, float]:
    """VmRSS and VmHWM added up over several processes (each peak is its own)."""
    totals = {"VmRSS": 0.0, "VmHWM": 0.0}
    for pid in pids:
        for name, value in memory_mib(pid).items():
            totals[name] += value
    return totals
