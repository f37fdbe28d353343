"""The server trusts nothing from the phone: every rejection is explained and writes nothing."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
import sqlalchemy as sa

from contest.day import stage
from contest.day.submissions import Held, ScoreRejected, submit_score
from contest.extensions import db
from contest.models import AuditEntry, Channel, ScoreSubmission, Team, Venue
from contest.transactions import atomic
from tests.factories import judges_of, team_at

ACTOR = "staff:test"
GOOD = ["14.5", "13", "22.5", "12.5", "17.5", "8.5"]  # total 88.5


def _open(demo, order: int) -> Team:
    venue = demo.venues[0]
    team = team_at(demo, order)
    stage.call_team(venue, team.id, actor=ACTOR)
    stage.open_scoring(venue, actor=ACTOR)
    db.session.commit()
    return team


def _marks(demo, values=GOOD) -> dict[str, str]:
    return {str(item.id): v for item, v in zip(demo.items, values, strict=True)}


def _submit(judge, team_id, marks, total="88.5", key=None):
    return atomic(
        lambda: submit_score(
            judge=judge,
            team_id=team_id,
            marks=marks,
            total=total,
            idempotency_key=key or uuid.uuid4().hex,
        )
    )


def _counts() -> tuple[int, int]:
    return (
        db.session.scalar(sa.select(sa.func.count()).select_from(ScoreSubmission)),
        db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)),
    )


def test_a_valid_score_is_stored_with_a_receipt_and_audited(app, demo):
    team = _open(demo, 1)
    judge = judges_of(demo)[0]
    accepted = _submit(judge, team.id, _marks(demo))
    assert accepted.replayed is False
    assert accepted.submission.total == Decimal("88.5")
    assert accepted.submission.version == 1
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "score.submitted"))
    assert entry.data["receipt"] == accepted.submission.receipt
    assert entry.data["total"] == "88.5"


def test_revision_creates_a_new_version(app, demo):
    team = _open(demo, 1)
    judge = judges_of(demo)[0]
    _submit(judge, team.id, _marks(demo))
    revised = _submit(
        judge, team.id, _marks(demo, ["15", "13", "22.5", "12.5", "17.5", "8.5"]), "89"
    )
    assert revised.submission.version == 2
    assert db.session.scalar(
        sa.select(AuditEntry.action).order_by(AuditEntry.id.desc()).limit(1)
    ) == ("score.revised")


def test_the_same_idempotency_key_is_applied_once(app, demo):
    team = _open(demo, 1)
    judge = judges_of(demo)[0]
    first = _submit(judge, team.id, _marks(demo), key="k" * 32)
    again = _submit(judge, team.id, _marks(demo), key="k" * 32)
    assert again.replayed is True
    assert again.submission.id == first.submission.id
    assert _counts()[0] == 1


def test_a_replay_is_acknowledged_even_after_scoring_closed(app, demo):
    team = _open(demo, 1)
    judge = judges_of(demo)[0]
    _submit(judge, team.id, _marks(demo), key="r" * 32)
    stage.close_scoring(demo.venues[0], actor=ACTOR)
    db.session.commit()
    assert _submit(judge, team.id, _marks(demo), key="r" * 32).replayed is True


@pytest.mark.parametrize(
    ("change", "code", "message"),
    [
        ({"total": "90"}, "total_mismatch", "总分与各项之和不符（各项合计 88.5）"),
        (
            {"marks": ["16", "13", "22.5", "12.5", "17.5", "8.5"], "total": "90"},
            "out_of_range",
            "“班组概况与基础管理”的分数必须在 0 到 15 之间",
        ),
        (
            {"marks": ["14.5", "-1", "22.5", "12.5", "17.5", "8.5"], "total": "73.5"},
            "out_of_range",
            "“学习与技能”的分数必须在 0 到 15 之间",
        ),
        (
            {"marks": ["14.5", "13", "22.3", "12.5", "17.5", "8.5"], "total": "88.3"},
            "off_step",
            "“质量改进与创新”请以 0.5 分为单位",
        ),
        (
            {"marks": ["14.5", "13", "22.5", "", "17.5", "8.5"], "total": "76"},
            "missing_mark",
            "请填写“现场管理”的分数",
        ),
        (
            {"marks": ["14.5", "13", "22.5", "12.5", "abc", "8.5"], "total": "71"},
            "bad_mark",
            "“成果与顾客评价”的分数不是有效数字",
        ),
        (
            {"marks": ["14.5", "13", "22.5", "12.5", "17.5", "NaN"], "total": "80"},
            "bad_mark",
            "“发表与答辩”的分数不是有效数字",
        ),
        ({"extra": True}, "unknown_item", "评分表中没有这一项，请刷新页面"),
        ({"key": "short"}, "bad_key", "提交编号无效，请刷新页面后重新提交"),
        ({"team": "other"}, "scoring_closed", "该班组当前未开放评分"),
        ({"team": 999_999}, "unknown_team", "没有这个班组，请刷新页面"),
    ],
)
def test_bad_submissions_are_refused_and_write_nothing(app, demo, change, code, message):
    team = _open(demo, 1)
    judge = judges_of(demo)[0]
    marks = _marks(demo, change.get("marks", GOOD))
    if change.get("extra"):
        marks["999999"] = "1"
    team_id = {"other": team_at(demo, 2).id}.get(change.get("team"), change.get("team", team.id))
    before = _counts()
    with pytest.raises(ScoreRejected) as refused:
        _submit(judge, team_id, marks, change.get("total", "88.5"), change.get("key"))
    assert (refused.value.code, refused.value.message) == (code, message)
    assert _counts() == before


def test_a_recused_judge_cannot_score(app, demo):
    team = _open(demo, 4)  # judge 3 works for this enterprise
    judge = judges_of(demo)[2]
    with pytest.raises(ScoreRejected) as refused:
        _submit(judge, team.id, _marks(demo))
    assert refused.value.message == "您与该班组存在回避关系，不能为其评分"
    assert _counts()[0] == 0


def test_an_inactive_judge_cannot_score(app, demo):
    team = _open(demo, 1)
    judge = judges_of(demo)[0]
    judge.active = False
    db.session.commit()
    with pytest.raises(ScoreRejected) as refused:
        _submit(judge, team.id, _marks(demo))
    assert refused.value.code == "judge_inactive"


def test_a_judge_of_another_venue_cannot_score(app, demo):
    team = _open(demo, 1)
    judge = judges_of(demo)[0]
    judge.venue = Venue(contest_id=demo.id, name="第二分会场", position=2)
    db.session.commit()
    with pytest.raises(ScoreRejected) as refused:
        _submit(judge, team.id, _marks(demo))
    assert (refused.value.code, refused.value.message) == (
        "wrong_venue",
        "该班组不在您所在的分会场",
    )


def test_scores_after_scoring_closes_are_held_not_counted(app, demo):
    team = _open(demo, 1)
    stage.close_scoring(demo.venues[0], actor=ACTOR)
    db.session.commit()
    held = _submit(judges_of(demo)[0], team.id, _marks(demo))
    assert isinstance(held, Held) and held.late.total == Decimal("88.5")
    assert _counts()[0] == 0  # no submission: standings and progress never see it


def test_a_paper_ballot_after_the_reveal_is_refused_not_held(app, demo):
    team = _open(demo, 1)
    stage.close_scoring(demo.venues[0], actor=ACTOR)
    team.revealed_at = team.scoring_closed_at
    db.session.commit()
    with pytest.raises(ScoreRejected) as refused:
        atomic(
            lambda: submit_score(
                judge=judges_of(demo)[0],
                team_id=team.id,
                marks=_marks(demo),
                total="88.5",
                idempotency_key=uuid.uuid4().hex,
                channel=Channel.PAPER,
                actor=ACTOR,
            )
        )
    assert refused.value.code == "scoring_closed"


def test_a_key_reused_for_another_team_is_refused(app, demo):
    team = _open(demo, 1)
    judge = judges_of(demo)[0]
    _submit(judge, team.id, _marks(demo), key="x" * 32)
    with pytest.raises(ScoreRejected) as refused:
        _submit(judges_of(demo)[1], team.id, _marks(demo), key="x" * 32)
    assert refused.value.code == "idempotency_conflict"
