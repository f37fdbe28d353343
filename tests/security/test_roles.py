"""Every route (tests/security/routes.py) and every Socket.IO audience, for each person."""

from __future__ import annotations

import contextvars
from urllib.parse import quote

import pytest
import sqlalchemy as sa

from contest.extensions import db, socketio
from contest.models import StageState
from tests.factories import team_at
from tests.security.identities import (
    IDENTITIES,
    applicant_world,
    clerk_and_supervisor,
    fingerprint,
    identity,
    second_venue,
)
from tests.security.routes import (
    ADMIN_ONLY,
    ANY_STAFF,
    APPLICANTS,
    CLERKS,
    JUDGE_ONLY,
    PUBLIC,
    SIGN_INS,
    SUPERVISOR_WATCHES,
    VENUE_HOSTS,
    calls,
    refusal,
    send,
)

HOST_ONLY_KEYS = {
    *{"judges", "order", "audience", "overtime_rule", "drawn", "deductions", "talk_kept_ms"},
}


@pytest.fixture
def world(app, staff, demo):
    second_venue(demo)
    clerk_and_supervisor()
    applicant_world()
    return demo


def refused_as_expected(response, how, path: str) -> bool:
    if how == "apply-login":
        return response.status_code == 302 and response.headers["Location"] == (
            "/apply/login?next=" + path
        )
    if how == "login":
        return response.status_code == 302 and response.headers["Location"] == (
            "/staff/login?next=" + quote(path, safe="")
        )
    if response.status_code != how:
        return False
    if path.startswith("/api/"):
        return response.get_json()["error"] == {401: "not_signed_in", 403: "forbidden"}[how]
    return how != 403 or "您没有权限访问此页面" in response.get_data(as_text=True)


def let_in(response, endpoint: str = "") -> bool:
    location = response.headers.get("Location", "")
    refused = (401, 403) if endpoint not in SIGN_INS else (403,)
    return (
        response.status_code < 500
        and response.status_code not in refused
        and not location.startswith(("/staff/login?next=", "/apply/login?next="))
    )


