"""Time for the stage clock: the wall clock to show, a monotonic clock to measure.

A talk's length decides an overtime deduction, so it must not move when the server's wall
clock is stepped (NTP correcting a drifted clock, an operator setting the time in the hall).
CLOCK_MONOTONIC is shared by every process of one machine since it booted, so a start stored
by one process is measured correctly by another; a start from another boot (or another
machine) falls back to the wall clock, which is then all there is.
"""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path

from contest.models import utcnow

_BOOT_ID_FILE = Path("/proc/sys/kernel/random/boot_id")


def _boot_id() -> str:
    try:
        return _BOOT_ID_FILE.read_text().strip()[:40]
    except OSError:
        return ""


BOOT_ID = _boot_id()


def wall() -> datetime:
    return utcnow()


def mono() -> float:
    return time.monotonic()


def since_ms(started_wall: datetime | None, started_mono: float | None, boot: str | None) -> int:
    """Milliseconds since a start, by the monotonic clock when it was stored on this boot."""
    if started_mono is not None and boot and boot == BOOT_ID:
        return max(0, int((mono() - started_mono) * 1000))
    if started_wall is None:
        return 0
    return max(0, int((wall() - started_wall).total_seconds() * 1000))


def running_ms(stage) -> int:
    """How long a stage's clock has run since its last start (0 when paused)."""
    if stage.timer_started_at is None:
        return 0
    return since_ms(stage.timer_started_at, stage.timer_started_mono, stage.timer_boot)
