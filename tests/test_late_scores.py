"""A score that arrives after the close is kept, not counted, and accepted only on reopening."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
import sqlalchemy as sa

from contest.day import late_scores, stage
from contest.day.snapshot import progress
from contest.day.stage import JudgesMissing, StageRefused
from contest.day.submissions import Accepted, Held, submit_score
from contest.extensions import db
from contest.models import (
    AuditEntry,
    Channel,
    LateScore,
    LateStatus,
    ScoreSubmission,
    StageState,
    TeamStatus,
)
from contest.ranking import standings
from contest.transactions import atomic
from tests.factories import judges_of, marks_totalling, team_at

ACTOR = "staff:test"
# Judges 1-4 and 6-9 score in time; trimmed (drop 90 and 97): 93.50.
ON_TIME = {1: "90", 2: "91", 3: "92", 4: "93", 6: "94", 7: "95", 8: "96", 9: "97"}
LATE = "92.5"  # judge 5's; counted, 91 … 96 and 92.5 are kept: 653.5 / 7 = 93.357… -> 93.36


def _score(demo, judge, team, total: str, *, key: str | None = None) -> Accepted | Held:
    marks = {str(i.id): m for i, m in zip(demo.items, marks_totalling(total), strict=True)}
    return atomic(
        lambda: submit_score(
            judge=judge,
            team_id=team.id,
            marks=marks,
            total=total,
            idempotency_key=key or uuid.uuid4().hex,
        )
    )


def _closed_without_judge_5(demo):
    venue, team = demo.venues[0], team_at(demo, 1)
    atomic(lambda: stage.call_team(venue, team.id, actor=ACTOR))
    atomic(lambda: stage.open_scoring(venue, actor=ACTOR))
    judges = judges_of(demo)
    for number, total in ON_TIME.items():
        assert isinstance(_score(demo, judges[number - 1], team, total), Accepted)
    atomic(lambda: stage.close_scoring(venue, actor=ACTOR, confirm_missing=True))
    return venue, team, judges[4]


def _published(demo, team) -> Decimal:
    results = standings.compute(demo, venue_id=team.venue_id)
    return next(r.score.published for r in results if r.team.id == team.id)


def _actions(action: str) -> list[dict]:
    rows = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
    )
    return [entry.data for entry in rows]


def _reopen(venue, team, reason: str = "评委5手机断网，评分在结束后送达，经评审组长同意采纳"):
    return atomic(
        lambda: late_scores.reopen_scoring(venue, team_id=team.id, reason=reason, actor=ACTOR)
    )


def test_close_with_judges_missing_names_them_and_changes_nothing(app, demo):
    venue, team = demo.venues[0], team_at(demo, 1)
    atomic(lambda: stage.call_team(venue, team.id, actor=ACTOR))
    atomic(lambda: stage.open_scoring(venue, actor=ACTOR))
    judges = judges_of(demo)
    for number in (1, 2, 3, 4, 7, 8, 9):
        _score(demo, judges[number - 1], team, "90")
    with pytest.raises(JudgesMissing) as refused:
        atomic(lambda: stage.close_scoring(venue, actor=ACTOR, confirm_missing=False))
    assert refused.value.labels == ["评委5", "评委6"]
    assert refused.value.message == "评委5、评委6 尚未提交，确定结束评分？"
    assert db.session.get(StageState, venue.id).scoring_open is True
    assert team.scoring_closed_at is None
    assert _actions("stage.scoring_closed") == []


def test_close_confirmed_records_who_was_missing(app, demo):
    _closed_without_judge_5(demo)
    (closed,) = _actions("stage.scoring_closed")
    assert closed["missing"] == ["评委5"]
    assert closed["progress"] == {"submitted": 8, "expected": 9}


def test_close_with_every_judge_in_needs_no_confirmation(app, demo):
    venue, team = demo.venues[0], team_at(demo, 1)
    atomic(lambda: stage.call_team(venue, team.id, actor=ACTOR))
    atomic(lambda: stage.open_scoring(venue, actor=ACTOR))
    for judge in judges_of(demo):
        _score(demo, judge, team, "90")
    atomic(lambda: stage.close_scoring(venue, actor=ACTOR, confirm_missing=False))
    assert team.status is TeamStatus.SCORED


def test_late_score_is_stored_and_audited_but_not_counted(app, demo):
    _, team, judge = _closed_without_judge_5(demo)
    before = _published(demo, team)
    held = _score(demo, judge, team, LATE, key="L" * 32)
    assert isinstance(held, Held) and held.replayed is False
    late = db.session.scalar(sa.select(LateScore))
    assert (late.judge_id, late.team_id, late.total, late.status) == (
        judge.id,
        team.id,
        Decimal("92.5"),
        LateStatus.PENDING,
    )
    assert sorted(late.marks.values()) == sorted(marks_totalling(LATE))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ScoreSubmission)) == 8
    assert progress(team) == {"submitted": 8, "expected": 9}
    assert before == Decimal("93.50")
    assert _published(demo, team) == Decimal("93.50")
    (arrived,) = _actions("score.arrived_late")
    assert (arrived["judge"], arrived["total"], arrived["revealed"]) == (judge.id, "92.5", False)


def test_late_score_resend_is_answered_without_a_duplicate(app, demo):
    _, team, judge = _closed_without_judge_5(demo)
    first = _score(demo, judge, team, LATE, key="R" * 32)
    again = _score(demo, judge, team, LATE, key="R" * 32)
    assert isinstance(again, Held) and again.replayed is True
    assert again.late.id == first.late.id
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LateScore)) == 1
    assert len(_actions("score.arrived_late")) == 1


def test_late_score_is_listed_for_the_host_with_reopen_available(app, demo):
    venue, team, judge = _closed_without_judge_5(demo)
    _score(demo, judge, team, LATE)
    (row,) = late_scores.for_host(venue)
    assert (row["judge"], row["total"], row["team"]["id"], row["why_not"]) == (
        "评委5",
        "92.5",
        team.id,
        "",
    )


def test_reopen_without_a_reason_is_refused_and_changes_nothing(app, demo):
    venue, team, judge = _closed_without_judge_5(demo)
    _score(demo, judge, team, LATE)
    with pytest.raises(StageRefused) as refused:
        _reopen(venue, team, reason="   ")
    assert refused.value.message == "重新开放评分须填写原因，原因将记入日志"
    assert team.scoring_closed_at is not None
    assert db.session.scalar(sa.select(LateScore.status)) is LateStatus.PENDING
    assert _actions("stage.scoring_reopened") == []


def test_reopen_accepts_the_late_score_and_changes_the_standings_exactly(app, demo):
    venue, team, judge = _closed_without_judge_5(demo)
    _score(demo, judge, team, LATE, key="A" * 32)
    _reopen(venue, team)
    row = db.session.get(StageState, venue.id)
    assert (row.scoring_open, team.scoring_closed_at, team.status) == (
        True,
        None,
        TeamStatus.PRESENTING,
    )
    accepted = db.session.scalar(
        sa.select(ScoreSubmission).where(ScoreSubmission.judge_id == judge.id)
    )
    assert (accepted.version, accepted.total, accepted.channel, accepted.idempotency_key) == (
        1,
        Decimal("92.5"),
        Channel.PHONE,
        "A" * 32,
    )
    late = db.session.scalar(sa.select(LateScore))
    assert (late.status, late.submission_id) == (LateStatus.ACCEPTED, accepted.id)
    (reopened,) = _actions("stage.scoring_reopened")
    assert reopened["reason"] == "评委5手机断网，评分在结束后送达，经评审组长同意采纳"
    assert reopened["accepted"] == [late.id]
    (taken,) = _actions("score.late_accepted")
    assert (taken["judge"], taken["total"], taken["version"]) == (judge.id, "92.5", 1)
    assert late_scores.for_host(venue) == []
    atomic(lambda: stage.close_scoring(venue, actor=ACTOR, confirm_missing=False))
    assert _published(demo, team) == Decimal("93.36")
    # The phone's resend of the same key is now answered as the accepted submission.
    resent = _score(demo, judge, team, LATE, key="A" * 32)
    assert isinstance(resent, Accepted) and resent.submission.id == accepted.id


def test_reopen_takes_only_the_newest_late_score_of_a_judge(app, demo):
    venue, team, judge = _closed_without_judge_5(demo)
    _score(demo, judge, team, "70")
    _score(demo, judge, team, LATE)
    _reopen(venue, team)
    statuses = db.session.execute(
        sa.select(LateScore.total, LateScore.status).order_by(LateScore.id)
    )
    assert [tuple(r) for r in statuses] == [
        (Decimal("70"), LateStatus.SET_ASIDE),
        (Decimal("92.5"), LateStatus.ACCEPTED),
    ]
    assert (
        db.session.scalar(sa.select(sa.func.count()).where(ScoreSubmission.judge_id == judge.id))
        == 1
    )


def test_reopen_after_the_reveal_is_refused_and_says_to_correct(app, demo):
    venue, team, judge = _closed_without_judge_5(demo)
    atomic(lambda: stage.reveal(venue, actor=ACTOR, force_reason="评委5未提交"))
    held = _score(demo, judge, team, LATE)
    assert isinstance(held, Held)
    with pytest.raises(StageRefused) as refused:
        _reopen(venue, team)
    assert refused.value.message == (
        "成绩已揭晓，不能重新开放评分。如需采纳，请工作人员在该班组页面的「评分与更正」中「更正」并写明原因"
    )
    assert db.session.scalar(sa.select(LateScore.status)) is LateStatus.PENDING
    (row,) = late_scores.for_host(venue)
    assert row["why_not"] == refused.value.message
    assert _published(demo, team) == Decimal("93.50")


def test_a_correction_after_the_reveal_takes_the_late_score_off_the_host_list(app, demo):
    venue, team, judge = _closed_without_judge_5(demo)
    atomic(lambda: stage.reveal(venue, actor=ACTOR, force_reason="评委5未提交"))
    _score(demo, judge, team, LATE)
    marks = {str(i.id): m for i, m in zip(demo.items, marks_totalling(LATE), strict=True)}
    atomic(
        lambda: submit_score(
            judge=judge,
            team_id=team.id,
            marks=marks,
            total=LATE,
            idempotency_key=uuid.uuid4().hex,
            channel=Channel.CORRECTION,
            actor=ACTOR,
            reason="评委5手机断网，按其结束后送达的评分更正",
        )
    )
    assert late_scores.for_host(venue) == []
    assert _published(demo, team) == Decimal("93.36")


def test_reopen_when_another_team_is_on_stage_is_refused(app, demo):
    venue, team, judge = _closed_without_judge_5(demo)
    _score(demo, judge, team, LATE)
    atomic(lambda: stage.call_team(venue, team_at(demo, 2).id, actor=ACTOR))
    with pytest.raises(StageRefused) as refused:
        _reopen(venue, team)
    assert refused.value.code == "cannot_reopen"
    assert refused.value.message.startswith("该班组已不在台上，不能重新开放评分。")


def test_a_recused_judges_late_score_is_refused_not_kept(app, demo):
    venue, team = demo.venues[0], team_at(demo, 4)
    atomic(lambda: stage.call_team(venue, team.id, actor=ACTOR))
    atomic(lambda: stage.open_scoring(venue, actor=ACTOR))
    atomic(lambda: stage.close_scoring(venue, actor=ACTOR))
    from contest.day.submissions import ScoreRejected

    with pytest.raises(ScoreRejected) as refused:
        _score(demo, judges_of(demo)[2], team, LATE)
    assert refused.value.code == "recused"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LateScore)) == 0
