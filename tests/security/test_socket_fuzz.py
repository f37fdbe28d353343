"""Socket.IO under bad input: malformed or wrong-role connects, junk events, replays.

The server registers no client->server events of its own: a connection says who it is in
its `auth` (audience, venue) and then only listens. So every refused connect must end with
no connection, nothing received, no room joined, nothing written, nothing logged; and every
event a client emits, whatever its name or payload, must change nothing and get no answer.
"""

from __future__ import annotations

import contextvars
import logging
import re

import pytest

from contest.extensions import db, socketio
from contest.live import presence
from contest.models import StageState, Venue
from tests.conftest import sign_in
from tests.factories import judges_of, team_at
from tests.judge_helpers import judge_client
from tests.security.test_api_fuzz import database_rows

HOST_ONLY = {"judges", "order", "audience"}  # in a host snapshot, never in a public one

MALFORMED_AUTH = [
    None,
    {},
    [],
    "viewer",
    42,
    True,
    ["viewer", 1],
    {"audience": None, "venue": 1},
    {"audience": ["viewer"], "venue": 1},
    {"audience": {"viewer": True}, "venue": 1},
    {"audience": "Viewer", "venue": 1},
    {"audience": "viewer ", "venue": 1},
    {"audience": "admin", "venue": 1},
    {"audience": "x" * 1_000_000, "venue": 1},
    {"audience": "viewer"},
    {"audience": "display", "venue": None},
    {"audience": "viewer", "venue": "1"},
    {"audience": "viewer", "venue": 1.0},
    {"audience": "viewer", "venue": True},
    {"audience": "viewer", "venue": 0},
    {"audience": "viewer", "venue": -1},
    {"audience": "viewer", "venue": 2**31},
    {"audience": "display", "venue": 2**63},
    {"audience": "display", "venue": 10**40},
    {"audience": "viewer", "venue": [1]},
    {"audience": "viewer", "venue": {"id": 1}},
    {"audience": "viewer", "venue": "1" * 1_000_000},
    {"audience": "host", "venue": "1"},
    {"audience": "judge", "venue": 1},  # no judge signed in on this client
]


def _rooms(client) -> set[str]:
    """The rooms a test client's connection is in (its own sid room left out)."""
    manager = socketio.server.manager
    sid = manager.sid_from_eio_sid(client.eio_sid, "/")
    return set() if sid is None else set(manager.get_rooms(sid, "/")) - {sid}


def _received(client) -> list[dict]:
    """What the server sent this client since the last look, connected or not."""
    received, client.queue = client.queue, []
    return received


def _as_server(call, *args, **kwargs):
    """Run a socket call as the server does: in a context of its own (own `g`, own database
    session), not inside the test's app context, where Flask-Login's cached user of one
    connection would leak into the next."""
    db.session.commit()
    try:
        return contextvars.Context().run(call, *args, **kwargs)
    finally:
        db.session.commit()


def _connect(app, auth, http=None):
    return _as_server(socketio.test_client, app, flask_test_client=http, auth=auth)


@pytest.fixture
def quiet(caplog):
    """Fails the test if the server logged a warning or an error (a swallowed exception)."""
    caplog.set_level(logging.WARNING)
    yield
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []


@pytest.fixture
def two_venues(app, staff, demo):
    """The demo's venue, which host1 hosts, and a second one, which host1 does not."""
    second = Venue(contest=demo, name="第二分会场", position=2)
    db.session.add_all([second, StageState(venue=second)])
    db.session.commit()
    return demo.venues[0], second


