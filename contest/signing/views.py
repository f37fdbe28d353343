"""The judge's signing page and its POST; the staff page per venue and each signed PDF."""

from __future__ import annotations

import base64

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup

from contest.admin.setup import hub
from contest.auth.guards import admin_required
from contest.exports.audit_csv import shown_time
from contest.extensions import db
from contest.judge import session as judge_session
from contest.models import Judge, Venue
from contest.server.errors import answer
from contest.signatures.image import SignatureRefused
from contest.signing import service
from contest.signing.sheet import State, history, status
from contest.transactions import atomic

bp = Blueprint("signing", __name__)

hub.SECTIONS.append(
    hub.Section(
        "signing.settings",
        _l("评委签名"),
        _l("启用后，分会场结束时评委在手机上核对本人全天评分并手写签名，签名后评分锁定"),
    )
)


def image_src(signature) -> Markup:
    data = base64.b64encode(signature.image).decode("ascii")
    return Markup(f"data:image/png;base64,{data}")


def judge_page(judge: Judge, *, error: str = "", code: int = 200):
    """The judge's sheet with the pad, or their signed sheet read-only."""
    now = status(judge)
    body = render_template(
        "signing/judge.html",
        judge=judge,
        now=now,
        S=State,
        error=error,
        shown=shown_time,
        image_src=image_src,
    )
    return body, code, {"Cache-Control": "no-store"}


@bp.post("/judge/sign")
def sign():
    judge = judge_session.signed_in_judge()
    if judge is None or judge.venue is None:
        return render_template("judge/invalid.html"), 401
    judge_id = judge.id
    sheet_hash = request.form.get("sheet_hash", "")
    ink = request.form.get("signature", "")
    try:
        atomic(
            lambda: service.sign(
                db.session.get(Judge, judge_id), sheet_hash=sheet_hash, data_url=ink
            )
        )
    except (service.SigningRefused, SignatureRefused) as refused:
        message = refused.message if hasattr(refused, "message") else str(refused)
        return judge_page(db.session.get(Judge, judge_id), error=message, code=409)
    return redirect(url_for("judge.page"))


@bp.route("/admin/contests/<int:contest_id>/signing", methods=["GET", "POST"])
@admin_required
def settings(contest_id: int):
    from contest.models import Contest
    from contest.signing import settings as signing_settings

    contest = db.get_or_404(Contest, contest_id)
    if request.method == "POST":
        return hub.save_switch_and_timing(
            contest_id, signing_settings.save, default_when="venue_end", endpoint="signing.settings"
        )
    rows = [(venue, _venue_rows(venue)) for venue in contest.venues]
    return render_template(
        "signing/staff.html",
        contest=contest,
        rules=service.setting(contest),
        venues=rows,
        is_open=service.is_open,
        ended=service.venue_ended,
        window=service.window,
        shown=shown_time,
        S=State,
        image_src=image_src,
    )


def _venue_rows(venue: Venue):
    judges = sorted(venue.judges, key=lambda j: j.number)
    return [(judge, status(judge)) for judge in judges]


@bp.post("/admin/venues/<int:venue_id>/signing/open")
@admin_required
def open_signing(venue_id: int):
    venue = db.get_or_404(Venue, venue_id)
    contest_id = venue.contest_id
    actor = f"staff:{current_user.id}"
    try:
        atomic(lambda: service.open_window(db.session.get(Venue, venue_id), actor=actor))
    except service.SigningRefused as refused:
        flash(refused.message, "error")
    else:
        from contest.live import realtime

        realtime.stage_changed(venue_id)  # judges' phones refresh and show the signing page
        flash(
            _("已请%(venue)s的评委签名：评委手机将显示本人评分表和签名框", venue=venue.name),
            "success",
        )
    return redirect(url_for("signing.settings", contest_id=contest_id) + f"#venue-{venue_id}")


@bp.get("/admin/venues/<int:venue_id>/signing/<int:judge_id>.pdf")
@admin_required
def sheet_pdf(venue_id: int, judge_id: int):
    from contest.signing import pdf

    judge = db.session.get(Judge, judge_id)
    if judge is None or judge.venue_id != venue_id:
        return answer(404)
    signatures = history(judge)
    if not signatures:
        flash(_("%(judge)s尚未签名，没有签名评分表可打印", judge=judge.label), "error")
        return redirect(url_for("signing.settings", contest_id=judge.contest_id))
    data = pdf.judge_sheet(judge, signatures)
    name = f"{judge.venue.name}{judge.label}{judge.name}签名评分表.pdf"
    from urllib.parse import quote

    response = Response(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(name)}"
    response.headers["Cache-Control"] = "no-store"
    return response
