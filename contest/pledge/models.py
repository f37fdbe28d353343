"""One judge's acceptance of one text of the pledge."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from contest.extensions import db
from contest.models.types import UTCDateTime, utcnow


class PledgeAcceptance(db.Model):
    """Who accepted (the judge), which text (its SHA-256 and the text itself), when, where."""

    __tablename__ = "pledge_acceptances"
    __table_args__ = (sa.UniqueConstraint("judge_id", "text_sha256"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    contest_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("contests.id"), index=True)
    judge_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("judges.id"), index=True)
    text_sha256: so.Mapped[str] = so.mapped_column(sa.String(64))
    text: so.Mapped[str] = so.mapped_column(sa.Text)  # what the judge read, kept verbatim
    accepted_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    device: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    address: so.Mapped[str] = so.mapped_column(sa.String(64), default="")
