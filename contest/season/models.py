"""The season's rows: the season and its deadline, 推荐单位, enterprises, the people who
sign in to the three channels, their invitations, and the applications (form 1-2)."""

from __future__ import annotations

import enum
import secrets
from datetime import datetime
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so
from werkzeug.security import check_password_hash, generate_password_hash

from contest.extensions import db
from contest.models.team import _enum
from contest.models.types import UTCDateTime, utcnow


class Season(db.Model):
    """One year's programme: applications open and close at these instants (UTC)."""

    __tablename__ = "seasons"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    year: so.Mapped[int] = so.mapped_column(unique=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(200))
    opens_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime)
    closes_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime)
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)

    def is_open(self, now: datetime) -> bool:
        return self.opens_at <= now < self.closes_at


class UnitKind(enum.StrEnum):
    DISTRICT = "district"  # 区
    INDUSTRY = "industry"  # 行业
    GROUP = "group"  # 集团
    MEMBER = "member"  # 市质协会员单位, applying directly once staff confirm it


class Recommender(db.Model):
    """A 推荐单位 of the season: created by staff (a known list of about 35)."""

    __tablename__ = "season_recommenders"
    __table_args__ = (sa.UniqueConstraint("season_id", "name"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    season_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("seasons.id"), index=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(200))
    kind: so.Mapped[UnitKind] = so.mapped_column(_enum(UnitKind))
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)

    season: so.Mapped[Season] = so.relationship()


class Enterprise(db.Model):
    """An enterprise under a 推荐单位, its name exactly as its 公章 reads."""

    __tablename__ = "season_enterprises"
    __table_args__ = (sa.UniqueConstraint("recommender_id", "name"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    season_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("seasons.id"), index=True)
    recommender_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("season_recommenders.id"), index=True
    )
    name: so.Mapped[str] = so.mapped_column(sa.String(200))
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)

    recommender: so.Mapped[Recommender] = so.relationship()


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
        self.password_hash = generate_password_hash(password)
        self.session_stamp = secrets.token_hex(16)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)


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


class UnitJudge(db.Model):
    """A judge on a 推荐单位's 评委名单 (form 2-3): for its own 材料评审, and the pool the
    contest's judges can be imported from."""

    __tablename__ = "season_unit_judges"
    __table_args__ = (sa.UniqueConstraint("recommender_id", "certificate_no"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    recommender_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("season_recommenders.id"), index=True
    )
    name: so.Mapped[str] = so.mapped_column(sa.String(50))
    employer: so.Mapped[str] = so.mapped_column(sa.String(200))  # 工作单位, for 回避
    certificate_no: so.Mapped[str] = so.mapped_column(sa.String(50))  # TGQ 评委证书号
    address: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    postcode: so.Mapped[str] = so.mapped_column(sa.String(10), default="")
    mobile: so.Mapped[str] = so.mapped_column(sa.String(20))
    contest_judge_id: so.Mapped[int | None] = so.mapped_column(index=True)  # no FK: see above
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)

    recommender: so.Mapped[Recommender] = so.relationship()


class UnitReport(db.Model):
    """A 推荐单位's forms 2-2 (活动统计表, `stats`) and 2-1 (活动总结, a Word file), as
    submitted: each 提交 a new version, kept whole."""

    __tablename__ = "season_unit_reports"
    __table_args__ = (sa.UniqueConstraint("recommender_id", "version"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    recommender_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("season_recommenders.id"), index=True
    )
    version: so.Mapped[int]
    stats: so.Mapped[dict[str, Any]] = so.mapped_column(sa.JSON)
    summary: so.Mapped[dict[str, Any]] = so.mapped_column(sa.JSON)  # name, sha256, characters
    submitted_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    submitted_by_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("applicants.id"))
