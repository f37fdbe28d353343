from __future__ import annotations

import sqlalchemy as sa
from flask import redirect, render_template, session, url_for

from contest import audit
from contest.extensions import db
from contest.judge import bp
from contest.models import Judge, Recusal, utcnow
from contest.snapshot import venue_snapshot

SESSION_KEY = "judge_id"


def _signed_in_judge() -> Judge | None:
    judge_id = session.get(SESSION_KEY)
    judge = db.session.get(Judge, judge_id) if isinstance(judge_id, int) else None
    # A revoked key or a deactivated judge ends the session at once.
    if (
        judge is None
        or not judge.active
        or session.get("judge_key_issued") != judge.key_issued_at.isoformat()
    ):
        session.pop(SESSION_KEY, None)
        return None
    return judge


@bp.route("/j/<key>")
def sign_in(key: str):
    judge = db.session.scalar(sa.select(Judge).where(Judge.access_key == key))
    if judge is None or not judge.active:
        return render_template("judge/invalid.html"), 404
    now = utcnow()
    if judge.first_opened_at is None:
        judge.first_opened_at = now
        audit.record(
            "judge.link_opened",
            actor=f"judge:{judge.id}",
            subject=f"judge:{judge.id}",
            contest_id=judge.contest_id,
        )
    judge.last_seen_at = now
    db.session.commit()
    session.clear()
    session[SESSION_KEY] = judge.id
    session["judge_key_issued"] = judge.key_issued_at.isoformat()
    session.permanent = True
    # Leave the key out of the address bar, the history and any screenshot of the page.
    return redirect(url_for("judge.page"))


@bp.route("/judge/")
def page():
    judge = _signed_in_judge()
    if judge is None:
        return render_template("judge/invalid.html"), 401
    snapshot = venue_snapshot(judge.venue) if judge.venue else None
    team = snapshot["stage"]["team"] if snapshot else None
    recused = bool(
        team
        and db.session.scalar(
            sa.select(Recusal.id).where(Recusal.judge_id == judge.id, Recusal.team_id == team["id"])
        )
    )
    items = judge.contest.items
    db.session.commit()
    return render_template(
        "judge/page.html", judge=judge, snapshot=snapshot, recused=recused, items=items
    )
