"""What the staff score forms (paper ballots, corrections) read and prefill."""

from __future__ import annotations

import secrets

from flask import request
from flask_babel import gettext as _
from flask_login import current_user

from contest.day.submissions import Accepted, ScoreRejected, current_submission, submit_score
from contest.extensions import db
from contest.models import Channel, Judge, ScoreItem, Team
from contest.numbers import plain
from contest.transactions import atomic


def posted_marks(items: list[ScoreItem]) -> dict[str, str]:
    return {str(item.id): request.form.get(f"mark-{item.id}", "") for item in items}


def current_version(team: Team, judge: Judge) -> int:
    current = current_submission(team.id, judge.id)
    return current.version if current else 0


def current_values(team: Team, judge: Judge) -> tuple[dict[str, str], str]:
    """The judge's current marks and total for the team, to start the form from."""
    current = current_submission(team.id, judge.id)
    if current is None:
        return {}, ""
    return {str(m.item_id): plain(m.value) for m in current.marks}, plain(current.total)


def idempotency_key() -> str:
    # A fresh key per form, kept across a failed post: a double-clicked submit stores once.
    return request.form.get("idempotency_key") or secrets.token_hex(16)


def based_on() -> int | None:
    """The version of the judge's score the form was filled in from (0: none yet)."""
    text = request.form.get("based_on", "")
    return int(text) if text.isdecimal() else None


def _check_based_on(judge: Judge, team_id: int, version: int | None) -> None:
    """Refuse a form filled in from a version someone else has since replaced."""
    if version is None:  # an older page or a script: nothing to compare
        return
    current = current_submission(team_id, judge.id)
    if (current.version if current else 0) != version:
        raise ScoreRejected(
            "stale_form",
            _(
                "未保存：在您填写期间，%(judge)s的分数已被他人改为总分 %(total)s"
                "（第 %(n)s 次提交）。下方已显示最新分数，请核对后重新填写。",
                judge=judge.label,
                total=plain(current.total) if current else "—",
                n=current.version if current else 0,
            ),
        )


def submit_for(judge_id: int, team_id: int, items: list[ScoreItem], channel: Channel) -> Accepted:
    """Store the posted form as the judge's next version, entered by the signed-in staff
    member; raises ScoreRejected (nothing written) like a phone submission, and when the
    form was filled in from a version someone else has replaced since (code stale_form)."""
    staff = current_user._get_current_object()
    marks = posted_marks(items)
    version = based_on()

    def store() -> Accepted:
        judge = db.session.get(Judge, judge_id)
        _check_based_on(judge, team_id, version)
        return submit_score(
            judge=judge,
            team_id=team_id,
            marks=marks,
            total=request.form.get("total", ""),
            idempotency_key=request.form.get("idempotency_key", ""),
            channel=channel,
            entered_by=staff,
            actor=f"staff:{staff.id}",
            reason=request.form.get("reason", ""),
        )

    return atomic(store)
