"""Everything the server pushes goes out from here, after the commit it describes.

Rooms: `venue:<id>:public` (hall display, viewers), `venue:<id>:hosts`, `venue:<id>:judges`.
Events state a fact. `stage_updated` carries the venue's full public snapshot with its
feed version and the version of the push before it, so a screen that missed a push knows
to reload; judges get only the version and fetch their own state, which differs per judge.

Host actions go out at once. Score submissions only move the judges' progress, and with a
thousand viewers one push per submission would swamp the server, so those are coalesced:
at most one push per venue every CONTEST_COALESCE_MS (250 ms by default).
"""

from __future__ import annotations

from threading import Lock

from flask import current_app

from contest.day.snapshot import venue_snapshot
from contest.extensions import db, socketio
from contest.host.state import host_snapshot
from contest.models import Venue

PUBLIC, HOSTS, JUDGES = "public", "hosts", "judges"

_lock = Lock()
_dirty: set[int] = set()
_last_sent: dict[int, int] = {}
_flusher_started = False


def room(venue_id: int, audience: str) -> str:
    return f"venue:{venue_id}:{audience}"


def stage_changed(venue_id: int, *, urgent: bool = True) -> dict | None:
    """Tell every screen of the venue that its state moved on. Call after commit.

    Returns the hosts' snapshot when it was sent at once, so a caller can answer with it.
    """
    interval = int(current_app.config.get("CONTEST_COALESCE_MS", 250))
    if urgent or interval <= 0:
        return _broadcast(venue_id)
    with _lock:
        _dirty.add(venue_id)
    _ensure_flusher(current_app._get_current_object(), interval)
    return None


def _broadcast(venue_id: int) -> dict | None:
    venue = db.session.get(Venue, venue_id)
    if venue is None:
        return None
    snapshot = venue_snapshot(venue)  # built once: the hosts' view and the answer reuse it
    db.session.commit()  # end the read transaction before touching the network
    with _lock:
        previous = _last_sent.get(venue_id)
        stale = previous is not None and snapshot["version"] <= previous
        if not stale:
            _last_sent[venue_id] = snapshot["version"]
            _dirty.discard(venue_id)
    if not stale:
        snapshot["previous"] = previous
        # The hall and the viewers first; yielding lets the push go out before the host's
        # view is built (database calls do not yield under gevent).
        socketio.emit("stage_updated", snapshot, to=room(venue_id, PUBLIC))
        socketio.emit("stage_updated", {"version": snapshot["version"]}, to=room(venue_id, JUDGES))
        socketio.sleep(0)
    for_hosts = host_snapshot(venue, snapshot)
    db.session.commit()
    if not stale:
        socketio.emit("stage_updated", for_hosts, to=room(venue_id, HOSTS))
    return for_hosts


def _ensure_flusher(app, interval_ms: int) -> None:
    global _flusher_started
    with _lock:
        if _flusher_started:
            return
        _flusher_started = True
    socketio.start_background_task(_flush_forever, app, interval_ms / 1000)


def _flush_forever(app, interval: float) -> None:
    while True:
        socketio.sleep(interval)
        with _lock:
            venues = list(_dirty)
            _dirty.clear()
        for venue_id in venues:
            with app.app_context():
                try:
                    _broadcast(venue_id)
                except Exception:  # one bad push must not stop the loop for every venue
                    app.logger.exception("broadcast failed for venue %s", venue_id)
                finally:
                    db.session.remove()


def judges_changed(venue_id: int) -> None:
    """A judge came online or went away: only the hosts need to know."""
    venue = db.session.get(Venue, venue_id)
    if venue is None:
        return
    for_hosts = host_snapshot(venue)
    db.session.commit()
    socketio.emit("stage_updated", for_hosts, to=room(venue_id, HOSTS))


def judge_room(judge_id: int) -> str:
    return f"judge:{judge_id}"


def nudge(judge_id: int) -> None:
    """The host asks this judge to finish scoring: their phone vibrates and flashes."""
    socketio.emit("nudged", {}, to=judge_room(judge_id))


def reset() -> None:
    """Forget what was sent (a fresh app in tests)."""
    with _lock:
        _dirty.clear()
        _last_sent.clear()