def _host_call(app, venue, demo) -> None:
    """A real host action, so every room of the venue gets a push."""
    host = app.test_client()
    sign_in(host, "host1")
    page = host.get(f"/host/venues/{venue.id}").get_data(as_text=True)
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    response = host.post(
        f"/api/venues/{venue.id}/stage/call",
        json={"team_id": team_at(demo, 1).id},
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 200


def test_malformed_connect_auth_is_refused_cleanly(app, demo, staff, two_venues, quiet):
    venue, _ = two_venues
    before = database_rows()
    refused = [_connect(app, auth) for auth in MALFORMED_AUTH]
    assert [c.is_connected() for c in refused] == [False] * len(MALFORMED_AUTH)
    assert [_rooms(c) for c in refused] == [set()] * len(MALFORMED_AUTH)
    assert presence.audience(venue.id) == {"display": 0, "viewer": 0}
    assert database_rows() == before

    _host_call(app, venue, demo)  # nothing of it reaches a refused client
    assert [_received(c) for c in refused] == [[]] * len(MALFORMED_AUTH)


def test_wrong_role_connects_get_no_host_snapshot(app, demo, staff, two_venues, quiet):
    venue, other = two_venues
    stranger, host = app.test_client(), app.test_client()
    sign_in(host, "host1")
    phone = judge_client(app, 1)
    before = database_rows()
    attempts = {
        "stranger as host": _connect(app, {"audience": "host", "venue": venue.id}, stranger),
        "judge as host": _connect(app, {"audience": "host", "venue": venue.id}, phone),
        "host1 of another venue": _connect(app, {"audience": "host", "venue": other.id}, host),
        "stranger as judge": _connect(app, {"audience": "judge"}, stranger),
        "host1 as judge": _connect(app, {"audience": "judge"}, host),
    }
    assert {name: c.is_connected() for name, c in attempts.items()} == dict.fromkeys(
        attempts, False
    )
    assert {name: _received(c) for name, c in attempts.items()} == {name: [] for name in attempts}
    assert database_rows() == before

    # The same sessions asking for what they may have are let in, and only there.
    allowed = _connect(app, {"audience": "host", "venue": venue.id}, host)
    [snapshot] = [e["args"][0] for e in allowed.get_received()]
    assert set(snapshot) >= HOST_ONLY
    assert _rooms(allowed) == {f"venue:{venue.id}:hosts"}
    judge = _connect(app, {"audience": "judge"}, phone)
    assert _rooms(judge) == {f"venue:{venue.id}:judges", f"judge:{phone.judge.id}"}

    _host_call(app, venue, demo)
    assert {name: _received(c) for name, c in attempts.items()} == {name: [] for name in attempts}


EVENT_NAMES = ["stage_updated", "score", "submit", "call", "message", "json", "nudge", "x" * 10_000]
RESERVED_NAMES = ["connect", "disconnect", "connect_error"]
JUNK = [
    (),
    (None,),
    (1,),
    ("junk",),
    ([1, "two", None],),
    ({"team_id": 1, "marks": {"1": "15"}, "total": "15", "idempotency_key": "e" * 32},),
    ({"audience": "host", "venue": 1},),
    ({"nested": [[[[[[[[[[{}]]]]]]]]]]},),
    (b"\x00\xff binary",),
    ("\u0000\ud800",),
    ("x" * 1_000_000,),
    ({}, {"audience": "host", "venue": 1}),  # the shape of a real connect: (environ, auth)
    ("a", "b", "c"),
]


def test_emitted_events_change_nothing_and_get_no_answer(app, demo, staff, two_venues, quiet):
    venue, other = two_venues
    host, phone = app.test_client(), judge_client(app, 1)
    sign_in(host, "host1")
    clients = {
        "viewer": _connect(app, {"audience": "viewer", "venue": venue.id}),
        "judge": _connect(app, {"audience": "judge"}, phone),
        "host": _connect(app, {"audience": "host", "venue": venue.id}, host),
    }
    for client in clients.values():
        _received(client)
    rooms = {name: _rooms(c) for name, c in clients.items()}
    audience, online = presence.audience(venue.id), presence.online_judges()
    before = database_rows()

    for name, client in clients.items():
        for event in EVENT_NAMES + RESERVED_NAMES:
            for args in JUNK:
                for callback in (False, True):
                    answer = _as_server(client.emit, event, *args, callback=callback)
                    assert answer is None, (name, event, args)
                    # replayed: the same event again changes no more than the first did
                    assert _as_server(client.emit, event, *args, callback=callback) is None

    assert {name: c.is_connected() for name, c in clients.items()} == dict.fromkeys(clients, True)
    assert {name: _received(c) for name, c in clients.items()} == {name: [] for name in clients}
    assert {name: _rooms(c) for name, c in clients.items()} == rooms
    assert (presence.audience(venue.id), presence.online_judges()) == (audience, online)
    assert presence.audience(other.id) == {"display": 0, "viewer": 0}
    assert database_rows() == before

    # Still live: a real host action reaches each of them once.
    _host_call(app, venue, demo)
    assert {name: len(_received(c)) for name, c in clients.items()} == dict.fromkeys(clients, 1)


def test_a_repeated_connect_counts_each_page_once(app, demo, staff, two_venues, quiet):
    """Two tabs are two viewers; two pages of one judge keep the judge online until both go."""
    venue, _ = two_venues
    auth = {"audience": "viewer", "venue": venue.id}
    tabs = [_connect(app, auth), _connect(app, auth)]
    assert [len(_received(t)) for t in tabs] == [1, 1]  # each got its snapshot
    assert presence.audience(venue.id) == {"display": 0, "viewer": 2}
    # The CONNECT packet replayed on an open connection is refused by the library before
    # our handler runs: still one viewer, still in its room, no second snapshot.
    _as_server(tabs[1].connect, auth={"audience": "display", "venue": venue.id})
    assert (_rooms(tabs[1]), _received(tabs[1])) == ({f"venue:{venue.id}:public"}, [])
    assert presence.audience(venue.id) == {"display": 0, "viewer": 2}
    _as_server(tabs[0].disconnect)
    assert presence.audience(venue.id) == {"display": 0, "viewer": 1}

    phone = judge_client(app, 1)
    pages = [_connect(app, {"audience": "judge"}, phone) for _ in range(2)]
    assert presence.online(phone.judge.id)
    _as_server(pages[0].disconnect)
    assert presence.online(phone.judge.id)  # the other page is still open
    _as_server(pages[1].disconnect)
    assert not presence.online(phone.judge.id)
    assert judges_of(demo)[0].id == phone.judge.id
