"""A 推荐单位's forms 2-3 (推荐表) and 2-4 (材料评审汇总表): the working draft, and each 提交
kept whole as a new version with the SHA-256 of its content (the receipt's 校验码)."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from contest.extensions import db
from contest.models.team import _enum
from contest.models.types import UTCDateTime, utcnow


class UnitForm(enum.StrEnum):
    RECOMMENDATION = "recommendation"  # 附件 2-3 推荐表
    REVIEW = "review"  # 附件 2-4 材料评审汇总表
    REPORT = "report"  # 附件 2-2 活动统计表: its draft only (each 提交 is a UnitReport)


class UnitFormDraft(db.Model):
    """What the 推荐单位 has typed so far (rows of 2-4, 填表人/电话/填表日期), not yet submitted."""

    __tablename__ = "season_unit_form_drafts"
    __table_args__ = (sa.UniqueConstraint("recommender_id", "form"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    recommender_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("season_recommenders.id"), index=True
    )
    form: so.Mapped[UnitForm] = so.mapped_column(_enum(UnitForm))
    content: so.Mapped[dict[str, Any]] = so.mapped_column(sa.JSON)
    saved_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    saved_by_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("applicants.id"))


class UnitFormVersion(db.Model):
    """One 提交 of form 2-3 or 2-4: the whole form as submitted (names as the 申报表 read then,
    judges as the 评委名单 read then), never overwritten."""

    __tablename__ = "season_unit_form_versions"
    __table_args__ = (sa.UniqueConstraint("recommender_id", "form", "version"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    recommender_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("season_recommenders.id"), index=True
    )
    form: so.Mapped[UnitForm] = so.mapped_column(_enum(UnitForm))
    version: so.Mapped[int]
    content: so.Mapped[dict[str, Any]] = so.mapped_column(sa.JSON)
    content_hash: so.Mapped[str] = so.mapped_column(sa.String(64))
    submitted_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    submitted_by_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("applicants.id"))
