"""A draw of lots for a venue's running order, kept so anyone can replay it."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from contest.extensions import db
from contest.models.contest import Venue
from contest.models.people import StaffUser
from contest.models.types import UTCDateTime, utcnow


class Draw(db.Model):
    __tablename__ = "draws"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    venue_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("venues.id"), index=True)
    seed: so.Mapped[str] = so.mapped_column(sa.String(200))
    algorithm: so.Mapped[str] = so.mapped_column(sa.String(40))
    witnesses: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    entrants: so.Mapped[list[int]] = so.mapped_column(sa.JSON)  # team ids, ascending: the input
    order: so.Mapped[list[int]] = so.mapped_column(sa.JSON)  # team ids as drawn
    drawn_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("staff_users.id"))
    drawn_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)

    venue: so.Mapped[Venue] = so.relationship()
    drawn_by: so.Mapped[StaffUser | None] = so.relationship()
