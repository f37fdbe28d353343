"""Which judges have their page open right now (per process; see README on scaling out)."""

from __future__ import annotations

from collections import defaultdict
from threading import Lock

_sessions: dict[int, set[str]] = defaultdict(set)
_lock = Lock()


def joined(judge_id: int, sid: str) -> None:
    with _lock:
        _sessions[judge_id].add(sid)


def left(sid: str) -> int | None:
    """Forget a connection; return the judge it belonged to, if any."""
    with _lock:
        for judge_id, sids in _sessions.items():
            if sid in sids:
                sids.discard(sid)
                return judge_id
    return None


def online(judge_id: int) -> bool:
    with _lock:
        return bool(_sessions.get(judge_id))


def reset() -> None:
    """Forget every connection (a fresh server process, or a test's fresh app)."""
    with _lock:
        _sessions.clear()
