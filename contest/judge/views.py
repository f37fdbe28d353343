from __future__ import annotations

from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import redirect, render_template, request, url_for

from contest import audit
from contest.auth import attempts
from contest.extensions import db
from contest.judge import bp
from contest.judge import session as judge_session
from contest.judge.state import judge_state
from contest.models import Judge, utcnow
from contest.server.errors import answer

# Fetch metadata a browser sends with a request another page made (an <img>, a form):
# such a request is shown the confirmation page and never counts as a guess.
_FOREIGN_SITES = frozenset({"cross-site", "same-site"})


def _from_another_page() -> bool:
    """Whether this GET was made by some page rather than a person opening the link."""
    if request.headers.get("Sec-Fetch-Site", "").lower() in _FOREIGN_SITES:
        return True
    if request.headers.get("Sec-Fetch-Dest", "document").lower() not in ("document", "empty"):
        return True
    referrer = urlsplit(request.referrer or "")
    return bool(referrer.netloc) and referrer.netloc != request.host


@bp.route("/j/<key>", methods=["GET", "POST"])
def sign_in(key: str):
    # A QR code scanned or a link typed opens the page at once. A request fired by another
    # page (<img src=/j/x> on the hall Wi-Fi) gets a one-tap 进入评分 form instead: it looks
    # nothing up and counts nothing, so it cannot use up the hall's address.
    if request.method == "GET" and _from_another_page():
        return render_template("judge/confirm.html", key=key), 200, {"Cache-Control": "no-store"}
    attempt = attempts.count("key")  # counted before the lookup, refunded if it succeeds
    judge = db.session.scalar(sa.select(Judge).where(Judge.access_key == key))
    if judge is not None and judge.active:
        # Keys are 192 random bits: a right one past the address limit teaches a guesser
        # nothing, so a judge gets in even while the hall's address is being hammered.
        attempt.refund()
        return open_page(judge)
    if attempt.over:
        return answer(429)
    return render_template("judge/invalid.html"), 404


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
    from contest.judge import gate

    step = gate.step_page(judge)  # 评审承诺书 or 评分表签名 instead of the sheet
    if step is not None:
        db.session.commit()
        return step
    state = judge_state(judge)
    db.session.commit()
    return render_template("judge/page.html", judge=judge, state=state)
