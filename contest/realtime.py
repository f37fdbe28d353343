"""Everything the server pushes goes out from here, after the commit it describes.

Rooms: `venue:<id>:public` (hall display, viewers), `venue:<id>:hosts`, `venue:<id>:judges`.
Events state a fact: `stage_updated` carries the venue's full public snapshot (with its
version), so a client never has to merge partial updates; judges get only the version and
fetch their own state, which differs per judge.
"""

from __future__ import annotations

from contest.extensions import db, socketio
from contest.host.state import host_snapshot
from contest.models import Venue
from contest.snapshot import venue_snapshot

PUBLIC, HOSTS, JUDGES = "public", "hosts", "judges"


def room(venue_id: int, audience: str) -> str:
    return f"venue:{venue_id}:{audience}"


def stage_changed(venue_id: int) -> None:
    """Tell every screen of the venue that its state moved on. Call after commit."""
    venue = db.session.get(Venue, venue_id)
    if venue is None:
        return
    snapshot = venue_snapshot(venue)
    for_hosts = host_snapshot(venue)
    db.session.commit()  # end the read transaction before touching the network
    socketio.emit("stage_updated", snapshot, to=room(venue_id, PUBLIC))
    socketio.emit("stage_updated", for_hosts, to=room(venue_id, HOSTS))
    socketio.emit("stage_updated", {"version": snapshot["version"]}, to=room(venue_id, JUDGES))


def judges_changed(venue_id: int) -> None:
    """A judge came online or went away: only the hosts need to know."""
    venue = db.session.get(Venue, venue_id)
    if venue is None:
        return
    for_hosts = host_snapshot(venue)
    db.session.commit()
    socketio.emit("stage_updated", for_hosts, to=room(venue_id, HOSTS))
