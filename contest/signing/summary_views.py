"""The venue's 评分汇总表: the staff PDF, the 监督's signature, the public check."""

from __future__ import annotations

from urllib.parse import quote

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest.auth.guards import admin_required
from contest.extensions import db
from contest.models import Venue
from contest.signatures.image import SignatureRefused
from contest.signing import summary as summaries
from contest.signing.views import bp
from contest.supervision.views import supervisor_only
from contest.transactions import atomic


@bp.get("/admin/venues/<int:venue_id>/summary.pdf")
@admin_required
def summary_pdf(venue_id: int):
    from contest.signing.pdf import venue_summary

    venue = db.get_or_404(Venue, venue_id)
    data = venue_summary(venue, summaries.summary(venue))
    name = f"{venue.contest.name}{venue.name}评分汇总表.pdf"
    response = Response(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(name)}"
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/supervise/venues/<int:venue_id>/summary")
@supervisor_only
def supervisor_sign(venue_id: int):
    venue = db.get_or_404(Venue, venue_id)
    contest_id = venue.contest_id
    supervisor = current_user._get_current_object()
    sheet_hash = request.form.get("sheet_hash", "")
    ink = request.form.get("signature", "")
    try:
        atomic(
            lambda: summaries.supervisor_sign(
                db.session.get(Venue, venue_id),
                supervisor=supervisor,
                sheet_hash=sheet_hash,
                data_url=ink,
            )
        )
    except (summaries.SummaryRefused, SignatureRefused) as refused:
        flash(refused.message if hasattr(refused, "message") else str(refused), "error")
    else:
        flash(_("已签名确认%(venue)s评分汇总表", venue=venue.name), "success")
    return redirect(url_for("supervision.contest", contest_id=contest_id) + f"#summary-{venue_id}")


@bp.get("/check/summary/<int:venue_id>/<sheet_hash>")
def summary_check(venue_id: int, sheet_hash: str):
    """What a printed 评分汇总表's QR code opens: do its figures match the system's now?"""
    venue = db.session.get(Venue, venue_id)
    if venue is None or len(sheet_hash) > 64:
        abort(404)
    now = summaries.summary(venue)
    body = render_template(
        "signing/summary_check.html",
        venue=venue,
        now=now,
        matches=sheet_hash == now.payload_hash,
        printed=sheet_hash,
    )
    return body, 200, {"Cache-Control": "no-store"}
