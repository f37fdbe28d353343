"""A hall display's pass: the display page carries one, and only a Socket.IO connection
that shows a valid pass for its venue counts as a display in the host's 「大屏 n 块」.

Anyone may open the public display page, but each pass counts once however many sockets
show it, so inflating the count takes a page load per display (and the per-address cap on
public sockets bounds those). A connection without a pass still receives everything: it is
counted as a remote viewer.
"""

from __future__ import annotations

import secrets

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

SALT = "contest.display-pass"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt=SALT)


def issue(venue_id: int) -> str:
    """A fresh pass for one load of this venue's display page."""
    return _serializer().dumps({"v": venue_id, "n": secrets.token_hex(8)})


def pass_id(token: object, venue_id: int) -> str | None:
    """The pass's own id when `token` is a valid pass for this venue; else None."""
    if not isinstance(token, str) or len(token) > 200:
        return None
    try:
        data = _serializer().loads(token)
    except BadSignature:
        return None
    if not isinstance(data, dict) or data.get("v") != venue_id:
        return None
    found = data.get("n")
    return found if isinstance(found, str) else None
