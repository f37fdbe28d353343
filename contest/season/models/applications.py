"""Applications (form 1-2), their submissions, attachments, decisions and deadlines."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from contest.extensions import db
from contest.models.team import _enum
from contest.models.types import UTCDateTime, utcnow

if TYPE_CHECKING:  # relationships name these; SQLAlchemy finds them by class name
    from contest.season.models.people import Applicant
    from contest.season.models.units import Enterprise, Season


class ApplicationStatus(enum.StrEnum):
    DRAFT = "draft"  # the team is filling it in
    SUBMITTED = "submitted"  # 已提交: with the enterprise
    RETURNED = "returned"  # 退回修改: back with the team, with what to fix
    APPROVED = "approved"  # 单位已同意: with the 推荐单位
    RECOMMENDED = "recommended"  # 推荐单位已推荐: with the secretariat for 形式审查
    FORMAL_RETURNED = "formal_returned"  # 形式审查退回修改: with the team, within a window
    ACCEPTED = "accepted"  # 形式审查通过
    REFUSED = "refused"  # 不予受理


class Application(db.Model):
    """A team's 申报表 (form 1-2). `form` holds the fields as typed (contest.season.form12)."""

    __tablename__ = "applications"
    __table_args__ = (sa.UniqueConstraint("season_id", "number"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    season_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("seasons.id"), index=True)
    enterprise_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("season_enterprises.id"), index=True
    )
    owner_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("applicants.id"), index=True)
    number: so.Mapped[str] = so.mapped_column(sa.String(20))  # 申报编号 "2026-0001"
    team_name: so.Mapped[str] = so.mapped_column(sa.String(100), default="")
    status: so.Mapped[ApplicationStatus] = so.mapped_column(
        _enum(ApplicationStatus), default=ApplicationStatus.DRAFT
    )
    form: so.Mapped[dict[str, Any]] = so.mapped_column(sa.JSON, default=dict)
    version: so.Mapped[int] = so.mapped_column(default=0)  # submissions so far
    # The contest's team made from this application (形式审查 passed, then 生成发表赛班组).
    # No foreign key, on purpose: removing a contest deletes every row that points into it
    # (contest/setup/removal.py follows the foreign keys), and an application outlives it.
    contest_team_id: so.Mapped[int | None] = so.mapped_column(index=True)
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    updated_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)

    season: so.Mapped[Season] = so.relationship()
    enterprise: so.Mapped[Enterprise] = so.relationship()
    owner: so.Mapped[Applicant] = so.relationship()
    submissions: so.Mapped[list[Submission]] = so.relationship(
        back_populates="application", order_by="Submission.version"
    )


class Submission(db.Model):
    """One 提交 of an application, kept whole: the receipt, and the diff on resubmission."""

    __tablename__ = "application_submissions"
    __table_args__ = (sa.UniqueConstraint("application_id", "version"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    application_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("applications.id"))
    version: so.Mapped[int]
    form: so.Mapped[dict[str, Any]] = so.mapped_column(sa.JSON)
    company_name: so.Mapped[str] = so.mapped_column(sa.String(200))  # as the 公章 read then
    content_hash: so.Mapped[str] = so.mapped_column(sa.String(64))  # SHA-256 of the content
    # The attachments as they were at this 提交: {kind: {"name", "sha256", "size"}}.
    files: so.Mapped[dict[str, Any]] = so.mapped_column(sa.JSON, default=dict)
    submitted_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    submitted_by_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("applicants.id"))

    application: so.Mapped[Application] = so.relationship(back_populates="submissions")


class Stage(enum.StrEnum):
    ENTERPRISE = "enterprise"  # the enterprise's own check (单位通道)
    RECOMMENDER = "recommender"  # the 推荐单位's recommendation (推荐通道)
    SECRETARIAT = "secretariat"  # 形式审查 by staff


class Outcome(enum.StrEnum):
    APPROVED = "approved"
    RETURNED = "returned"
    WITHDRAWN = "withdrawn"  # a recommendation taken back before the secretariat's check
    REFUSED = "refused"  # 不予受理


class Decision(db.Model):
    """A decision on one submitted version: who, at which stage, why (the team sees it)."""

    __tablename__ = "application_decisions"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    application_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("applications.id"), index=True)
    version: so.Mapped[int]  # the submission decided on
    stage: so.Mapped[Stage] = so.mapped_column(_enum(Stage))
    outcome: so.Mapped[Outcome] = so.mapped_column(_enum(Outcome))
    reasons: so.Mapped[list[str]] = so.mapped_column(sa.JSON, default=list)
    note: so.Mapped[str] = so.mapped_column(sa.String(1000), default="")
    decided_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("applicants.id"))
    # 形式审查 is decided by staff, not by a person of the channels.
    staff_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("staff_users.id"))
    # A return from 形式审查: the team may change and resubmit until then.
    window_until: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)
    decided_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)

    application: so.Mapped[Application] = so.relationship()


class ApplicationFile(db.Model):
    """An uploaded attachment of an application; the latest of each kind is the current one."""

    __tablename__ = "application_files"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    application_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("applications.id"), index=True)
    kind: so.Mapped[str] = so.mapped_column(sa.String(20))  # contest.season.uploads.KINDS
    name: so.Mapped[str] = so.mapped_column(sa.String(200))  # as uploaded
    size: so.Mapped[int]
    sha256: so.Mapped[str] = so.mapped_column(sa.String(64))  # the stored file's name
    pages: so.Mapped[int | None]
    characters: so.Mapped[int | None]
    uploaded_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    uploaded_by_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("applicants.id"))
    # A sealed scan's QR code as read at upload (contest.season.papers.readback), and what it
    # was then: matched, mismatch or unreadable. None for a Word file, or a scan read before.
    qr_text: so.Mapped[str | None] = so.mapped_column(sa.String(200))
    qr_state: so.Mapped[str | None] = so.mapped_column(sa.String(20))


class Extension(db.Model):
    """A later deadline for one application, granted by staff with a reason (audited; listed
    in the fairness log)."""

    __tablename__ = "season_extensions"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    season_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("seasons.id"), index=True)
    application_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("applications.id"), index=True)
    until: so.Mapped[datetime] = so.mapped_column(UTCDateTime)
    reason: so.Mapped[str] = so.mapped_column(sa.String(500))
    granted_by: so.Mapped[str] = so.mapped_column(sa.String(80))  # an audit actor
    granted_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)

    application: so.Mapped[Application] = so.relationship()


class ProblemReport(db.Model):
    """A 系统问题报告: what went wrong, filed by an applicant, timestamped by the server."""

    __tablename__ = "season_problem_reports"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    season_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("seasons.id"), index=True)
    applicant_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("applicants.id"))
    text: so.Mapped[str] = so.mapped_column(sa.String(2000))
    filed_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)

    applicant: so.Mapped[Applicant] = so.relationship()
