"""Over HTTP: the close names missing judges, a late phone score is kept, the host reopens."""

from __future__ import annotations

import re

import sqlalchemy as sa
from flask_socketio import SocketIOTestClient

from contest.extensions import db, socketio
from contest.models import AuditEntry, LateScore, ScoreSubmission
from tests.conftest import sign_in
from tests.factories import marks_totalling
from tests.judge_helpers import judge_client, open_team, post_json

SCORES = "/api/judge/scores"
KEPT = "评分已结束，您的评分已送达，等待主持人决定是否采纳"


def _host(client, venue_id: int):
    sign_in(client, "host1")
    page = client.get(f"/host/venues/{venue_id}").get_data(as_text=True)
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)

    def act(action: str, **body):
        return client.post(
            f"/api/venues/{venue_id}/stage/{action}", json=body, headers={"X-CSRFToken": token}
        )

    return act


def _score(app, demo, team, number: int, total: str, key: str):
    marks = {str(i.id): m for i, m in zip(demo.items, marks_totalling(total), strict=True)}
    body = {"team_id": team.id, "marks": marks, "total": total, "idempotency_key": key}
    return post_json(judge_client(app, number), SCORES, body)


def _round_without_judges_5_and_6(app, demo):
    team = open_team(demo, 1)
    for number in (1, 2, 3, 4, 7, 8, 9):
        assert _score(app, demo, team, number, "90", f"{number:02d}" * 16).status_code == 201
    return team


def test_close_without_confirmation_names_the_missing_judges(app, client, staff, demo):
    _round_without_judges_5_and_6(app, demo)
    act = _host(client, demo.venues[0].id)
    refused = act("close")
    assert refused.status_code == 409
    assert refused.get_json() == {
        "error": "judges_missing",
        "message": "评委5、评委6 尚未提交，确定结束评分？",
        "missing": ["评委5", "评委6"],
    }
    closed = act("close", confirm_missing=True)
    assert closed.status_code == 200
    assert closed.get_json()["stage"]["scoring_open"] is False


def test_a_late_phone_score_is_kept_and_the_host_is_told_live(app, client, staff, demo):
    team = _round_without_judges_5_and_6(app, demo)
    venue_id = demo.venues[0].id
    act = _host(client, venue_id)
    assert act("close", confirm_missing=True).status_code == 200
    host: SocketIOTestClient = socketio.test_client(
        app, flask_test_client=client, auth={"audience": "host", "venue": venue_id}
    )
    host.get_received()

    first = _score(app, demo, team, 5, "88.5", "k" * 32)
    again = _score(app, demo, team, 5, "88.5", "k" * 32)

    assert first.status_code == 202
    assert first.get_json()["message"] == KEPT
    assert first.get_json()["late"]["status"] == "pending"
    assert first.get_json()["late"]["total"] == "88.5"
    assert (again.status_code, again.get_json()["replayed"]) == (202, True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LateScore)) == 1
    pushes = [e["args"][0] for e in host.get_received() if e["name"] == "stage_updated"]
    assert len(pushes) == 1
    [late] = pushes[0]["late"]
    assert (late["judge"], late["total"], late["why_not"]) == ("评委5", "88.5", "")
    assert late["team"]["team_name"] == team.team_name


def test_reopen_over_http_needs_a_reason_then_accepts_the_late_score(app, client, staff, demo):
    team = _round_without_judges_5_and_6(app, demo)
    act = _host(client, demo.venues[0].id)
    act("close", confirm_missing=True)
    _score(app, demo, team, 5, "88.5", "m" * 32)

    blank = act("reopen", team_id=team.id, reason=" ")
    assert (blank.status_code, blank.get_json()["message"]) == (
        409,
        "重新开放评分须填写原因，原因将记入日志",
    )
    assert act("reopen", team_id=team.id).status_code == 409
    assert act("reopen", reason="x").get_json()["message"] == "请指定班组并填写重新开放评分的原因"

    reopened = act("reopen", team_id=team.id, reason="评委5断网，组长同意采纳")
    assert reopened.status_code == 200
    snapshot = reopened.get_json()
    assert (snapshot["stage"]["scoring_open"], snapshot["late"]) == (True, [])
    assert snapshot["stage"]["progress"] == {"submitted": 8, "expected": 9}
    entry = db.session.scalar(
        sa.select(AuditEntry).where(AuditEntry.action == "stage.scoring_reopened")
    )
    assert (entry.actor, entry.data["reason"]) == (
        f"staff:{staff['host1'].id}",
        "评委5断网，组长同意采纳",
    )

    resent = _score(app, demo, team, 5, "88.5", "m" * 32)
    assert (resent.status_code, resent.get_json()["replayed"]) == (200, True)
    assert resent.get_json()["submission"]["total"] == "88.5"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ScoreSubmission)) == 8
