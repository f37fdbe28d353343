from __future__ import annotations

import sqlalchemy as sa
from flask import current_app, redirect, render_template, url_for

from contest import audit
from contest.extensions import db, limiter
from contest.judge import bp
from contest.judge import session as judge_session
from contest.judge.state import judge_state
from contest.models import Judge, utcnow


def key_attempts() -> str:
    return str(current_app.config["CONTEST_KEY_ATTEMPTS"])


@bp.route("/j/<key>")
@limiter.limit(key_attempts, deduct_when=lambda response: response.status_code == 404)
def sign_in(key: str):
    judge = db.session.scalar(sa.select(Judge).where(Judge.access_key == key))
    if judge is None or not judge.active:
        return render_template("judge/invalid.html"), 404
    return open_page(judge)


def open_page(judge: Judge):
    """Sign this phone in as the judge, note the first opening, and show their page."""
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
    judge_session.sign_in(judge)
    # Leave the key out of the address bar, the history and any screenshot of the page.
    return redirect(url_for("judge.page"))


@bp.route("/judge/")
def page():
    judge = judge_session.signed_in_judge()
    if judge is None or judge.venue is None:
        return render_template("judge/invalid.html"), 401
    state = judge_state(judge)
    db.session.commit()
    return render_template("judge/page.html", judge=judge, state=state)
