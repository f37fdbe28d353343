"""Overtime deductions follow the contest's rule and are their own audited line."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from contest.day import deductions, stage
from contest.day.stage import StageRefused
from contest.extensions import db
from contest.models import AuditEntry, Deduction, StageState, utcnow
from contest.ranking import standings
from tests.factories import close_scoring, judges_of, marks_totalling, submit, team_at

ACTOR = "staff:test"


def _on_stage_talked(demo, seconds: int, rule="per_started_minute", amount="0.5"):
    demo.settings = {**demo.settings, "overtime": {"rule": rule, "amount": amount}}
    venue = demo.venues[0]
    team = team_at(demo, 1)
    stage.call_team(venue, team.id, actor=ACTOR)
    row = db.session.get(StageState, venue.id)
    row.timer_elapsed_ms = seconds * 1000  # as if the timer had run that long
    stage.timer(venue, "qa", actor=ACTOR)
    db.session.commit()
    return venue, team


def test_overtime_per_started_minute_is_deducted_after_trimming(app, demo):
    venue, team = _on_stage_talked(demo, 15 * 60 + 61)  # 1 min 1 s over: 2 started minutes
    deduction = deductions.add_overtime(venue, actor=ACTOR)
    db.session.commit()
    assert (deduction.amount, deduction.reason) == (Decimal("1"), "超时 1分01秒")
    for judge in judges_of(demo)[:5]:
        submit(team, judge, marks_totalling("90"))
    close_scoring(team)
    [result] = standings.compute(demo)
    assert (result.score.deductions, result.score.published) == (Decimal("1"), Decimal("89.00"))
    entry = db.session.scalar(
        sa.select(AuditEntry).where(AuditEntry.action == "score.deduction_added")
    )
    assert entry.data == {
        "kind": "overtime",
        "amount": "1",
        "overrun_ms": 61_000,
        "rule": "per_started_minute",
        "reason": "超时 1分01秒",
    }


def test_no_deduction_without_overrun_or_rule(app, demo):
    venue, _ = _on_stage_talked(demo, 14 * 60)
    with pytest.raises(StageRefused) as refused:
        deductions.add_overtime(venue, actor=ACTOR)
    assert refused.value.message == "发表用时 14分00秒，未超过规定的 15分00秒，无需扣分"
    demo.settings = {**demo.settings, "overtime": {"rule": "none", "amount": "1"}}
    db.session.commit()
    with pytest.raises(StageRefused) as refused:
        deductions.add_overtime(venue, actor=ACTOR)
    assert refused.value.message == "本次比赛未设置超时扣分"


def test_overtime_is_recorded_once_per_team(app, demo):
    venue, _ = _on_stage_talked(demo, 16 * 60, rule="flat", amount="2")
    deductions.add_overtime(venue, actor=ACTOR)
    db.session.commit()
    with pytest.raises(StageRefused) as refused:
        deductions.add_overtime(venue, actor=ACTOR)
    assert refused.value.message == "该班组已记录超时扣分：超时 1分00秒，按规则扣 2 分"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Deduction)) == 1


def test_talk_length_is_measured_while_the_clock_runs(app, demo):
    demo.settings = {**demo.settings, "overtime": {"rule": "flat", "amount": "1"}}
    venue = demo.venues[0]
    stage.call_team(venue, team_at(demo, 1).id, actor=ACTOR)
    row = db.session.get(StageState, venue.id)
    row.timer_started_at = utcnow() - timedelta(minutes=16)  # started 16 minutes ago
    db.session.commit()
    assert deductions.add_overtime(venue, actor=ACTOR).reason.startswith("超时 1分0")


def test_the_preview_says_the_amount_and_writes_nothing(app, demo):
    venue, team = _on_stage_talked(demo, 16 * 60 + 20)
    found = deductions.overtime_preview(venue=venue)
    assert (found.points, found.overrun_ms, found.text) == (
        Decimal("1"),
        80_000,
        "超时 1分20秒，按规则扣 1 分",
    )
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Deduction)) == 0
    deductions.add_overtime(venue, actor=ACTOR, expected_points=Decimal("1"))
    db.session.commit()
    assert deductions.notes(team.id) == ["超时 1分20秒，按规则扣 1 分"]


def test_a_deduction_that_moved_on_since_the_confirm_is_not_recorded(app, demo):
    venue, _ = _on_stage_talked(demo, 17 * 60 + 1)  # 2 min 1 s over: 3 started minutes
    with pytest.raises(StageRefused) as refused:
        deductions.add_overtime(venue, actor=ACTOR, expected_points=Decimal("1"))
    assert refused.value.message == "扣分已变为：超时 2分01秒，按规则扣 1.5 分。请重新确认后再记录"
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Deduction)) == 0


def test_overtime_is_deducted_after_the_clock_was_reset(app, demo):
    demo.settings = {**demo.settings, "overtime": {"rule": "flat", "amount": "1"}}
    venue = demo.venues[0]
    stage.call_team(venue, team_at(demo, 1).id, actor=ACTOR)
    db.session.get(StageState, venue.id).timer_elapsed_ms = 15 * 60 * 1000 + 80_000
    stage.timer(venue, "reset", actor=ACTOR)  # pressed by mistake at the end of the talk
    db.session.commit()
    assert deductions.add_overtime(venue, actor=ACTOR).reason == "超时 1分20秒"


def test_a_talk_never_timed_has_nothing_to_deduct(app, demo):
    demo.settings = {**demo.settings, "overtime": {"rule": "flat", "amount": "1"}}
    venue = demo.venues[0]
    stage.call_team(venue, team_at(demo, 1).id, actor=ACTOR)
    db.session.commit()
    with pytest.raises(StageRefused) as refused:
        deductions.overtime_preview(venue=venue)
    assert refused.value.message == "没有该班组的发表计时记录，请先用计时器计时"


def test_the_reveal_says_what_was_deducted_and_why(app, demo):
    from contest.day.snapshot import venue_snapshot

    venue, team = _on_stage_talked(demo, 15 * 60 + 80, rule="flat", amount="1")
    deductions.add_overtime(venue, actor=ACTOR)
    stage.open_scoring(venue, actor=ACTOR)
    for judge in judges_of(demo):
        submit(team, judge, marks_totalling("90"))
    stage.close_scoring(venue, actor=ACTOR)
    stage.reveal(venue, actor=ACTOR)
    db.session.commit()
    reveal = venue_snapshot(venue)["reveal"]
    assert (reveal["deductions"], reveal["deduction_notes"], reveal["published"]) == (
        "1",
        ["超时 1分20秒，按规则扣 1 分"],
        "89.00",
    )
