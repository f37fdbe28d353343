"""A venue's signing, opened by staff (`manual`) or by its last reveal (`venue_end`)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from contest.extensions import db
from contest.models.types import UTCDateTime, utcnow


class SigningWindow(db.Model):
    __tablename__ = "signing_windows"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    contest_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("contests.id"), index=True)
    venue_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("venues.id"), unique=True)
    opened_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    opened_by: so.Mapped[str] = so.mapped_column(sa.String(40))  # staff:N, or "venue_end"
