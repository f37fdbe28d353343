"""Secrets for personal links (judges', reviewers'), and drawing one not yet in use."""

from __future__ import annotations

import secrets
from collections.abc import Callable

import sqlalchemy as sa
import sqlalchemy.orm as so

from contest.extensions import db

# No 0/O, 1/I/L: the fallback code is read off a card and typed on a phone.
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
FALLBACK_CODE_LENGTH = 8


def new_access_key() -> str:
    """A URL-safe key of 192 random bits (the issue asks for at least 128)."""
    return secrets.token_urlsafe(24)


def new_fallback_code() -> str:
    """A short code (about 40 bits) to type when the QR code cannot be scanned."""
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(FALLBACK_CODE_LENGTH))


def unused_secret(column: so.InstrumentedAttribute[str], make: Callable[[], str]) -> str:
    """A fresh value for a unique column; collisions are astronomically rare but checked."""
    for _ in range(10):
        value = make()
        if db.session.scalar(sa.select(column).where(column == value).limit(1)) is None:
            return value
    raise RuntimeError("could not draw an unused secret")  # pragma: no cover
