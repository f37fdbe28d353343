"""The 监督's pages: the contests, one contest live with what waits for their signature,
and the co-sign and refuse actions; the contest setting on a set-up page."""

from __future__ import annotations

from functools import wraps

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from contest.admin.setup import hub
from contest.auth.guards import admin_required
from contest.extensions import db
from contest.models import Contest, StaffRole
from contest.signatures.image import SignatureRefused
from contest.supervision import live, service
from contest.supervision.models import CosignKind, CosignRequest
from contest.transactions import atomic

bp = Blueprint("supervision", __name__, url_prefix="/supervise")


hub.SECTIONS.append(
    hub.Section(
        "supervision.settings",
        _l("监督签名确认"),
        _l("启用后，评分更正和强制揭晓须经监督在手机上签名同意后才生效"),
    )
)


def supervisor_only(view):
    """The 监督 alone signs; admins may open the pages to look."""

    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        role = current_user.role
        if role is StaffRole.SUPERVISOR or (role is StaffRole.ADMIN and request.method == "GET"):
            return view(*args, **kwargs)
        abort(403)

    return wrapped


@bp.get("/")
@supervisor_only
def index():
    contests = db.session.scalars(sa.select(Contest).order_by(Contest.id.desc())).all()
    if len(contests) == 1:
        return redirect(url_for("supervision.contest", contest_id=contests[0].id))
    return render_template("supervision/index.html", contests=contests)


@bp.get("/contests/<int:contest_id>")
@supervisor_only
def contest(contest_id: int):
    from contest.exports.audit_csv import shown_time

    contest = db.get_or_404(Contest, contest_id)
    views = live.venues(contest)
    body = render_template(
        "supervision/contest.html",
        contest=contest,
        required=service.required(contest),
        pending=[(row, service.describe(row)) for row in service.pending(contest.id)],
        decided=service.decided(contest.id),
        venues=views,
        versions={str(v.venue.id): v.stage.seq if v.stage else 0 for v in views},
        log=live.recent_log(contest),
        shown=shown_time,
        K=CosignKind,
        who=service.actor_name,
        signer=current_user.role is StaffRole.SUPERVISOR,
    )
    return body, 200, {"Cache-Control": "no-store"}


def _decide(request_id: int, work, done: str):
    row = db.get_or_404(CosignRequest, request_id)
    contest_id, venue_id = row.contest_id, row.venue_id
    try:
        atomic(lambda: work(db.session.get(CosignRequest, request_id)))
    except (service.CosignRefused, SignatureRefused) as refused:
        flash(refused.message if hasattr(refused, "message") else str(refused), "error")
    except Exception as failed:  # a correction that no longer applies (ScoreRejected)
        from contest.day.submissions import ScoreRejected

        if not isinstance(failed, ScoreRejected):
            raise
        flash(_("无法生效：%(why)s", why=failed.message), "error")
    else:
        from contest.live import realtime

        realtime.stage_changed(venue_id)
        flash(done, "success")
    return redirect(
        url_for("supervision.contest", contest_id=contest_id) + f"#request-{request_id}"
    )


@bp.post("/requests/<int:request_id>/approve")
@supervisor_only
def approve(request_id: int):
    ink = request.form.get("signature", "")
    supervisor = current_user._get_current_object()
    return _decide(
        request_id,
        lambda row: service.approve(row, supervisor=supervisor, data_url=ink),
        _("已签名同意"),
    )


@bp.post("/requests/<int:request_id>/refuse")
@supervisor_only
def refuse(request_id: int):
    note = request.form.get("note", "")
    supervisor = current_user._get_current_object()
    return _decide(
        request_id, lambda row: service.refuse(row, supervisor=supervisor, note=note), _("已不同意")
    )


@bp.route("/settings/<int:contest_id>", methods=["GET", "POST"])
@admin_required
def settings(contest_id: int):
    from contest.supervision.settings import save

    contest = db.get_or_404(Contest, contest_id)
    if request.method == "POST":
        cosign = request.form.get("cosign") == "1"
        actor = f"staff:{current_user.id}"
        changed = atomic(
            lambda: save(db.session.get(Contest, contest_id), cosign=cosign, actor=actor)
        )
        flash(_("已保存") if changed else _("没有改动"), "success" if changed else "info")
        return redirect(url_for("supervision.settings", contest_id=contest_id))
    return render_template(
        "supervision/settings.html",
        contest=contest,
        cosign=service.required(contest),
        supervisors=service.supervisors(),
    )
