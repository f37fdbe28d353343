"""The season, its 推荐单位 and their enterprises, 评委名单 and reports (forms 2-1..2-3)."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so

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
