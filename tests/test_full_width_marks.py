"""Full-width digits (１４, 13。5) from phones and staff forms are read exactly, on both DBs."""

from __future__ import annotations

import re
import uuid
from decimal import Decimal

import pytest
import sqlalchemy as sa

from contest.day import stage
from contest.day.submissions import ScoreRejected, submit_score
from contest.extensions import db
from contest.models import AuditEntry, Channel, ScoreSubmission
from contest.transactions import atomic
from tests.conftest import sign_in
from tests.factories import judges_of, marks_totalling, submit, team_at
from tests.judge_helpers import judge_client, open_team, post_json

FULL_WIDTH = ["１４.5", "13", "22。5", "１２．５", "17.5", "８．５"]  # 88.5, as an IME types it
# Adds up to 89.0 as Decimals: the refusal must say 89, not 89.0.
HALVES = ["14.5", "13.5", "22.5", "12.5", "17.5", "8.5"]


def _marks(demo, values) -> dict[str, str]:
    return {str(item.id): v for item, v in zip(demo.items, values, strict=True)}


def _submit(demo, judge, team, values, total):
    return atomic(
        lambda: submit_score(
            judge=judge,
            team_id=team.id,
            marks=_marks(demo, values),
            total=total,
            idempotency_key=uuid.uuid4().hex,
        )
    )


def _count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(ScoreSubmission))


def test_full_width_marks_are_stored_exactly(app, demo):
    team = open_team(demo, 1)
    accepted = _submit(demo, judges_of(demo)[0], team, FULL_WIDTH, "８８。５")
    stored = db.session.get(ScoreSubmission, accepted.submission.id)
    assert stored.total == Decimal("88.5")
    assert [str(m.value) for m in sorted(stored.marks, key=lambda m: m.item.position)] == [
        "14.5",
        "13",
        "22.5",
        "12.5",
        "17.5",
        "8.5",
    ]
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "score.submitted"))
    assert sorted(entry.data["marks"].values()) == sorted(
        ["14.5", "13", "22.5", "12.5", "17.5", "8.5"]
    )


@pytest.mark.parametrize("minus", ["－1", "－０"])
def test_a_full_width_minus_is_still_refused(app, demo, minus):
    team = open_team(demo, 1)
    values = ["14.5", minus, "22.5", "12.5", "17.5", "8.5"]
    with pytest.raises(ScoreRejected) as refused:
        _submit(demo, judges_of(demo)[0], team, values, "75.5")
    assert (refused.value.code, refused.value.message) == (
        "bad_mark",
        "“学习与技能”的分数不是有效数字",
    )
    assert _count() == 0


def test_a_wrong_total_names_the_sum_without_a_trailing_zero(app, demo):
    team = open_team(demo, 1)
    with pytest.raises(ScoreRejected) as refused:
        _submit(demo, judges_of(demo)[0], team, HALVES, "90")
    assert refused.value.message == "总分与各项之和不符（各项合计 89）"
    assert _count() == 0


def test_the_phone_api_accepts_full_width_marks(app, demo):
    team = open_team(demo, 1)
    phone = judge_client(app, 1)
    body = {
        "team_id": team.id,
        "marks": _marks(demo, FULL_WIDTH),
        "total": "88.5",
        "idempotency_key": "f" * 32,
    }
    response = post_json(phone, "/api/judge/scores", body)
    assert response.status_code == 201
    submission = response.get_json()["submission"]
    assert submission["total"] == "88.5"
    assert sorted(submission["marks"].values()) == sorted(
        ["14.5", "13", "22.5", "12.5", "17.5", "8.5"]
    )


def _staff_form(client, url: str) -> dict[str, str]:
    page = client.get(url).get_data(as_text=True)
    return {
        "csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', page).group(1),
        "idempotency_key": re.search(r'name="idempotency_key" value="([^"]+)"', page).group(1),
    }


def test_a_paper_ballot_accepts_full_width_digits(client, staff, demo):
    team = open_team(demo, 1)
    judge = judges_of(demo)[4]
    sign_in(client, "admin")
    url = f"/admin/venues/{demo.venues[0].id}/paper/{judge.id}"
    data = {f"mark-{i.id}": m for i, m in zip(demo.items, FULL_WIDTH, strict=True)}
    data.update(_staff_form(client, url), total="８８．５")
    assert client.post(url, data=data).status_code == 302
    stored = db.session.scalar(sa.select(ScoreSubmission))
    assert (stored.team_id, stored.judge_id, stored.total) == (team.id, judge.id, Decimal("88.5"))
    assert stored.channel is Channel.PAPER


def _closed_team(demo):
    venue, team = demo.venues[0], team_at(demo, 1)
    stage.call_team(venue, team.id, actor="test")
    stage.open_scoring(venue, actor="test")
    submit(team, judges_of(demo)[0], marks_totalling("85"))
    stage.close_scoring(venue, actor="test")
    db.session.commit()
    return team


def test_a_correction_form_starts_from_the_current_marks_and_total(client, staff, demo):
    team = _closed_team(demo)
    judge = judges_of(demo)[0]
    sign_in(client, "admin")
    page = client.get(f"/admin/teams/{team.id}/scores/{judge.id}/correct").get_data(as_text=True)
    assert re.findall(r'name="mark-\d+" value="([^"]*)"', page) == marks_totalling("85")
    assert 'name="total" value="85"' in page
    assert 'data-total="follow"' in page  # static/js/marks_form.js keeps it equal to the sum


def test_a_correction_with_a_wrong_total_says_the_sum_plainly(client, staff, demo):
    team = _closed_team(demo)
    judge = judges_of(demo)[0]
    sign_in(client, "admin")
    url = f"/admin/teams/{team.id}/scores/{judge.id}/correct"
    data = {f"mark-{i.id}": m for i, m in zip(demo.items, HALVES, strict=True)}
    data.update(_staff_form(client, url), total="85", reason="评委复核")
    response = client.post(url, data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "总分与各项之和不符（各项合计 89）" in page
    assert "89.0" not in page
    assert _count() == 1
