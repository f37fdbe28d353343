"""Import batches: one row per confirmed import, so a whole import can be undone."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from contest.extensions import db
from contest.models.types import UTCDateTime, utcnow


class ImportBatch(db.Model):
    """What one confirmed import wrote; teams, judges and scores point back to it."""

    __tablename__ = "import_batches"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    contest_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("contests.id"), index=True)
    kind: so.Mapped[str] = so.mapped_column(sa.String(20))  # "teams", "judges", "scores"
    filename: so.Mapped[str] = so.mapped_column(sa.String(255), default="")
    # Per sheet: rows read, rows written, warnings; shown on the import history.
    summary: so.Mapped[dict[str, Any]] = so.mapped_column(sa.JSON, default=dict)
    created_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("staff_users.id"))
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    undone_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)
    undone_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("staff_users.id"))

    def __repr__(self) -> str:
        return f"<ImportBatch {self.id} {self.kind} {self.filename!r}>"
