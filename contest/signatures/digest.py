"""The canonical hash of what a person signs: the same payload always gives the same hash."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)  # exact: "85.50" stays "85.50"
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot sign a {type(value).__name__}")


def canonical(payload: Any) -> bytes:
    """The payload as UTF-8 JSON with sorted keys and no spaces (names kept as written)."""
    return json.dumps(
        payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_plain
    ).encode("utf-8")


def digest(payload: Any) -> str:
    """SHA-256 (hex) of the payload's canonical form."""
    return hashlib.sha256(canonical(payload)).hexdigest()
