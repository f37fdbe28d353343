"""What the staff score forms (paper ballots, corrections) read and prefill."""

from __future__ import annotations

import secrets

from flask import request
from flask_login import current_user

from contest.extensions import db
from contest.models import Channel, Judge, ScoreItem, Team
from contest.numbers import plain
from contest.submissions import Accepted, current_submission, submit_score
from contest.transactions import atomic


def posted_marks(items: list[ScoreItem]) -> dict[str, str]:
    return {str(item.id): request.form.get(f"mark-{item.id}", "") for item in items}


def current_values(team: Team, judge: Judge) -> tuple[dict[str, str], str]:
    """The judge's current marks and total for the team, to start the form from."""
    current = current_submission(team.id, judge.id)
    if current is None:
        return {}, ""
    return {str(m.item_id): plain(m.value) for m in current.marks}, plain(current.total)


def idempotency_key() -> str:
    # A fresh key per form, kept across a failed post: a double-clicked submit stores once.
    return request.form.get("idempotency_key") or secrets.token_hex(16)


def submit_for(judge_id: int, team_id: int, items: list[ScoreItem], channel: Channel) -> Accepted:
    """Store the posted form as the judge's next version, entered by the signed-in staff
    member; raises ScoreRejected (nothing written) like a phone submission."""
    staff = current_user._get_current_object()
    marks = posted_marks(items)
    return atomic(
        lambda: submit_score(
            judge=db.session.get(Judge, judge_id),
            team_id=team_id,
            marks=marks,
            total=request.form.get("total", ""),
            idempotency_key=request.form.get("idempotency_key", ""),
            channel=channel,
            entered_by=staff,
            actor=f"staff:{staff.id}",
            reason=request.form.get("reason", ""),
        )
    )