def test_allow_lists_name_only_real_routes(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    lists = PUBLIC | JUDGE_ONLY | VENUE_HOSTS.keys() | CLERKS | ADMIN_ONLY | ANY_STAFF | APPLICANTS
    assert lists - endpoints == set()
    assert SUPERVISOR_WATCHES - VENUE_HOSTS.keys() == set()


@pytest.mark.parametrize("who", IDENTITIES)
def test_every_route_refuses_or_serves_each_identity(app, world, who):
    person = identity(app, who)
    every = calls(app, world)
    refused = [c for c in every if refusal(c, who) is not None]
    before = fingerprint()
    wrong = []
    for call in refused:
        response = send(person.client(app), call, world, person.csrf)
        if not refused_as_expected(response, refusal(call, who), call.path):
            wrong.append(f"{call.method} {call.path} -> {response.status_code}")
    assert wrong == []
    assert fingerprint() == before  # a refused request writes nothing
    allowed = [c for c in every if refusal(c, who) is None]

    def visit(chosen):
        for call in chosen:
            response = send(person.client(app), call, world, person.csrf)
            if not let_in(response, call.endpoint):
                wrong.append(f"{call.method} {call.path} -> {response.status_code}")

    visit([c for c in allowed if c.endpoint not in PUBLIC])
    if who == "supervisor":
        assert fingerprint() == before  # opened every staff page and changed nothing
    # Public routes last: /j/<key> and /j's code sign a judge's phone in, for anyone.
    visit([c for c in allowed if c.endpoint in PUBLIC])
    assert wrong == []


def test_a_judges_session_cannot_run_the_stage(app, world):
    person = identity(app, "judge")
    judge, token = person.client(app), person.csrf
    venue = world.venues[0]
    before = fingerprint()
    for action, body in (("call", {"team_id": team_at(world, 1).id}), ("open", {}), ("reveal", {})):
        response = judge.post(
            f"/api/venues/{venue.id}/stage/{action}", json=body, headers={"X-CSRFToken": token}
        )
        assert (response.status_code, response.get_json()) == (
            401,
            {"error": "not_signed_in", "message": "请先登录"},
        )
    assert fingerprint() == before
    stage = db.session.scalar(sa.select(StageState).where(StageState.venue_id == venue.id))
    assert stage.team_id is None


def _socket(app, auth: dict, person=None):
    """A Socket.IO client connecting in a context of its own, as on a server: otherwise the
    test's app context (and the signed-in user cached in its `g`) would be shared."""
    flask_client = person.client(app) if person is not None else None
    return contextvars.Context().run(
        socketio.test_client, app, flask_test_client=flask_client, auth=auth
    )


def _connects(app, person, auth: dict) -> tuple[bool, set[str]]:
    """Whether the connection is accepted, and the keys of the first snapshot it receives."""
    client = _socket(app, auth, person)
    if not client.is_connected():
        return False, set()
    events = [e["args"][0] for e in client.get_received() if e["name"] == "stage_updated"]
    client.disconnect()
    return True, set(events[0]) if events else set()


# Which Socket.IO audiences each person may join (venue 1's hosts, venue 2's hosts).
AUDIENCES = {
    "anonymous": {"display", "viewer"},
    "judge": {"judge", "display", "viewer"},
    "applicant": {"display", "viewer"},  # an applicant is no judge and no staff
    "clerk": {"display", "viewer"},
    "supervisor": {"host", "other_host", "display", "viewer"},  # watches, sends nothing
    "other_host": {"other_host", "display", "viewer"},
    "host": {"host", "display", "viewer"},
    "admin": {"host", "other_host", "display", "viewer"},
}


def test_socket_audiences_follow_roles(app, world):
    venue, other = (v.id for v in world.venues)
    for who in IDENTITIES:
        person = identity(app, who)
        results = {
            name: _connects(app, person, auth)
            for name, auth in (
                ("judge", {"audience": "judge"}),
                ("host", {"audience": "host", "venue": venue}),
                ("other_host", {"audience": "host", "venue": other}),
                ("display", {"audience": "display", "venue": venue}),
                ("viewer", {"audience": "viewer", "venue": venue}),
            )
        }
        accepted = {name for name, (connected, _keys) in results.items() if connected}
        assert accepted == AUDIENCES[who], who
        for name in ("display", "viewer"):
            assert results[name][1] & HOST_ONLY_KEYS == set()  # never a host's snapshot
        for name in {"host", "other_host"} & accepted:
            assert results[name][1] >= HOST_ONLY_KEYS


def test_viewers_and_judges_never_receive_what_hosts_see(app, world):
    venue = world.venues[0].id
    host = identity(app, "host")
    watchers = {
        "viewer": _socket(app, {"audience": "viewer", "venue": venue}),
        "display": _socket(app, {"audience": "display", "venue": venue}),
        "judge": _socket(app, {"audience": "judge"}, identity(app, "judge")),
        "host": _socket(app, {"audience": "host", "venue": venue}, host),
    }
    for client in watchers.values():
        client.get_received()
    response = host.client(app).post(
        f"/api/venues/{venue}/stage/call",
        json={"team_id": team_at(world, 2).id},
        headers={"X-CSRFToken": host.csrf},
    )
    assert response.status_code == 200
    received = {name: client.get_received() for name, client in watchers.items()}
    snapshots = {
        name: [e["args"][0] for e in events if e["name"] == "stage_updated"]
        for name, events in received.items()
    }
    assert all(snapshots.values()), received
    for name in ("viewer", "display"):
        assert all(set(s) & HOST_ONLY_KEYS == set() for s in snapshots[name])
    assert all(set(s) == {"version"} for s in snapshots["judge"])
    assert set(snapshots["host"][-1]) >= HOST_ONLY_KEYS
