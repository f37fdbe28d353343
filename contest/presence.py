"""Who is connected right now: judges' pages, hall displays, remote viewers.

Kept in this process's memory. Several server processes each count their own
connections; see README on scaling out.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from threading import Lock

_judges: dict[int, set[str]] = defaultdict(set)
_watchers: dict[str, tuple[int, str]] = {}  # sid -> (venue id, "display" | "viewer")
_lock = Lock()


def joined(judge_id: int, sid: str) -> None:
    with _lock:
        _judges[judge_id].add(sid)


def watching(sid: str, venue_id: int, audience: str) -> None:
    with _lock:
        _watchers[sid] = (venue_id, audience)


def left(sid: str) -> int | None:
    """Forget a connection; return the judge it belonged to, if any."""
    with _lock:
        _watchers.pop(sid, None)
        for judge_id, sids in _judges.items():
            if sid in sids:
                sids.discard(sid)
                return judge_id
    return None


def online(judge_id: int) -> bool:
    with _lock:
        return bool(_judges.get(judge_id))


def audience(venue_id: int) -> dict[str, int]:
    """How many hall displays and remote viewers follow this venue."""
    with _lock:
        counts = Counter(kind for venue, kind in _watchers.values() if venue == venue_id)
    return {"display": counts["display"], "viewer": counts["viewer"]}


def reset() -> None:
    """Forget every connection (a fresh server process, or a test's fresh app)."""
    with _lock:
        _judges.clear()
        _watchers.clear()
