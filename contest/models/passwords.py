"""Password hashes for staff and applicants, made one way.

werkzeug's scrypt by default. CONTEST_PASSWORD_METHOD names another werkzeug method: the
test suite sets a cheap pbkdf2, since a few thousand sign-ins would otherwise spend minutes
in scrypt. check_password_hash reads the method from each stored hash, so a hash made
either way keeps working.
"""

from __future__ import annotations

import secrets
from functools import lru_cache

from flask import current_app, has_app_context
from werkzeug.security import check_password_hash, generate_password_hash

DEFAULT_METHOD = "scrypt"


def _method() -> str:
    if not has_app_context():
        return DEFAULT_METHOD
    return current_app.config.get("CONTEST_PASSWORD_METHOD") or DEFAULT_METHOD


def make(password: str) -> str:
    return generate_password_hash(password, method=_method())


def matches(stored: str, password: str) -> bool:
    return check_password_hash(stored, password)


@lru_cache(maxsize=4)
def _dummy(method: str) -> str:
    return generate_password_hash(secrets.token_urlsafe(16), method=method)


def spend_as_a_check(password: str) -> None:
    """Check against a hash nobody has: an unknown username takes as long as a known one."""
    check_password_hash(_dummy(_method()), password)
