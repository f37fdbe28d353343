"""「我的评分」: a judge reads back only their own current marks in their venue, and 回避."""

from __future__ import annotations

import sqlalchemy as sa

from contest.day import stage
from contest.extensions import db
from contest.models import Judge, Recusal
from tests.factories import judges_of, marks_totalling, submit, team_at
from tests.judge_helpers import judge_client

URL = "/api/judge/marks"


def _recusing_judge_and_team(demo):
    """The demo's judge who works for a contesting enterprise, and that team (回避)."""
    recusal = db.session.scalar(sa.select(Recusal))
    return recusal.judge, recusal.team


def test_my_marks_lists_current_versions_and_recusals_in_running_order(app, demo):
    judge, recused_team = _recusing_judge_and_team(demo)
    first, second = team_at(demo, 1), team_at(demo, 2)
    submit(first, judge, marks_totalling("80"))
    submit(first, judge, marks_totalling("86.5"), version=2)
    submit(second, judge, marks_totalling("91"))
    submit(first, judges_of(demo)[0], marks_totalling("70"))  # someone else's: never shown
    stage.call_team(demo.venues[0], recused_team.id, actor="test")  # its turn has come
    db.session.commit()

    body = judge_client(app, judge.number).get(URL).get_json()

    assert [i["name"] for i in body["items"]] == [i.name for i in demo.items]
    assert [i["maximum"] for i in body["items"]] == ["15", "15", "25", "15", "20", "10"]
    rows = [
        (r["order"], r["team_name"], r["recused"], r.get("total"), r.get("version"))
        for r in body["teams"]
    ]
    assert rows == [
        (1, first.team_name, False, "86.5", 2),
        (2, second.team_name, False, "91", 1),
        (recused_team.order_position, recused_team.team_name, True, None, None),
    ]
    assert body["teams"][0]["company_name"] == first.company_name
    assert [body["teams"][0]["marks"][str(i.id)] for i in demo.items] == marks_totalling("86.5")
    assert "marks" not in body["teams"][2]


def test_my_marks_leave_out_a_recused_team_before_its_turn(app, demo):
    judge, _ = _recusing_judge_and_team(demo)
    body = judge_client(app, judge.number).get(URL).get_json()
    assert body["teams"] == []


def test_my_marks_leave_out_other_venues(app, demo):
    from contest.models import StageState, Venue

    judge = judges_of(demo)[1]
    other = Venue(contest=demo, name="第二分会场", position=2)
    db.session.add_all([other, StageState(venue=other)])
    moved = team_at(demo, 3)
    submit(moved, judge, marks_totalling("77"))
    submit(team_at(demo, 1), judge, marks_totalling("88"))
    moved.venue = other  # scored here, then moved to another venue's list
    db.session.commit()
    rows = judge_client(app, judge.number).get(URL).get_json()["teams"]
    assert [(r["order"], r["total"]) for r in rows] == [(1, "88")]


def test_my_marks_need_the_judges_own_link(client, demo):
    response = client.get(URL)
    assert response.status_code == 401
    assert response.get_json()["message"] == "评委身份已失效，请重新扫描您的二维码"


def test_my_marks_end_with_a_reissued_key(app, demo):
    from contest.models import utcnow

    phone = judge_client(app, 2)
    judge = db.session.get(Judge, phone.judge.id)
    judge.key_issued_at = utcnow()
    db.session.commit()
    assert phone.get(URL).status_code == 401
