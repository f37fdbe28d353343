"""推荐国家级 材料完善: the window, one task per national candidate, its files and 提交."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from contest.extensions import db
from contest.models.team import _enum
from contest.models.types import UTCDateTime, utcnow

if TYPE_CHECKING:  # relationships name these by class name: importing them here would
    # make a cycle when contest.season.models is the first thing imported
    from contest.season.models import Application, Season


class NationalWindow(db.Model):
    """When the season's candidates may complete their materials (one per season)."""

    __tablename__ = "national_windows"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    season_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("seasons.id"), unique=True)
    opens_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime)
    closes_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime)
    opened_by: so.Mapped[str] = so.mapped_column(sa.String(80))  # an audit actor
    opened_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)

    season: so.Mapped[Season] = so.relationship()

    def is_open(self, now: datetime) -> bool:
        return self.opens_at <= now < self.closes_at


class TaskState(enum.StrEnum):
    OPEN = "open"  # 待完善: with the team
    SUBMITTED = "submitted"  # 已提交: with the secretariat
    RETURNED = "returned"  # 退回修改: back with the team, with the reason
    APPROVED = "approved"  # 审核通过


class NationalTask(db.Model):
    """One candidate's 材料完善. The contest's team id is stored without a foreign key, as on
    the application: removing a contest must not take the season's record with it."""

    __tablename__ = "national_tasks"
    __table_args__ = (sa.UniqueConstraint("season_id", "application_id"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    season_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("seasons.id"), index=True)
    application_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("applications.id"))
    contest_team_id: so.Mapped[int] = so.mapped_column(index=True)
    state: so.Mapped[TaskState] = so.mapped_column(_enum(TaskState), default=TaskState.OPEN)
    version: so.Mapped[int] = so.mapped_column(default=0)  # 提交 so far
    reason: so.Mapped[str] = so.mapped_column(sa.String(1000), default="")  # of the last 退回
    checked_by: so.Mapped[str | None] = so.mapped_column(sa.String(80))
    checked_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)

    application: so.Mapped[Application] = so.relationship()
    submissions: so.Mapped[list[NationalSubmission]] = so.relationship(
        back_populates="task", order_by="NationalSubmission.version"
    )


class NationalFile(db.Model):
    """An upload of a task (the narrative or the sealed scan); the latest of a kind counts."""

    __tablename__ = "national_files"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    task_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("national_tasks.id"), index=True)
    kind: so.Mapped[str] = so.mapped_column(sa.String(20))  # narrative / scan
    name: so.Mapped[str] = so.mapped_column(sa.String(200))  # as uploaded
    size: so.Mapped[int]
    sha256: so.Mapped[str] = so.mapped_column(sa.String(64))  # the stored file's name
    pages: so.Mapped[int | None]
    characters: so.Mapped[int | None]
    uploaded_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    uploaded_by_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("applicants.id"))


class NationalSubmission(db.Model):
    """One 提交 of a task, kept whole: the files as they were, and the receipt."""

    __tablename__ = "national_submissions"
    __table_args__ = (sa.UniqueConstraint("task_id", "version"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    task_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("national_tasks.id"))
    version: so.Mapped[int]
    files: so.Mapped[dict[str, Any]] = so.mapped_column(sa.JSON, default=dict)
    submitted_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    submitted_by_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("applicants.id"))

    task: so.Mapped[NationalTask] = so.relationship(back_populates="submissions")
