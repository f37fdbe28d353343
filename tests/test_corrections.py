"""Staff correct a mark after scoring closes: a new version with a reason; screens update."""

from __future__ import annotations

import re
from decimal import Decimal

import sqlalchemy as sa

from contest.day import stage
from contest.extensions import db, socketio
from contest.models import AuditEntry, Channel, ScoreSubmission
from contest.ranking import standings
from tests.conftest import sign_in
from tests.factories import judges_of, marks_totalling, submit, team_at

TOTALS = ["88", "90", "91", "92", "95"]  # drop 88 and 95: (90 + 91 + 92) / 3 = 91.00


def _revealed(demo):
    venue, team = demo.venues[0], team_at(demo, 1)
    stage.call_team(venue, team.id, actor="test")
    stage.open_scoring(venue, actor="test")
    for judge, total in zip(judges_of(demo), TOTALS, strict=False):
        submit(team, judge, marks_totalling(total))
    stage.close_scoring(venue, actor="test")
    stage.reveal(venue, actor="test", force_reason="测试")
    db.session.commit()
    return team


def _post(client, team, judge, total, reason):
    page = client.get(f"/admin/teams/{team.id}/scores/{judge.id}/correct").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    key = re.search(r'name="idempotency_key" value="([^"]+)"', page).group(1)
    data = {
        f"mark-{i.id}": m for i, m in zip(team.contest.items, marks_totalling(total), strict=True)
    }
    data.update(total=total, reason=reason, csrf_token=csrf, idempotency_key=key)
    return client.post(f"/admin/teams/{team.id}/scores/{judge.id}/correct", data=data)


def test_a_correction_is_a_new_version_and_moves_the_result(app, client, staff, demo):
    team = _revealed(demo)
    judge = judges_of(demo)[1]  # gave 90
    viewer = socketio.test_client(app, auth={"audience": "viewer", "venue": demo.venues[0].id})
    viewer.get_received()
    sign_in(client, "admin")
    assert _post(client, team, judge, "93", "评委复核后更正：录入时看错一行").status_code == 302

    versions = db.session.scalars(
        sa.select(ScoreSubmission)
        .where(ScoreSubmission.judge_id == judge.id)
        .order_by(ScoreSubmission.version)
    ).all()
    assert [(v.version, str(v.total), v.channel) for v in versions] == [
        (1, "90", Channel.PHONE),
        (2, "93", Channel.CORRECTION),
    ]
    assert versions[1].entered_by_id == staff["admin"].id
    assert versions[1].reason == "评委复核后更正：录入时看错一行"
    # Now 88 91 92 93 95: drop 88 and 95 -> (91 + 92 + 93) / 3 = 92.00
    [result] = standings.compute(demo)
    assert result.score.published == Decimal("92.00")
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "score.corrected"))
    assert (entry.data["previous_total"], entry.data["total"]) == ("90", "93")
    pushed = [e["args"][0] for e in viewer.get_received() if e["name"] == "stage_updated"]
    assert pushed[-1]["reveal"]["published"] == "92.00"


def test_a_correction_without_a_reason_writes_nothing(client, staff, demo):
    team = _revealed(demo)
    sign_in(client, "admin")
    response = _post(client, team, judges_of(demo)[1], "93", "  ")
    assert response.status_code == 422
    assert "更正分数必须填写原因" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ScoreSubmission)) == 5


def test_no_correction_while_scoring_is_open(client, staff, demo):
    venue, team = demo.venues[0], team_at(demo, 2)
    stage.call_team(venue, team.id, actor="test")
    stage.open_scoring(venue, actor="test")
    db.session.commit()
    sign_in(client, "admin")
    response = _post(client, team, judges_of(demo)[0], "90", "原因")
    assert response.status_code == 422
    assert "评分尚未结束，请使用纸质评分录入" in response.get_data(as_text=True)


def test_team_scores_page_shows_every_version(client, staff, demo):
    team = _revealed(demo)
    sign_in(client, "admin")
    page = client.get(f"/admin/teams/{team.id}/scores").get_data(as_text=True)
    assert page.count("<td>手机</td>") == 10  # 5 current + 5 in the history
