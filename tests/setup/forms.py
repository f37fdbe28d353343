"""Post a set-up form the way the page does: signed in, with the page's CSRF token."""

from __future__ import annotations

import re

import sqlalchemy as sa

from contest.extensions import db
from contest.models import AuditEntry


def post(client, path: str, data: dict[str, str], *, page: str = "/admin/"):
    """POST `data` to `path` with the CSRF token read from `page`."""
    html = client.get(page).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    return client.post(path, data={**data, "csrf_token": token})


def entries(action: str) -> list[AuditEntry]:
    """The audit entries of one action, oldest first."""
    query = sa.select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
    return list(db.session.scalars(query))


def audit_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry))
