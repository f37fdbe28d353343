"""One team's appeal and its ruling."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from contest.extensions import db
from contest.models.types import UTCDateTime, utcnow


class Appeal(db.Model):
    __tablename__ = "appeals"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    contest_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("contests.id"), index=True)
    team_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("teams.id"), unique=True)  # one each
    filer_name: so.Mapped[str] = so.mapped_column(sa.String(50))
    filer_phone: so.Mapped[str] = so.mapped_column(sa.String(30))
    grounds: so.Mapped[str] = so.mapped_column(sa.Text)
    via: so.Mapped[str] = so.mapped_column(sa.String(10))  # link or desk
    filed_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    # 维持 (upheld: the result stands, 「已复核」) or 更正 (changed: corrected before the ruling)
    outcome: so.Mapped[str] = so.mapped_column(sa.String(10), default="")
    ruling: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    ruled_by: so.Mapped[str] = so.mapped_column(sa.String(40), default="")
    ruled_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)
    staff_signature_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("signatures.id"))
    chair_signature_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("signatures.id"))
