"""Socket.IO: who may join which room, and that pushes follow commits."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from contest.extensions import db, socketio
from contest.models import AuditEntry, Judge
from tests.conftest import sign_in
from tests.factories import team_at
from tests.judge_helpers import judge_client, open_team, post_json


def _events(client, name="stage_updated") -> list[dict]:
    return [e["args"][0] for e in client.get_received() if e["name"] == name]


def test_viewer_gets_a_snapshot_on_connect(app, client, demo):
    viewer = socketio.test_client(
        app, flask_test_client=client, auth={"audience": "viewer", "venue": demo.venues[0].id}
    )
    [snapshot] = _events(viewer)
    assert snapshot["venue"]["name"] == "第一分会场"
    assert snapshot["stage"]["scene"] == "welcome"
    assert "judges" not in snapshot


def test_judge_without_sign_in_is_refused(app, client, demo):
    judge = socketio.test_client(app, flask_test_client=client, auth={"audience": "judge"})
    assert not judge.is_connected()


def test_viewer_cannot_join_as_host(app, client, demo):
    host = socketio.test_client(
        app, flask_test_client=client, auth={"audience": "host", "venue": demo.venues[0].id}
    )
    assert not host.is_connected()


@pytest.mark.parametrize("auth", [None, {}, {"audience": "display"}, {"audience": "x", "venue": 1}])
def test_malformed_connections_are_refused(app, client, demo, auth):
    assert not socketio.test_client(app, flask_test_client=client, auth=auth).is_connected()


def test_host_actions_reach_judges_hosts_and_viewers(app, client, staff, demo):
    venue = demo.venues[0].id
    sign_in(client, "host1")
    host = socketio.test_client(
        app, flask_test_client=client, auth={"audience": "host", "venue": venue}
    )
    phone = judge_client(app, 1)
    judge = socketio.test_client(app, flask_test_client=phone, auth={"audience": "judge"})
    viewer = socketio.test_client(app, auth={"audience": "viewer", "venue": venue})
    for c in (host, judge, viewer):
        c.get_received()

    page = client.get(f"/host/venues/{venue}").get_data(as_text=True)
    import re

    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    response = client.post(
        f"/api/venues/{venue}/stage/call",
        json={"team_id": team_at(demo, 2).id},
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 200

    [for_viewer] = _events(viewer)
    [for_judge] = _events(judge)
    host_events = _events(host)
    assert for_viewer["stage"]["team"]["team_name"] == "蒸发器装焊班组"
    assert for_judge == {"version": for_viewer["version"]}
    assert host_events[-1]["judges"][0]["state"] == "online"


def test_a_score_updates_the_hosts_progress(app, client, staff, demo):
    venue = demo.venues[0].id
    team = open_team(demo, 1)
    sign_in(client, "host1")
    host = socketio.test_client(
        app, flask_test_client=client, auth={"audience": "host", "venue": venue}
    )
    phone = judge_client(app, 1)
    host.get_received()
    body = {
        "team_id": team.id,
        "marks": {str(i.id): "10" for i in demo.items},
        "total": "60",
        "idempotency_key": "p" * 32,
    }
    response = post_json(phone, "/api/judge/scores", body)
    assert response.status_code == 201, response.get_json()
    latest = _events(host)[-1]
    assert latest["stage"]["progress"] == {"submitted": 1, "expected": 9}
    assert latest["judges"][0]["state"] == "submitted"


def test_hosts_see_how_many_displays_and_viewers_are_connected(app, client, staff, demo):
    venue = demo.venues[0].id
    viewers = [
        socketio.test_client(app, auth={"audience": "viewer", "venue": venue}) for _ in range(3)
    ]
    page = client.get(f"/display/venues/{venue}").get_data(as_text=True)
    display_pass = re.search(r'data-pass="([^"]+)"', page).group(1)
    display = socketio.test_client(
        app, auth={"audience": "display", "venue": venue, "pass": display_pass}
    )
    sign_in(client, "host1")
    assert client.get(f"/api/venues/{venue}/audience").get_json() == {"display": 1, "viewer": 3}
    viewers[0].disconnect()
    display.disconnect()
    assert client.get(f"/api/venues/{venue}/audience").get_json() == {"display": 0, "viewer": 2}


def test_viewers_cannot_read_the_audience_count(client, demo):
    response = client.get(f"/api/venues/{demo.venues[0].id}/audience")
    assert response.status_code == 403


def test_nudge_reaches_only_that_judge(app, client, staff, demo):
    open_team(demo, 1)
    sign_in(client, "host1")
    first = socketio.test_client(
        app, flask_test_client=judge_client(app, 1), auth={"audience": "judge"}
    )
    second = socketio.test_client(
        app, flask_test_client=judge_client(app, 2), auth={"audience": "judge"}
    )
    first.get_received(), second.get_received()
    page = client.get(f"/host/venues/{demo.venues[0].id}").get_data(as_text=True)
    import re

    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    judge = first_judge = db.session.scalar(sa.select(Judge).where(Judge.number == 1))
    response = client.post(
        f"/api/venues/{demo.venues[0].id}/judges/{judge.id}/nudge", headers={"X-CSRFToken": token}
    )
    assert response.get_json() == {"nudged": True, "judge": "评委1", "online": True}
    assert [e["name"] for e in first.get_received()] == ["nudged"]
    assert [e["name"] for e in second.get_received()] == []
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "judge.nudged"))
    assert entry.subject == f"judge:{first_judge.id}"
