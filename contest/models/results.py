"""After the scores: award grades and national-level candidates, each decided with a reason."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
import sqlalchemy.orm as so

from contest.extensions import db
from contest.models.contest import Contest
from contest.models.people import StaffUser
from contest.models.team import Team
from contest.models.types import ExactDecimal, UTCDateTime, utcnow


class AwardGrade(db.Model):
    """A grade staff define (一等奖 / 标杆级 ...), given either by count or by threshold."""

    __tablename__ = "award_grades"
    __table_args__ = (sa.UniqueConstraint("contest_id", "name"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    contest_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("contests.id"), index=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(50))
    position: so.Mapped[int] = so.mapped_column(default=0)  # 0 is the highest grade
    count: so.Mapped[int | None]  # how many teams get it, or ...
    threshold: so.Mapped[Decimal | None] = so.mapped_column(ExactDecimal)  # ... a minimum score

    contest: so.Mapped[Contest] = so.relationship()


class TeamAward(db.Model):
    """The grade a team was given; proposed by the system, confirmed or overridden by staff."""

    __tablename__ = "team_awards"

    team_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("teams.id"), primary_key=True)
    grade_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("award_grades.id"))
    overridden: so.Mapped[bool] = so.mapped_column(default=False)
    reason: so.Mapped[str] = so.mapped_column(sa.String(500), default="")
    decided_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("staff_users.id"))
    decided_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    certificate_no: so.Mapped[str | None] = so.mapped_column(sa.String(40), unique=True)
    # The names as last printed on the certificate, and how many differing versions were
    # printed: a name changed after printing makes the certificate 需重印.
    printed_company: so.Mapped[str | None] = so.mapped_column(sa.String(200))
    printed_team: so.Mapped[str | None] = so.mapped_column(sa.String(200))
    printed_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)
    print_version: so.Mapped[int] = so.mapped_column(default=0, server_default="0")

    team: so.Mapped[Team] = so.relationship()
    grade: so.Mapped[AwardGrade] = so.relationship()
    decided_by: so.Mapped[StaffUser | None] = so.relationship()


class NationalSelection(db.Model):
    """推荐国家级: whether a team is put forward, and why when it departs from the proposal."""

    __tablename__ = "national_selections"

    team_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("teams.id"), primary_key=True)
    selected: so.Mapped[bool]
    overridden: so.Mapped[bool] = so.mapped_column(default=False)
    reason: so.Mapped[str] = so.mapped_column(sa.String(500), default="")
    decided_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("staff_users.id"))
    decided_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)

    team: so.Mapped[Team] = so.relationship()
    decided_by: so.Mapped[StaffUser | None] = so.relationship()
