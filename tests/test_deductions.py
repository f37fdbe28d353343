"""Overtime deductions follow the contest's rule and are their own audited line."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from contest import deductions, stage, standings
from contest.extensions import db
from contest.models import AuditEntry, Deduction, StageState, utcnow
from contest.stage import StageRefused
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
    assert refused.value.message == "发表未超时，无需扣分"
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
    assert refused.value.message == "该班组已记录超时扣分"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Deduction)) == 1


def test_talk_length_is_measured_while_the_clock_runs(app, demo):
    demo.settings = {**demo.settings, "overtime": {"rule": "flat", "amount": "1"}}
    venue = demo.venues[0]
    stage.call_team(venue, team_at(demo, 1).id, actor=ACTOR)
    row = db.session.get(StageState, venue.id)
    row.timer_started_at = utcnow() - timedelta(minutes=16)  # started 16 minutes ago
    db.session.commit()
    assert deductions.add_overtime(venue, actor=ACTOR).reason.startswith("超时 1分0")
