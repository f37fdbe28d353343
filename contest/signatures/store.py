"""Record, look up and supersede signatures; the caller commits (or rolls back) the session."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import sqlalchemy as sa
from flask import request

from contest import audit
from contest.extensions import db
from contest.models.types import utcnow
from contest.signatures.digest import digest
from contest.signatures.image import decode_png
from contest.signatures.models import Signature


def _device() -> str:
    try:
        return (request.headers.get("User-Agent") or "")[:200]
    except RuntimeError:  # outside a request (the CLI, a test)
        return ""


def record(
    *,
    contest_id: int,
    signer_kind: str,
    signer_id: int | None,
    signer_name: str,
    purpose: str,
    subject: str,
    payload: Any,
    data_url: str | None,
    actor: str,
) -> Signature:
    """Keep a signature over `payload` (SignatureRefused when the ink is not a signature).

    An earlier current signature by the same signer for the same subject is superseded.
    """
    image = decode_png(data_url)
    plain = json.loads(json.dumps(payload, default=str))  # stored as the JSON it was hashed as
    for old in current(contest_id, purpose, subject, signer_kind, signer_id):
        old.superseded_at = utcnow()
        old.superseded_reason = "重新签名"
    row = Signature(
        contest_id=contest_id,
        signer_kind=signer_kind,
        signer_id=signer_id,
        signer_name=signer_name,
        purpose=purpose,
        subject=subject,
        subject_hash=digest(payload),
        payload=plain,
        image=image,
        image_sha256=hashlib.sha256(image).hexdigest(),
        device=_device(),
    )
    db.session.add(row)
    db.session.flush()
    audit.record(
        "signature.signed",
        actor=actor,
        subject=subject,
        contest_id=contest_id,
        data={
            "signature": row.id,
            "purpose": purpose,
            "signer": signer_name,
            "hash": row.subject_hash,
            "image_sha256": row.image_sha256,
        },
    )
    return row


def current(
    contest_id: int,
    purpose: str,
    subject: str,
    signer_kind: str | None = None,
    signer_id: int | None = None,
) -> list[Signature]:
    """The signatures in force for a subject (not superseded), oldest first."""
    query = sa.select(Signature).where(
        Signature.contest_id == contest_id,
        Signature.purpose == purpose,
        Signature.subject == subject,
        Signature.superseded_at.is_(None),
    )
    if signer_kind is not None:
        query = query.where(Signature.signer_kind == signer_kind)
        query = query.where(
            Signature.signer_id.is_(None) if signer_id is None else Signature.signer_id == signer_id
        )
    return list(db.session.scalars(query.order_by(Signature.id)))


def supersede(contest_id: int, purpose: str, subject: str, *, reason: str, actor: str) -> int:
    """Mark every current signature of a subject superseded (what they signed changed)."""
    rows = current(contest_id, purpose, subject)
    for row in rows:
        row.superseded_at = utcnow()
        row.superseded_reason = reason[:200]
    if rows:
        audit.record(
            "signature.superseded",
            actor=actor,
            subject=subject,
            contest_id=contest_id,
            data={"signatures": [row.id for row in rows], "reason": reason[:200]},
        )
    return len(rows)


def verify(signature: Signature, payload: Any) -> bool:
    """Whether the signature was made over exactly this payload, and its ink is intact."""
    return (
        signature.subject_hash == digest(payload)
        and signature.image_sha256 == hashlib.sha256(signature.image).hexdigest()
    )
