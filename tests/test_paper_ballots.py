"""Paper ballots keyed in by staff: same checks as a phone, recorded as paper with who."""

from __future__ import annotations

import re

import sqlalchemy as sa

from contest.day import stage
from contest.extensions import db
from contest.models import AuditEntry, Channel, ScoreSubmission
from tests.conftest import sign_in
from tests.factories import judges_of
from tests.judge_helpers import open_team

MARKS = ["14.5", "13", "22.5", "12.5", "17.5", "8.5"]


def _form(client, venue_id, judge_id) -> tuple[str, str]:
    page = client.get(f"/admin/venues/{venue_id}/paper/{judge_id}").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    key = re.search(r'name="idempotency_key" value="([^"]+)"', page).group(1)
    return csrf, key


def _post(client, demo, judge, marks=MARKS, total="88.5", form=None):
    venue = demo.venues[0].id
    csrf, key = form or _form(client, venue, judge.id)
    data = {f"mark-{item.id}": m for item, m in zip(demo.items, marks, strict=True)}
    data.update(total=total, csrf_token=csrf, idempotency_key=key)
    return client.post(f"/admin/venues/{venue}/paper/{judge.id}", data=data)


def test_paper_ballot_is_stored_as_paper_with_who_entered_it(client, staff, demo):
    team = open_team(demo, 1)
    judge = judges_of(demo)[4]
    sign_in(client, "admin")
    response = _post(client, demo, judge)
    assert response.status_code == 302
    stored = db.session.scalar(sa.select(ScoreSubmission))
    assert (stored.team_id, stored.judge_id, str(stored.total)) == (team.id, judge.id, "88.5")
    assert stored.channel is Channel.PAPER
    assert stored.entered_by_id == staff["admin"].id
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "score.submitted"))
    assert entry.actor == f"staff:{staff['admin'].id}"
    assert entry.data["channel"] == "paper"
    assert entry.data["entered_by"] == staff["admin"].id
    page = client.get(f"/admin/venues/{demo.venues[0].id}/paper").get_data(as_text=True)
    assert f"已录入{judge.label}的纸质评分：总分 88.5，回执 {stored.receipt}" in page


def test_paper_ballot_allowed_after_close_until_the_reveal(client, staff, demo):
    open_team(demo, 1)
    stage.close_scoring(demo.venues[0], actor="test")
    db.session.commit()
    sign_in(client, "admin")
    assert _post(client, demo, judges_of(demo)[0]).status_code == 302
    stage.reveal(demo.venues[0], actor="test", force_reason="其余评委纸质表未到")
    db.session.commit()
    response = _post(client, demo, judges_of(demo)[1])
    assert response.status_code == 422
    assert "该班组当前未开放评分" in response.get_data(as_text=True)


def test_a_wrong_total_on_paper_is_caught_and_nothing_written(client, staff, demo):
    open_team(demo, 1)
    sign_in(client, "admin")
    response = _post(client, demo, judges_of(demo)[0], total="89.5")
    assert response.status_code == 422
    assert "总分与各项之和不符（各项合计 88.5）" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ScoreSubmission)) == 0


def test_a_double_submitted_paper_form_is_stored_once(client, staff, demo):
    open_team(demo, 1)
    judge = judges_of(demo)[0]
    sign_in(client, "admin")
    form = _form(client, demo.venues[0].id, judge.id)
    assert _post(client, demo, judge, form=form).status_code == 302
    assert _post(client, demo, judge, form=form).status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ScoreSubmission)) == 1


def test_hosts_cannot_enter_paper_ballots(client, staff, demo):
    open_team(demo, 1)
    sign_in(client, "host1")
    judge = judges_of(demo)[0]
    assert client.get(f"/admin/venues/{demo.venues[0].id}/paper/{judge.id}").status_code == 403
