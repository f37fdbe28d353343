"""The enterprise's 评分与推荐意见 on an application: the draft, and each 提交 kept whole."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from contest.extensions import db
from contest.models.types import UTCDateTime, utcnow

if TYPE_CHECKING:  # relationships name these; SQLAlchemy finds them by class name
    from contest.season.models.applications import Application


class UnitOpinion(db.Model):
    """The 对标对表 self-evaluation and 推荐意见 as last saved (contest.season.opinion.form).

    One row per application, changed by each save; what was submitted lives in
    UnitOpinionSubmission and never changes.
    """

    __tablename__ = "season_unit_opinions"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    application_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("applications.id"), unique=True)
    values: so.Mapped[dict[str, Any]] = so.mapped_column(sa.JSON, default=dict)
    version: so.Mapped[int] = so.mapped_column(default=0)  # submissions so far
    # The submission the latest sealed scan was uploaded for: a scan of an earlier
    # submission does not vouch for a later one.
    scan_version: so.Mapped[int | None]
    updated_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("applicants.id"))

    application: so.Mapped[Application] = so.relationship()


class UnitOpinionSubmission(db.Model):
    """One 提交 of the enterprise's 评分与推荐意见, kept whole, with the SHA-256 of its content."""

    __tablename__ = "season_unit_opinion_submissions"
    __table_args__ = (sa.UniqueConstraint("application_id", "version"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    application_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("applications.id"), index=True)
    version: so.Mapped[int]
    application_version: so.Mapped[int]  # the 申报表's 提交 it was made on
    values: so.Mapped[dict[str, Any]] = so.mapped_column(sa.JSON)  # checked and normalised
    company_name: so.Mapped[str] = so.mapped_column(sa.String(200))  # as the 公章 read then
    team_name: so.Mapped[str] = so.mapped_column(sa.String(100))  # as the 申报表 read then
    content_hash: so.Mapped[str] = so.mapped_column(sa.String(64))
    submitted_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    submitted_by_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("applicants.id"))
