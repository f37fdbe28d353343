"""An invitation's link, shown once to the person who made it (never flashed or stored)."""

from __future__ import annotations

from flask import current_app, url_for


def invitation_url(code: str) -> str:
    base = str(current_app.config.get("CONTEST_PUBLIC_URL") or "").rstrip("/")
    return base + url_for("apply.join", code=code)
