"""The judge's sign-in, kept in the Flask session after they open their personal link."""

from __future__ import annotations

from flask import session

from contest.extensions import db
from contest.models import Judge

JUDGE_ID = "judge_id"
KEY_ISSUED = "judge_key_issued"


def sign_in(judge: Judge) -> None:
    session.clear()
    session[JUDGE_ID] = judge.id
    session[KEY_ISSUED] = judge.key_issued_at.isoformat()
    session.permanent = True


def signed_in_judge() -> Judge | None:
    """The judge of this session, if their key is still the one they signed in with."""
    judge_id = session.get(JUDGE_ID)
    judge = db.session.get(Judge, judge_id) if isinstance(judge_id, int) else None
    # A reissued key or a deactivated judge ends every earlier session at once.
    if (
        judge is None
        or not judge.active
        or session.get(KEY_ISSUED) != judge.key_issued_at.isoformat()
    ):
        session.pop(JUDGE_ID, None)
        return None
    return judge
