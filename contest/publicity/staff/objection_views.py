"""One objection: what was filed, and its handling 受理 → 核查 → 答复."""

from __future__ import annotations

from flask import abort, render_template, request, send_file, url_for
from flask_babel import gettext as _

from contest.auth.guards import admin_required
from contest.extensions import db
from contest.models import StaffUser
from contest.publicity import objections
from contest.publicity.models import Objection
from contest.publicity.staff import bp
from contest.publicity.staff.common import act, parse_int, staff_id
from contest.season.models import Season


def _page(objection_id: int) -> str:
    return url_for("publicity_staff.objection_page", objection_id=objection_id)


@bp.route("/objections/<int:objection_id>")
@admin_required
def objection_page(objection_id: int):
    row = db.get_or_404(Objection, objection_id)
    handler = db.session.get(StaffUser, row.handler_id) if row.handler_id else None
    return render_template(
        "publicity/staff_objection.html",
        objection=row,
        season=db.session.get(Season, row.season_id),
        handler=handler,
        handlers=objections.handlers(),
        labels=objections.LABELS,
        answer_days=objections.ANSWER_DAYS,
    )


@bp.post("/objections/<int:objection_id>/accept")
@admin_required
def objection_accept(objection_id: int):
    db.get_or_404(Objection, objection_id)

    def work() -> None:
        handler = parse_int(request.form.get("handler_id", ""), _("承办人"))
        objections.accept(objection_id=objection_id, handler_id=handler, staff_id=staff_id())

    return act(work, _("已受理，答复期限已按工作日计算"), _page(objection_id))


@bp.post("/objections/<int:objection_id>/check")
@admin_required
def objection_check(objection_id: int):
    db.get_or_404(Objection, objection_id)

    def work() -> None:
        notes = request.form.get("notes", "")
        objections.start_check(objection_id=objection_id, notes=notes, staff_id=staff_id())

    return act(work, _("已记录核查情况"), _page(objection_id))


@bp.post("/objections/<int:objection_id>/answer")
@admin_required
def objection_answer(objection_id: int):
    db.get_or_404(Objection, objection_id)

    def work() -> None:
        decision = request.form.get("decision", "")
        objections.answer(objection_id=objection_id, decision=decision, staff_id=staff_id())

    return act(work, _("已答复，该异议办结"), _page(objection_id))


@bp.route("/objections/<int:objection_id>/attachment")
@admin_required
def objection_attachment(objection_id: int):
    row = db.get_or_404(Objection, objection_id)
    if not row.attachment:
        abort(404)
    store = objections.storage()
    sha256 = row.attachment["sha256"]
    if not store.exists(sha256):
        abort(404)
    return send_file(
        store.open(sha256),
        mimetype="application/pdf",
        as_attachment=True,
        download_name=row.attachment["name"],
        max_age=0,
    )
