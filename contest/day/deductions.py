"""Deductions from a team's final score, each its own audited line (never in the marks)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import gettext as _

from contest import audit
from contest.day import overtime
from contest.day.stage import StageRefused, checked, no_team, talk_ms, touch
from contest.extensions import db
from contest.models import Deduction, StaffUser, StageState, Team, Venue
from contest.models.types import canonical
from contest.settings import merged


@dataclass(frozen=True)
class Overtime:
    """The overtime deduction the rule gives the team on stage, before it is recorded."""

    team: Team
    rule: str
    overrun_ms: int
    points: Decimal
    reason: str  # 超时 1分20秒

    @property
    def text(self) -> str:
        """超时 1分20秒，按规则扣 1 分."""
        return overtime.sentence(self.reason, format(self.points, "f"))


def note(deduction: Deduction) -> str:
    """A recorded deduction as screens and papers say it: 超时 1分20秒，按规则扣 1 分."""
    points = format(canonical(deduction.amount), "f")
    return overtime.sentence(deduction.reason, points, by_rule=deduction.kind == "overtime")


def notes(team_id: int) -> list[str]:
    """The team's deductions in force, oldest first, as sentences."""
    rows = db.session.scalars(
        sa.select(Deduction)
        .where(Deduction.team_id == team_id, Deduction.voided_at.is_(None))
        .order_by(Deduction.id)
    )
    return [note(row) for row in rows]


def _recorded(team_id: int) -> Deduction | None:
    return db.session.scalar(
        sa.select(Deduction).where(
            Deduction.team_id == team_id,
            Deduction.kind == "overtime",
            Deduction.voided_at.is_(None),
        )
    )


def _measure(venue: Venue, stage: StageState) -> Overtime:
    team = stage.team
    if team is None:
        raise no_team()
    settings = merged(venue.contest.settings)
    rule, amount = settings["overtime"]["rule"], Decimal(str(settings["overtime"]["amount"]))
    if rule == "none":
        raise StageRefused("no_rule", _("本次比赛未设置超时扣分"))
    if (already := _recorded(team.id)) is not None:
        raise StageRefused("already", _("该班组已记录超时扣分：%(note)s", note=note(already)))
    talked = talk_ms(stage)
    if not talked:  # never started: there is nothing to measure
        raise StageRefused("no_timing", _("没有该班组的发表计时记录，请先用计时器计时"))
    limit_ms = int(settings["timer"]["talk_seconds"]) * 1000
    overrun = talked - limit_ms
    points = canonical(overtime.deduction(rule, amount, overrun))  # 1.0 -> 1, as stored
    if points <= 0:
        raise StageRefused(
            "not_over",
            _(
                "发表用时 %(talked)s，未超过规定的 %(limit)s，无需扣分",
                talked=overtime.clock(talked),
                limit=overtime.clock(limit_ms),
            ),
        )
    return Overtime(team, rule, overrun, points, overtime.describe(overrun))


def overtime_preview(*, venue: Venue) -> Overtime:
    """What recording the overtime deduction now would record; nothing is written."""
    stage = db.session.get(StageState, venue.id)
    if stage is None:
        raise no_team()
    return _measure(venue, stage)


def add_overtime(
    venue: Venue,
    *,
    actor: str,
    staff: StaffUser | None = None,
    expected_version: int | None = None,
    expected_points: Decimal | None = None,
) -> Deduction:
    """Apply the contest's overtime rule to how long the team on stage talked.

    `expected_points` is what the host confirmed: if the running clock has moved the
    deduction on since, nothing is recorded and the host is asked again.
    """
    stage = checked(venue, expected_version)
    found = _measure(venue, stage)
    if expected_points is not None and expected_points != found.points:
        raise StageRefused(
            "changed", _("扣分已变为：%(text)s。请重新确认后再记录", text=found.text)
        )
    deduction = Deduction(
        team=found.team,
        kind="overtime",
        amount=found.points,
        reason=found.reason,
        created_by_id=staff.id if staff else None,
    )
    db.session.add(deduction)
    db.session.flush()
    audit.record(
        "score.deduction_added",
        actor=actor,
        subject=f"team:{found.team.id}",
        data={
            "kind": "overtime",
            "amount": str(found.points),
            "overrun_ms": found.overrun_ms,
            "rule": found.rule,
            "reason": found.reason,
        },
        contest_id=venue.contest_id,
    )
    touch(stage, venue, "deduction_added", actor, amount=str(found.points))
    return deduction
