"""Secrets for judges' personal links."""

from __future__ import annotations

import secrets

# No 0/O, 1/I/L: the fallback code is read off a card and typed on a phone.
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
FALLBACK_CODE_LENGTH = 8


def new_access_key() -> str:
    """A URL-safe key of 192 random bits (the issue asks for at least 128)."""
    return secrets.token_urlsafe(24)


def new_fallback_code() -> str:
    """A short code (about 40 bits) to type when the QR code cannot be scanned."""
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(FALLBACK_CODE_LENGTH))
