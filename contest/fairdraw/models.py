"""A published commitment for a venue's draw, and the witnesses' entropy."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from contest.extensions import db
from contest.models.types import UTCDateTime, utcnow


class DrawCommit(db.Model):
    __tablename__ = "draw_commits"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    contest_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("contests.id"), index=True)
    venue_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("venues.id"), index=True)
    secret: so.Mapped[str] = so.mapped_column(sa.String(64))  # shown only after the draw
    commitment: so.Mapped[str] = so.mapped_column(sa.String(64))  # sha256(secret), published
    created_by: so.Mapped[str] = so.mapped_column(sa.String(40))
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    draw_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("draws.id"))
    seed: so.Mapped[str] = so.mapped_column(sa.String(64), default="")  # set at the draw

    witnesses: so.Mapped[list[DrawWitness]] = so.relationship(
        order_by="DrawWitness.id", cascade="all, delete-orphan"
    )


class DrawWitness(db.Model):
    __tablename__ = "draw_witnesses"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    commit_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("draw_commits.id"), index=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(50))
    entropy: so.Mapped[str] = so.mapped_column(sa.String(64))
    via: so.Mapped[str] = so.mapped_column(sa.String(10))  # phone (signed) or console (typed)
    added_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    signature_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("signatures.id"))
