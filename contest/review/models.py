"""材料文审: a review round per season, its reviewers, who reviews what, and the reviews.

Season tables only: no foreign key into the contest's tables (removing a contest deletes
what points into it; a season outlives its contests).
"""

from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from contest.extensions import db
from contest.models.team import _enum
from contest.models.types import ExactDecimal, UTCDateTime, utcnow

if TYPE_CHECKING:
    from contest.season.models import Application, Recommender, Season


class RoundState(enum.StrEnum):
    DRAFT = "draft"  # being set up: sheet, reviewers, assignments
    OPEN = "open"  # reviewers score (only once every application has N eligible reviewers)
    CLOSED = "closed"  # results final; the shortlist is made from them


class ReviewRound(db.Model):
    """One 材料文审 round of a season, with its own score sheet and rules."""

    __tablename__ = "review_rounds"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    season_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("seasons.id"), unique=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(200))
    state: so.Mapped[RoundState] = so.mapped_column(_enum(RoundState), default=RoundState.DRAFT)
    opens_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)
    closes_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)
    reviewers_per_application: so.Mapped[int] = so.mapped_column(default=5)  # N
    # By setting: a reviewer never reviews an application of their own 推荐单位 either.
    exclude_same_recommender: so.Mapped[bool] = so.mapped_column(default=True)
    # 分歧较大 when the highest and lowest reviewer totals differ by more than this.
    divergence_spread: so.Mapped[Decimal] = so.mapped_column(ExactDecimal, default=Decimal(15))
    # The trimmed-mean rules (contest.scoring.rules.ScoringRules.from_settings).
    rules: so.Mapped[dict[str, Any]] = so.mapped_column(sa.JSON, default=dict)
    shortlist_size: so.Mapped[int | None]  # the cut line for the 发表赛, if staff set one
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)

    season: so.Mapped[Season] = so.relationship()
    items: so.Mapped[list[ReviewItem]] = so.relationship(
        back_populates="round", order_by="ReviewItem.position"
    )


class ReviewItem(db.Model):
    """An item of the round's score sheet: name, maximum, step and 评分要点."""

    __tablename__ = "review_items"
    __table_args__ = (sa.UniqueConstraint("round_id", "name"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    round_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("review_rounds.id"), index=True)
    position: so.Mapped[int] = so.mapped_column(default=0)
    name: so.Mapped[str] = so.mapped_column(sa.String(100))
    maximum: so.Mapped[Decimal] = so.mapped_column(ExactDecimal)
    step: so.Mapped[Decimal] = so.mapped_column(ExactDecimal, default=Decimal("0.5"))
    criteria: so.Mapped[str] = so.mapped_column(sa.String(1000), default="")

    round: so.Mapped[ReviewRound] = so.relationship(back_populates="items")


class Reviewer(db.Model):
    """An expert of the round (a judge): 工作单位 and TGQ 证书号; a personal link to work."""

    __tablename__ = "reviewers"
    __table_args__ = (sa.UniqueConstraint("round_id", "certificate_no"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    round_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("review_rounds.id"), index=True)
    number: so.Mapped[int]  # 评审专家 N, in the order added
    name: so.Mapped[str] = so.mapped_column(sa.String(50))
    employer: so.Mapped[str] = so.mapped_column(sa.String(200), default="")  # 工作单位
    certificate_no: so.Mapped[str] = so.mapped_column(sa.String(50))  # TGQ 评委证书号
    phone: so.Mapped[str] = so.mapped_column(sa.String(30), default="")
    email: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    # The 推荐单位 the reviewer belongs to (for the same-推荐单位 rule), if any.
    recommender_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("season_recommenders.id")
    )
    is_chair: so.Mapped[bool] = so.mapped_column(default=False)  # 评审组长
    access_key: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    active: so.Mapped[bool] = so.mapped_column(default=True)
    first_opened_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)

    round: so.Mapped[ReviewRound] = so.relationship()
    recommender: so.Mapped[Recommender | None] = so.relationship()

    @property
    def label(self) -> str:
        return f"评审专家{self.number}"


class Assignment(db.Model):
    """A reviewer reviews an application. Made by the balanced assignment, or pinned by
    staff with a reason; a removal keeps the row (removed_at, reason) for the record."""

    __tablename__ = "review_assignments"
    __table_args__ = (sa.UniqueConstraint("application_id", "reviewer_id"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    round_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("review_rounds.id"), index=True)
    application_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("applications.id"), index=True)
    reviewer_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("reviewers.id"), index=True)
    pinned: so.Mapped[bool] = so.mapped_column(default=False)  # staff chose it by hand
    reason: so.Mapped[str] = so.mapped_column(sa.String(500), default="")  # pin or removal
    removed_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)
    created_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("staff_users.id"))
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)

    application: so.Mapped[Application] = so.relationship()
    reviewer: so.Mapped[Reviewer] = so.relationship()
    review: so.Mapped[Review | None] = so.relationship(back_populates="assignment")


class ReviewState(enum.StrEnum):
    DRAFT = "draft"  # autosaved as the reviewer types
    SUBMITTED = "submitted"  # locked until staff reopen it


class Review(db.Model):
    """A reviewer's marks and 材料评价 for one application. `marks` holds exact decimal
    strings per item id; the three 评语 parts are required to submit."""

    __tablename__ = "reviews"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    assignment_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("review_assignments.id"), unique=True
    )
    state: so.Mapped[ReviewState] = so.mapped_column(_enum(ReviewState), default=ReviewState.DRAFT)
    marks: so.Mapped[dict[str, str]] = so.mapped_column(sa.JSON, default=dict)
    item_comments: so.Mapped[dict[str, str]] = so.mapped_column(sa.JSON, default=dict)
    conformity: so.Mapped[str] = so.mapped_column(sa.Text, default="")  # 符合标准程度
    features: so.Mapped[str] = so.mapped_column(sa.Text, default="")  # 特色
    shortcomings: so.Mapped[str] = so.mapped_column(sa.Text, default="")  # 不足之处
    version: so.Mapped[int] = so.mapped_column(default=0)  # saves so far (stale-save check)
    saved_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)
    submitted_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)
    total: so.Mapped[Decimal | None] = so.mapped_column(ExactDecimal)  # at submission
    reopened_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)
    reopen_reason: so.Mapped[str] = so.mapped_column(sa.String(500), default="")

    assignment: so.Mapped[Assignment] = so.relationship(back_populates="review")
