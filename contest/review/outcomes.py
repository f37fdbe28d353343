"""What 材料文审's results leave on record: the 评审组长's notes on 分歧较大 applications and
the confirmed shortlist for the 发表赛. Season tables: no foreign key into the contest's."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from contest.extensions import db
from contest.models.types import UTCDateTime, utcnow


class ChairNote(db.Model):
    """The 评审组长's note on one application the reviewers diverged on."""

    __tablename__ = "review_chair_notes"
    __table_args__ = (sa.UniqueConstraint("round_id", "application_id"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    round_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("review_rounds.id"), index=True)
    application_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("applications.id"))
    reviewer_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("reviewers.id"))
    note: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    saved_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)


class Shortlist(db.Model):
    """The shortlist staff confirmed from the results: application ids in ranking order."""

    __tablename__ = "review_shortlists"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    round_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("review_rounds.id"), unique=True)
    cut: so.Mapped[int]  # the 入围名额 it was made for
    application_ids: so.Mapped[list[Any]] = so.mapped_column(sa.JSON, default=list)
    # Why staff took whom they did from a tie at the cut ("" when there was none).
    tie_reason: so.Mapped[str] = so.mapped_column(sa.String(500), default="")
    confirmed_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    confirmed_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("staff_users.id"))
