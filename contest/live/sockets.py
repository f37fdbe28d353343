"""Socket.IO connections: who may join which room. Handlers never write to the database."""

from __future__ import annotations

from flask import current_app, request
from flask_login import current_user
from flask_socketio import ConnectionRefusedError, emit, join_room

from contest.auth.guards import can_watch
from contest.database import is_row_id
from contest.day.snapshot import venue_snapshot
from contest.display import passes
from contest.extensions import db, socketio
from contest.host.state import host_snapshot
from contest.judge.session import signed_in_judge
from contest.live import presence, realtime
from contest.live.realtime import HOSTS, JUDGES, PUBLIC, room
from contest.models import Judge, Venue


def _venue(auth: object) -> Venue:
    venue_id = auth.get("venue") if isinstance(auth, dict) else None
    venue = db.session.get(Venue, venue_id) if is_row_id(venue_id) else None
    if venue is None:
        raise ConnectionRefusedError("unknown_venue")
    return venue


def _emitted_by_client() -> bool:
    """Whether a connect/disconnect handler runs for an event a client emitted under that
    reserved name rather than for the connection itself. python-socketio dispatches such an
    event to the same handler, but only on a connection it holds as connected; during a
    real connect or disconnect it holds the connection as pending."""
    return socketio.server.manager.is_connected(request.sid, request.namespace)


@socketio.on("connect")
def on_connect(auth: object = None) -> object:
    if _emitted_by_client():
        return socketio.server.not_handled  # as for any event nobody handles: no answer
    audience = auth.get("audience") if isinstance(auth, dict) else None
    if audience == "judge":
        judge = signed_in_judge()
        if judge is None or judge.venue_id is None:
            raise ConnectionRefusedError("not_signed_in")
        join_room(room(judge.venue_id, JUDGES))
        join_room(realtime.judge_room(judge.id))
        emit("stage_updated", {"version": venue_snapshot(judge.venue)["version"]})
        presence.joined(judge.id, request.sid)
        venue_id = judge.venue_id
        db.session.commit()
        realtime.judges_changed(venue_id)
        return
    elif audience == "host":
        venue = _venue(auth)
        if not can_watch(current_user, venue):  # hosts, admins; the 监督 only receives
            raise ConnectionRefusedError("forbidden")
        join_room(room(venue.id, HOSTS))
        emit("stage_updated", host_snapshot(venue))
    elif audience in ("display", "viewer"):
        venue = _venue(auth)
        # A display is the venue's display only with its page's pass; else it is a viewer.
        found = passes.pass_id(auth.get("pass"), venue.id) if audience == "display" else None
        admitted = presence.watching(
            request.sid,
            venue.id,
            "display" if found else "viewer",
            display_pass=found,
            address=request.remote_addr or "",
            cap=int(current_app.config.get("CONTEST_PUBLIC_SOCKETS_PER_ADDRESS", 0)),
        )
        if not admitted:
            db.session.commit()
            raise ConnectionRefusedError("too_many_connections")
        join_room(room(venue.id, PUBLIC))
        emit("stage_updated", venue_snapshot(venue))
    else:
        raise ConnectionRefusedError("unknown_audience")
    db.session.commit()


@socketio.on("disconnect")
def on_disconnect(*_args: object) -> object:
    if _emitted_by_client():  # a page still connected must not be counted as gone
        return socketio.server.not_handled
    judge_id = presence.left(request.sid)
    if judge_id is None:
        return
    judge = db.session.get(Judge, judge_id)
    if judge is not None and judge.venue_id is not None:
        realtime.judges_changed(judge.venue_id)
