"""py-spy on a running server, without pausing it (bench.fanout --profile)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def py_spy() -> str | None:
    beside = Path(sys.executable).with_name("py-spy")
    return str(beside) if beside.exists() else shutil.which("py-spy")


def start_profile(pid: int, n: int, cpus: set[int] | None) -> tuple[subprocess.Popen, Path]:
    """py-spy record on the server, without pausing it (--nonblocking), raw collapsed stacks."""
    out = Path(tempfile.gettempdir()) / f"fanout-{n}-server.pyspy.txt"
    spy = subprocess.Popen(
        [
            *(py_spy(), "record", "--pid", str(pid), "--rate", "200", "--nonblocking"),
            *("--format", "raw", "--output", str(out)),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        preexec_fn=(lambda: os.sched_setaffinity(0, cpus)) if cpus else None,
    )
    time.sleep(1.0)  # attached before the first action
    return spy, out


def stop_profile(spy: subprocess.Popen, out: Path) -> dict:
    spy.send_signal(signal.SIGINT)
    try:
        spy.wait(timeout=30)
    except subprocess.TimeoutExpired:
        spy.kill()
        spy.wait(5)
    inclusive: dict[str, int] = {}
    total = 0
    if out.exists():
        for line in out.read_text().splitlines():
            stack, _, count = line.rpartition(" ")
            if not count.isdigit():
                continue
            total += int(count)
            for frame in set(stack.split(";")):
                inclusive[frame] = inclusive.get(frame, 0) + int(count)
    top = sorted(inclusive.items(), key=lambda kv: -kv[1])
    return {"file": str(out), "samples": total, "inclusive": top[:60]}
