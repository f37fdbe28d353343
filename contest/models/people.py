"""Judges (评委), their recusals (回避), and staff accounts."""

from __future__ import annotations

import enum
import secrets
from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_login import UserMixin

from contest.extensions import db
from contest.models import passwords
from contest.models.contest import Contest, RecommendingUnit, Venue
from contest.models.team import Team, _enum
from contest.models.types import UTCDateTime, utcnow


class Judge(db.Model):
    __tablename__ = "judges"
    __table_args__ = (sa.UniqueConstraint("venue_id", "number"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    contest_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("contests.id"), index=True)
    venue_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("venues.id"), index=True)
    # The recommending unit that put the judge forward (form 2-3), for the optional rule
    # "recuse from teams of one's own recommending unit".
    unit_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("recommending_units.id"))
    number: so.Mapped[int]  # 评委 N on public screens, where names are hidden by default
    name: so.Mapped[str] = so.mapped_column(sa.String(50))
    employer: so.Mapped[str] = so.mapped_column(sa.String(200), default="")  # 工作单位
    certificate_no: so.Mapped[str] = so.mapped_column(sa.String(50), default="")  # TGQ 证书号
    phone: so.Mapped[str] = so.mapped_column(sa.String(30), default="")
    is_chair: so.Mapped[bool] = so.mapped_column(default=False)  # 评委组长
    # The personal link's secret (>= 128 bits, URL-safe) and a short code to type instead.
    access_key: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    fallback_code: so.Mapped[str] = so.mapped_column(sa.String(12), unique=True)
    key_issued_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    first_opened_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)
    last_seen_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)
    active: so.Mapped[bool] = so.mapped_column(default=True)
    # The import that created this judge (None: added by hand or by the demo); for undo.
    import_batch_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("import_batches.id"), index=True
    )

    contest: so.Mapped[Contest] = so.relationship()
    venue: so.Mapped[Venue | None] = so.relationship(back_populates="judges")
    unit: so.Mapped[RecommendingUnit | None] = so.relationship()

    @property
    def label(self) -> str:
        return f"评委{self.number}"

    def __repr__(self) -> str:
        return f"<Judge {self.id} {self.label} {self.name!r}>"


class RecusalKind(enum.StrEnum):
    AUTOMATIC = "automatic"  # derived from 工作单位 = 企业名称 (or same recommending unit)
    MANUAL = "manual"  # recorded by staff, with a reason


class Recusal(db.Model):
    __tablename__ = "recusals"
    __table_args__ = (sa.UniqueConstraint("judge_id", "team_id"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    judge_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("judges.id"), index=True)
    team_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("teams.id"), index=True)
    kind: so.Mapped[RecusalKind] = so.mapped_column(_enum(RecusalKind))
    reason: so.Mapped[str] = so.mapped_column(sa.String(500))
    created_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("staff_users.id"))
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)

    judge: so.Mapped[Judge] = so.relationship()
    team: so.Mapped[Team] = so.relationship()


class StaffRole(enum.StrEnum):
    ADMIN = "admin"  # 秘书处 / 会务组: everything
    HOST = "host"  # 主持人: runs the stage of the venues assigned to them
    CLERK = "clerk"  # 录入员: keys in paper ballots and corrections, nothing else
    SUPERVISOR = "supervisor"  # 监督: sees everything staff see, changes nothing


host_venues = sa.Table(
    "host_venues",
    db.metadata,
    sa.Column("staff_id", sa.ForeignKey("staff_users.id"), primary_key=True),
    sa.Column("venue_id", sa.ForeignKey("venues.id"), primary_key=True),
)


class StaffUser(UserMixin, db.Model):
    __tablename__ = "staff_users"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    username: so.Mapped[str] = so.mapped_column(sa.String(50), unique=True)
    display_name: so.Mapped[str] = so.mapped_column(sa.String(50), default="")
    password_hash: so.Mapped[str] = so.mapped_column(sa.String(256))
    role: so.Mapped[StaffRole] = so.mapped_column(_enum(StaffRole))
    active: so.Mapped[bool] = so.mapped_column(default=True)
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    # Every session of the account carries this; a new one ends them all (sign-out,
    # password reset, disabling, an admin's 结束登录).
    session_stamp: so.Mapped[str] = so.mapped_column(
        sa.String(32), default=lambda: secrets.token_hex(16)
    )

    venues: so.Mapped[list[Venue]] = so.relationship(secondary=host_venues)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses sign-in for inactive accounts
        return self.active

    def set_password(self, password: str) -> None:
        self.password_hash = passwords.make(password)
        self.end_sessions()

    def end_sessions(self) -> None:
        """Sign the account out everywhere: sessions carrying the old stamp stop working."""
        self.session_stamp = secrets.token_hex(16)

    def check_password(self, password: str) -> bool:
        return passwords.matches(self.password_hash, password)

    def can_host(self, venue: Venue) -> bool:
        return self.role is StaffRole.ADMIN or venue in self.venues
