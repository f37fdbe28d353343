"""Judges' personal links: reissue, deactivate, and the state staff see on their list.

Domain only: no request objects. Callers commit. Keys and fallback codes are secrets and
never go into the audit log.
"""

from __future__ import annotations

import unicodedata

import sqlalchemy as sa

from contest import audit
from contest.extensions import db
from contest.live import feed
from contest.models import Judge, utcnow
from contest.roster.keys import (
    FALLBACK_CODE_LENGTH,
    new_access_key,
    new_fallback_code,
    unused_secret,
)

# Values of `link_status`.
INACTIVE = "inactive"  # deactivated: the link and the code are refused
UNOPENED = "unopened"  # the current link has never been opened
OPENED = "opened"


def reissue_key(judge: Judge, *, actor: str) -> None:
    """Give the judge a new link and code; the old ones stop working at once.

    The judge's phone session stores the `key_issued_at` it signed in under, so moving it
    ends every session opened with the old link. The link counts as unopened again, so
    staff and hosts can see whether the judge has scanned the new card.
    """
    judge.access_key = unused_secret(Judge.access_key, new_access_key)
    judge.fallback_code = unused_secret(Judge.fallback_code, new_fallback_code)
    judge.key_issued_at = utcnow()
    judge.first_opened_at = None
    judge.last_seen_at = None
    db.session.flush()
    audit.record(
        "judge.key_reissued",
        actor=actor,
        subject=f"judge:{judge.id}",
        data={"number": judge.number, "venue_id": judge.venue_id},
        contest_id=judge.contest_id,
    )


def set_active(judge: Judge, active: bool, *, actor: str) -> bool:
    """Activate or deactivate a judge; returns whether anything changed."""
    if judge.active == active:
        return False
    judge.active = active
    db.session.flush()
    audit.record(
        "judge.activated" if active else "judge.deactivated",
        actor=actor,
        subject=f"judge:{judge.id}",
        data={"number": judge.number, "venue_id": judge.venue_id},
        contest_id=judge.contest_id,
    )
    feed.bump(judge.venue_id)  # the judges' progress (x / y) on screens counts active judges
    return True


def link_status(judge: Judge) -> str:
    """INACTIVE, UNOPENED or OPENED (the current link, since it was last issued)."""
    if not judge.active:
        return INACTIVE
    return OPENED if judge.first_opened_at is not None else UNOPENED


def normalise_code(typed: str) -> str:
    """What a judge typed, as stored: full-width folded, upper case, no spaces or hyphens."""
    folded = unicodedata.normalize("NFKC", typed or "").upper()
    return "".join(ch for ch in folded if not ch.isspace() and ch not in "-‐‑–—_.")


def find_by_code(typed: str) -> Judge | None:
    """The active judge whose fallback code this is, or None."""
    code = normalise_code(typed)
    if len(code) != FALLBACK_CODE_LENGTH:
        return None
    return db.session.scalar(
        sa.select(Judge).where(Judge.fallback_code == code, Judge.active.is_(True))
    )


def spaced_code(code: str) -> str:
    """The code as printed on the card: groups of four, e.g. "ABCD EFGH"."""
    return " ".join(code[i : i + 4] for i in range(0, len(code), 4))
