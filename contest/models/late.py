"""Scores that reached the server after scoring closed: kept, never counted until accepted."""

from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
import sqlalchemy.orm as so

from contest.extensions import db
from contest.models.people import Judge
from contest.models.scores import ScoreSubmission
from contest.models.team import Team, _enum
from contest.models.types import ExactDecimal, UTCDateTime, utcnow


class LateStatus(enum.StrEnum):
    PENDING = "pending"  # kept: the host decides whether to reopen scoring and accept it
    ACCEPTED = "accepted"  # became the judge's current submission when scoring reopened
    SET_ASIDE = "set_aside"  # on reopening, a newer score (or a recusal) made it moot


class LateScore(db.Model):
    """A judge's marks for a team that arrived after the close; standings never read this."""

    __tablename__ = "late_scores"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    team_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("teams.id"), index=True)
    # A judge deleted as entered by mistake takes their late scores along (never counted).
    judge_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("judges.id", ondelete="CASCADE"), index=True
    )
    total: so.Mapped[Decimal] = so.mapped_column(ExactDecimal)
    marks: so.Mapped[dict[str, str]] = so.mapped_column(sa.JSON)  # item id -> exact mark
    # The phone's key: a resend is answered from this row; an accepted score keeps it.
    idempotency_key: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    received_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    status: so.Mapped[LateStatus] = so.mapped_column(_enum(LateStatus), default=LateStatus.PENDING)
    submission_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("score_submissions.id"))
    resolved_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)

    team: so.Mapped[Team] = so.relationship()
    judge: so.Mapped[Judge] = so.relationship()
    submission: so.Mapped[ScoreSubmission | None] = so.relationship()
