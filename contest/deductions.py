"""Deductions from a team's final score, each its own audited line (never in the marks)."""

from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa
from flask_babel import gettext as _

from contest import audit, overtime
from contest.extensions import db
from contest.models import Deduction, StaffUser, TimerPhase, Venue, utcnow
from contest.models.types import canonical
from contest.settings import merged
from contest.stage import StageRefused, checked, elapsed_ms, touch


def add_overtime(
    venue: Venue, *, actor: str, staff: StaffUser | None = None, expected_version: int | None = None
) -> Deduction:
    """Apply the contest's overtime rule to how long the team on stage talked."""
    stage = checked(venue, expected_version)
    team = stage.team
    if team is None:
        raise StageRefused("no_team", _("台上没有班组，请先叫号"))
    settings = merged(venue.contest.settings)
    rule, amount = settings["overtime"]["rule"], Decimal(str(settings["overtime"]["amount"]))
    if rule == "none":
        raise StageRefused("no_rule", _("本次比赛未设置超时扣分"))
    talked = (
        elapsed_ms(stage, utcnow())
        if stage.timer_phase is TimerPhase.TALK
        else stage.talk_elapsed_ms
    )
    if talked is None:
        raise StageRefused("no_timing", _("没有该班组的发表计时记录"))
    overrun = talked - int(settings["timer"]["talk_seconds"]) * 1000
    points = canonical(overtime.deduction(rule, amount, overrun))  # 1.0 -> 1, as stored
    if points <= 0:
        raise StageRefused("not_over", _("发表未超时，无需扣分"))
    already = db.session.scalar(
        sa.select(Deduction.id).where(
            Deduction.team_id == team.id,
            Deduction.kind == "overtime",
            Deduction.voided_at.is_(None),
        )
    )
    if already:
        raise StageRefused("already", _("该班组已记录超时扣分"))
    reason = overtime.describe(overrun)
    deduction = Deduction(
        team=team,
        kind="overtime",
        amount=points,
        reason=reason,
        created_by_id=staff.id if staff else None,
    )
    db.session.add(deduction)
    db.session.flush()
    audit.record(
        "score.deduction_added",
        actor=actor,
        subject=f"team:{team.id}",
        data={
            "kind": "overtime",
            "amount": str(points),
            "overrun_ms": overrun,
            "rule": rule,
            "reason": reason,
        },
        contest_id=venue.contest_id,
    )
    touch(stage, venue, "deduction_added", actor, amount=str(points))
    return deduction
