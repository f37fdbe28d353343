"""Score submissions: append-only versions, never updated in place."""

from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
import sqlalchemy.orm as so

from contest.extensions import db
from contest.models.contest import ScoreItem
from contest.models.people import Judge, StaffUser
from contest.models.team import Team, _enum
from contest.models.types import ExactDecimal, UTCDateTime, utcnow


class Channel(enum.StrEnum):
    PHONE = "phone"  # the judge's own phone, through their personal link
    PAPER = "paper"  # a paper ballot entered by staff on the judge's behalf
    CORRECTION = "correction"  # a staff correction after scoring closed, with a reason
    IMPORT = "import"  # bulk entry from a spreadsheet


class ScoreSubmission(db.Model):
    """One version of one judge's marks for one team; the highest version is current."""

    __tablename__ = "score_submissions"
    __table_args__ = (
        # Two racing writers can never both create version N for the same judge and team.
        sa.UniqueConstraint("team_id", "judge_id", "version"),
        sa.CheckConstraint("version >= 1", name="version_positive"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    team_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("teams.id"), index=True)
    judge_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("judges.id"), index=True)
    version: so.Mapped[int]
    total: so.Mapped[Decimal] = so.mapped_column(ExactDecimal)
    channel: so.Mapped[Channel] = so.mapped_column(_enum(Channel))
    entered_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("staff_users.id"))
    reason: so.Mapped[str] = so.mapped_column(sa.String(500), default="")
    # Retries of the same submission carry the same key and are answered, not re-applied.
    idempotency_key: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    receipt: so.Mapped[str] = so.mapped_column(sa.String(12), index=True)
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    # The import that brought this score (paper or total-only workbooks); for undo.
    import_batch_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("import_batches.id"), index=True
    )

    team: so.Mapped[Team] = so.relationship()
    judge: so.Mapped[Judge] = so.relationship()
    entered_by: so.Mapped[StaffUser | None] = so.relationship()
    marks: so.Mapped[list[ScoreMark]] = so.relationship(
        back_populates="submission", cascade="all, delete-orphan"
    )


class ScoreMark(db.Model):
    """The mark for one score-sheet item within a submission."""

    __tablename__ = "score_marks"

    submission_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("score_submissions.id"), primary_key=True
    )
    item_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("score_items.id"), primary_key=True)
    value: so.Mapped[Decimal] = so.mapped_column(ExactDecimal)

    submission: so.Mapped[ScoreSubmission] = so.relationship(back_populates="marks")
    item: so.Mapped[ScoreItem] = so.relationship()


class Deduction(db.Model):
    """A deduction from a team's final score (e.g. overtime): its own line, never in marks."""

    __tablename__ = "deductions"
    __table_args__ = (sa.CheckConstraint("amount > 0", name="amount_positive"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    team_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("teams.id"), index=True)
    kind: so.Mapped[str] = so.mapped_column(sa.String(30))  # "overtime", ...
    amount: so.Mapped[Decimal] = so.mapped_column(ExactDecimal)
    reason: so.Mapped[str] = so.mapped_column(sa.String(500))
    created_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("staff_users.id"))
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    voided_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)

    team: so.Mapped[Team] = so.relationship()


class ManualTieBreak(db.Model):
    """A recorded decision (e.g. by the panel chair) ordering teams tied on score."""

    __tablename__ = "manual_tie_breaks"

    team_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("teams.id"), primary_key=True)
    position: so.Mapped[int]  # lower wins, among teams still tied
    reason: so.Mapped[str] = so.mapped_column(sa.String(500))
    decided_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("staff_users.id"))
    decided_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
