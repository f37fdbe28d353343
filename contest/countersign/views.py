"""The chair's countersign page (instead of the sheet while a result waits) and its POST;
the contest setting on a set-up page."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from contest.admin.setup import hub
from contest.auth.guards import admin_required
from contest.countersign import service
from contest.extensions import db
from contest.judge import session as judge_session
from contest.models import Contest, Judge, Team
from contest.signatures.image import SignatureRefused
from contest.transactions import atomic

bp = Blueprint("countersign", __name__)

hub.SECTIONS.append(
    hub.Section(
        "countersign.settings",
        _l("评委组长签名确认"),
        _l("启用后，评委组长在揭晓前（或分会场结束时）在手机上核对并签名确认成绩"),
    )
)


def judge_page(judge: Judge, now: service.Status, *, error: str = "", code: int = 200):
    whole_venue = now.subject.startswith("venue:")
    team = None if whole_venue else db.session.get(Team, int(now.subject.split(":")[1]))
    body = render_template(
        "countersign/judge.html",
        judge=judge,
        now=now,
        whole_venue=whole_venue,
        corrected=team is not None and team.revealed_at is not None,  # signed again after
        error=error,
    )
    return body, code, {"Cache-Control": "no-store"}


@bp.post("/judge/countersign")
def sign():
    judge = judge_session.signed_in_judge()
    if judge is None or judge.venue is None:
        return render_template("judge/invalid.html"), 401
    judge_id = judge.id
    subject = request.form.get("subject", "")
    payload_hash = request.form.get("payload_hash", "")
    ink = request.form.get("signature", "")
    try:
        atomic(
            lambda: service.sign(
                db.session.get(Judge, judge_id),
                subject=subject,
                payload_hash=payload_hash,
                data_url=ink,
            )
        )
    except (service.CountersignRefused, SignatureRefused) as refused:
        message = refused.message if hasattr(refused, "message") else str(refused)
        judge = db.session.get(Judge, judge_id)
        now = service.pending_for(judge)
        if now is None:
            return redirect(url_for("judge.page"))
        return judge_page(judge, now, error=message, code=409)
    from contest.live import realtime

    realtime.stage_changed(judge.venue_id)  # the host console: the reveal may go ahead
    return redirect(url_for("judge.page"))


@bp.route("/admin/contests/<int:contest_id>/countersign", methods=["GET", "POST"])
@admin_required
def settings(contest_id: int):
    from contest.countersign.settings import save

    contest = db.get_or_404(Contest, contest_id)
    if request.method == "POST":
        return hub.save_switch_and_timing(
            contest_id, save, default_when="before_reveal", endpoint="countersign.settings"
        )
    chairs = [(venue, service.chair_of(venue)) for venue in contest.venues]
    return render_template(
        "countersign/staff.html", contest=contest, rules=service.setting(contest), chairs=chairs
    )
