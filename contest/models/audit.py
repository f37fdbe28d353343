"""The audit log: one row per state change, chained by hash so tampering shows."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from contest.extensions import db
from contest.models.types import UTCDateTime, utcnow


class AuditEntry(db.Model):
    __tablename__ = "audit_entries"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    # No foreign key: entries outlive a deleted contest, and the hash covers this id, so it
    # can be neither cleared nor cascaded. New contests never reuse an id the log mentions.
    contest_id: so.Mapped[int | None] = so.mapped_column(index=True)
    at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    actor: so.Mapped[str] = so.mapped_column(sa.String(80))  # "staff:3 admin", "judge:7", "system"
    action: so.Mapped[str] = so.mapped_column(sa.String(80), index=True)  # "score.submitted"
    subject: so.Mapped[str] = so.mapped_column(sa.String(80), default="")  # "team:12"
    data: so.Mapped[dict[str, Any]] = so.mapped_column(sa.JSON, default=dict)
    prev_hash: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)  # no forks
    hash: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    # HMAC of `hash` with the key of CONTEST_AUDIT_KEY_FILE (contest/audit/seal.py); None
    # when no key was set.
    seal: so.Mapped[str | None] = so.mapped_column(sa.String(64), default=None)
