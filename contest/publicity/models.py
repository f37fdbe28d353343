"""公示, 异议 and publication: season tables. Contest ids are stored without a foreign key
(removing a contest deletes what points into it; a season's record outlives its contests)."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from contest.extensions import db
from contest.models.team import _enum
from contest.models.types import UTCDateTime, utcnow

if TYPE_CHECKING:
    from contest.season.models import Season


class SeasonContest(db.Model):
    """A contest whose results are the season's: its certificates wait for publication."""

    __tablename__ = "publicity_season_contests"
    __table_args__ = (sa.UniqueConstraint("contest_id"),)  # a contest belongs to one season

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    season_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("seasons.id"), index=True)
    contest_id: so.Mapped[int]  # no FK: see the module's docstring
    linked_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)


class CalendarOverride(db.Model):
    """A date staff mark as a workday or a holiday, whatever the official calendar says."""

    __tablename__ = "publicity_calendar_overrides"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    day: so.Mapped[date] = so.mapped_column(sa.Date, unique=True)
    workday: so.Mapped[bool]
    note: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    created_by_id: so.Mapped[int | None]
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)


class ResultList(db.Model):
    """One version of the season's proposed results: rows snapshotted, never edited."""

    __tablename__ = "publicity_result_lists"
    __table_args__ = (sa.UniqueConstraint("season_id", "version"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    season_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("seasons.id"), index=True)
    version: so.Mapped[int]
    reason: so.Mapped[str] = so.mapped_column(sa.String(500), default="")
    # [{contest_id, team_id, company, team, unit, score, rank, grade, national}, ...]
    rows: so.Mapped[list[dict[str, Any]]] = so.mapped_column(sa.JSON, default=list)
    created_by_id: so.Mapped[int | None]
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)


class Notice(db.Model):
    """The season's 公示: its period in working days, and when the results were published."""

    __tablename__ = "publicity_notices"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    season_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("seasons.id"), unique=True)
    starts_on: so.Mapped[date] = so.mapped_column(sa.Date)
    working_days: so.Mapped[int] = so.mapped_column(default=5)
    ends_on: so.Mapped[date] = so.mapped_column(sa.Date)
    contact: so.Mapped[str] = so.mapped_column(sa.String(300), default="")
    opened_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    opened_by_id: so.Mapped[int | None]
    published_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)
    published_version: so.Mapped[int | None]
    published_by_id: so.Mapped[int | None]

    season: so.Mapped[Season] = so.relationship()


class ObjectionStatus(enum.StrEnum):
    RECEIVED = "received"  # 已收到: waiting for 受理
    ACCEPTED = "accepted"  # 已受理: a handler and a deadline
    CHECKING = "checking"  # 核查中
    ANSWERED = "answered"  # 已答复: closed with the decision


class Objection(db.Model):
    """A real-name 异议 against the proposed results, handled 受理 → 核查 → 答复."""

    __tablename__ = "publicity_objections"
    __table_args__ = (sa.UniqueConstraint("season_id", "sequence"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    season_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("seasons.id"), index=True)
    sequence: so.Mapped[int]
    number: so.Mapped[str] = so.mapped_column(sa.String(20), unique=True)  # YY-2026-001
    code_hash: so.Mapped[str] = so.mapped_column(sa.String(64))  # the receipt's secret code
    name: so.Mapped[str] = so.mapped_column(sa.String(50))
    unit: so.Mapped[str] = so.mapped_column(sa.String(200))
    phone: so.Mapped[str] = so.mapped_column(sa.String(30))
    subject: so.Mapped[str] = so.mapped_column(sa.String(300), default="")  # which team
    grounds: so.Mapped[str] = so.mapped_column(sa.Text)
    attachment: so.Mapped[dict[str, Any] | None] = so.mapped_column(sa.JSON)  # name, size, sha
    status: so.Mapped[ObjectionStatus] = so.mapped_column(
        _enum(ObjectionStatus), default=ObjectionStatus.RECEIVED
    )
    handler_id: so.Mapped[int | None]  # a staff user's id
    accepted_on: so.Mapped[date | None] = so.mapped_column(sa.Date)
    due_on: so.Mapped[date | None] = so.mapped_column(sa.Date)
    notes: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    decision: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    answered_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)

    @property
    def closed(self) -> bool:
        return self.status is ObjectionStatus.ANSWERED
