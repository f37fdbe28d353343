"""What the staff score forms (paper ballots, corrections) read and prefill."""

from __future__ import annotations

import secrets

from flask import request

from contest.models import Judge, ScoreItem, Team
from contest.submissions import current_submission


def posted_marks(items: list[ScoreItem]) -> dict[str, str]:
    return {str(item.id): request.form.get(f"mark-{item.id}", "") for item in items}


def current_values(team: Team, judge: Judge) -> tuple[dict[str, str], str]:
    """The judge's current marks and total for the team, to start the form from."""
    current = current_submission(team.id, judge.id)
    if current is None:
        return {}, ""
    return {str(m.item_id): format(m.value, "f") for m in current.marks}, format(current.total, "f")


def idempotency_key() -> str:
    # A fresh key per form, kept across a failed post: a double-clicked submit stores once.
    return request.form.get("idempotency_key") or secrets.token_hex(16)
