"""Self-registration (注册申请): a person without an invitation asks to join, and waits.

An enterprise asks its 推荐单位, a team asks its enterprise, a 市质协会员单位 with no
推荐单位 asks the secretariat. Until someone decides, the person's account can sign in and
sees only that the request is being checked (contest.season.registrations).
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
import sqlalchemy.orm as so

from contest.extensions import db
from contest.models.team import _enum
from contest.models.types import UTCDateTime, utcnow

if TYPE_CHECKING:  # relationships name these; SQLAlchemy finds them by class name
    from contest.season.models.people import Applicant
    from contest.season.models.units import Enterprise, Recommender, Season


class RegistrationKind(enum.StrEnum):
    ENTERPRISE = "enterprise"  # an enterprise under a 推荐单位 it chose: the 推荐单位 decides
    TEAM = "team"  # a team under an enterprise of the season: the enterprise decides
    MEMBER = "member"  # a 市质协会员单位 with no 推荐单位 (直报): the secretariat decides


class RegistrationStatus(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"


class Registration(db.Model):
    """One request, as typed (names trimmed at their ends only), and how it was decided."""

    __tablename__ = "season_registrations"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    season_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("seasons.id"), index=True)
    kind: so.Mapped[RegistrationKind] = so.mapped_column(_enum(RegistrationKind))
    status: so.Mapped[RegistrationStatus] = so.mapped_column(
        _enum(RegistrationStatus), default=RegistrationStatus.PENDING, index=True
    )
    applicant_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("applicants.id"), index=True)
    # Enterprise: the 推荐单位 chosen. Member: its own 推荐单位 (直报), made on approval.
    recommender_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("season_recommenders.id"), index=True
    )
    # Team: the enterprise chosen. Enterprise and member: the enterprise made on approval.
    enterprise_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("season_enterprises.id"), index=True
    )
    name: so.Mapped[str] = so.mapped_column(sa.String(200))  # the enterprise's or the team's
    member_no: so.Mapped[str] = so.mapped_column(sa.String(50), default="")  # 会员编号
    reason: so.Mapped[str] = so.mapped_column(sa.String(500), default="")  # why no 推荐单位
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    decided_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)
    decided_by: so.Mapped[str] = so.mapped_column(sa.String(80), default="")  # an audit actor
    refusal: so.Mapped[str] = so.mapped_column(sa.String(500), default="")

    season: so.Mapped[Season] = so.relationship()
    applicant: so.Mapped[Applicant] = so.relationship()
    recommender: so.Mapped[Recommender | None] = so.relationship()
    enterprise: so.Mapped[Enterprise | None] = so.relationship()
