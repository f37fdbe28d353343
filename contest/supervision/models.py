"""A change that waits for the 监督's co-signature."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from contest.extensions import db
from contest.models.team import _enum
from contest.models.types import UTCDateTime, utcnow


class CosignKind(enum.StrEnum):
    CORRECTION = "correction"
    FORCED_REVEAL = "forced_reveal"


class CosignState(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"  # signed; a forced reveal not yet used
    USED = "used"  # a forced reveal that went ahead
    REFUSED = "refused"


class CosignRequest(db.Model):
    __tablename__ = "cosign_requests"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    contest_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("contests.id"), index=True)
    venue_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("venues.id"), index=True)
    team_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("teams.id"), index=True)
    judge_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("judges.id"))
    kind: so.Mapped[CosignKind] = so.mapped_column(_enum(CosignKind))
    state: so.Mapped[CosignState] = so.mapped_column(
        _enum(CosignState), default=CosignState.PENDING
    )
    # What will be done: the correction's marks, total and reason, or the reveal's reason.
    details: so.Mapped[dict] = so.mapped_column(sa.JSON)
    requested_by: so.Mapped[str] = so.mapped_column(sa.String(40))
    requested_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    decided_by: so.Mapped[str] = so.mapped_column(sa.String(40), default="")
    decided_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)
    note: so.Mapped[str] = so.mapped_column(sa.String(200), default="")  # a refusal's reason
    signature_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("signatures.id"))
