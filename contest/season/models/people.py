"""The people of the three channels: accounts, what they act for, invitations, notices."""

from __future__ import annotations

import enum
import secrets
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
import sqlalchemy.orm as so

from contest.extensions import db
from contest.models import passwords
from contest.models.team import _enum
from contest.models.types import UTCDateTime, utcnow

if TYPE_CHECKING:  # relationships name these; SQLAlchemy finds them by class name
    from contest.season.models.units import Enterprise, Recommender


class Applicant(db.Model):
    """A person who signs in to the channels; one person may act for several units."""

    __tablename__ = "applicants"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    username: so.Mapped[str] = so.mapped_column(sa.String(50), unique=True)
    display_name: so.Mapped[str] = so.mapped_column(sa.String(50))
    mobile: so.Mapped[str] = so.mapped_column(sa.String(20), default="")
    email: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    password_hash: so.Mapped[str] = so.mapped_column(sa.String(256))
    active: so.Mapped[bool] = so.mapped_column(default=True)
    session_stamp: so.Mapped[str] = so.mapped_column(
        sa.String(32), default=lambda: secrets.token_hex(16)
    )
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)

    memberships: so.Mapped[list[Membership]] = so.relationship(back_populates="applicant")

    def set_password(self, password: str) -> None:
        self.password_hash = passwords.make(password)
        self.session_stamp = secrets.token_hex(16)

    def check_password(self, password: str) -> bool:
        return passwords.matches(self.password_hash, password)


class Channel(enum.StrEnum):
    TEAM = "team"  # 班组通道
    ENTERPRISE = "enterprise"  # 单位通道
    RECOMMENDER = "recommender"  # 推荐通道


class Membership(db.Model):
    """What an applicant may act for: a team of an enterprise, an enterprise, a 推荐单位."""

    __tablename__ = "applicant_memberships"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    applicant_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("applicants.id"), index=True)
    channel: so.Mapped[Channel] = so.mapped_column(_enum(Channel))
    recommender_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("season_recommenders.id")
    )
    enterprise_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("season_enterprises.id"))
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)

    applicant: so.Mapped[Applicant] = so.relationship(back_populates="memberships")
    recommender: so.Mapped[Recommender | None] = so.relationship()
    enterprise: so.Mapped[Enterprise | None] = so.relationship()


class Invitation(db.Model):
    """A one-use link that makes (or extends) an account for a channel; only its hash is kept."""

    __tablename__ = "season_invitations"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    season_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("seasons.id"), index=True)
    channel: so.Mapped[Channel] = so.mapped_column(_enum(Channel))
    recommender_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("season_recommenders.id")
    )
    enterprise_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("season_enterprises.id"))
    code_hash: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    created_by: so.Mapped[str] = so.mapped_column(sa.String(80))  # an audit actor
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    expires_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime)
    used_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)
    used_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("applicants.id"))

    recommender: so.Mapped[Recommender | None] = so.relationship()
    enterprise: so.Mapped[Enterprise | None] = so.relationship()


class Message(db.Model):
    """A notice to one person of the channels: in their message list, and by e-mail when
    SMTP is configured (the outcome of the sending is kept)."""

    __tablename__ = "season_messages"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    applicant_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("applicants.id"), index=True)
    subject: so.Mapped[str] = so.mapped_column(sa.String(200))
    body: so.Mapped[str] = so.mapped_column(sa.String(4000))
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    read_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)
    emailed_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)
    email_error: so.Mapped[str] = so.mapped_column(sa.String(300), default="")

    applicant: so.Mapped[Applicant] = so.relationship()
