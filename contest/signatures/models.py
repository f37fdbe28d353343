"""One drawn signature over the hash of what was signed."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from contest.extensions import db
from contest.models.types import UTCDateTime, utcnow


class Signature(db.Model):
    """Who signed (kind, id, name as shown), what (purpose, subject, hash), the ink, when."""

    __tablename__ = "signatures"
    __table_args__ = (sa.Index("ix_signatures_subject", "contest_id", "purpose", "subject"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    contest_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("contests.id"), index=True)
    # judge / supervisor / staff / witness / team: who the signer is
    signer_kind: so.Mapped[str] = so.mapped_column(sa.String(20))
    signer_id: so.Mapped[int | None]  # the judge's or staff account's id; none for a witness
    signer_name: so.Mapped[str] = so.mapped_column(sa.String(50))
    # what the signature is for, e.g. judge_sheet, countersign, cosign, draw_witness, ruling
    purpose: so.Mapped[str] = so.mapped_column(sa.String(40))
    subject: so.Mapped[str] = so.mapped_column(sa.String(100))  # e.g. venue:3:judge:7
    subject_hash: so.Mapped[str] = so.mapped_column(sa.String(64))  # digest() of the payload
    payload: so.Mapped[dict] = so.mapped_column(sa.JSON)  # what the signer saw, as hashed
    image: so.Mapped[bytes] = so.mapped_column(sa.LargeBinary)
    image_sha256: so.Mapped[str] = so.mapped_column(sa.String(64))
    device: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    signed_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    # Set when what was signed changed later (a correction): kept, shown with the old version.
    superseded_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)
    superseded_reason: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
