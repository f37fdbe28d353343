"""The team's appeal page (by its signed link) and the staff page: setting, links, desk
filing, rulings."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from contest.admin.setup import hub
from contest.appeals import service
from contest.appeals.models import Appeal
from contest.auth.guards import admin_required
from contest.extensions import db, limiter
from contest.models import Contest, Team, utcnow
from contest.setup.sections import save_section
from contest.signatures.image import SignatureRefused
from contest.transactions import atomic

bp = Blueprint("appeals", __name__)

hub.SECTIONS.append(
    hub.Section(
        "appeals.staff",
        _l("申诉与复核"),
        _l("启用后，班组可在成绩揭晓后规定时间内申诉一次；工作人员与评委组长复核并签名"),
    )
)

APPEAL_LIMIT = "10 per minute;60 per hour"


@bp.route("/appeal/<token>", methods=["GET", "POST"])
@limiter.limit(APPEAL_LIMIT, methods=["POST"])
def team_page(token: str):
    from contest.exports.audit_csv import shown_time

    team = service.team_of(token)
    if team is None:
        abort(404)
    error, form = "", {"name": "", "phone": "", "grounds": ""}
    if request.method == "POST":
        form = {k: request.form.get(k, "") for k in form}
        team_id = team.id
        try:
            atomic(
                lambda: service.file(
                    db.session.get(Team, team_id), **form, via="link", actor=f"appeal:{team_id}"
                )
            )
        except service.AppealRefused as refused:
            error = refused.message
        else:
            return redirect(url_for("appeals.team_page", token=token))
    body = render_template(
        "appeals/team.html",
        team=team,
        window=service.window(team),
        appeal=service.of_team(team),
        outcomes=service.OUTCOMES,
        error=error,
        form=form,
        shown=shown_time,
        now=utcnow,
    )
    return body, 422 if error else 200, {"Cache-Control": "no-store"}


@bp.get("/admin/contests/<int:contest_id>/appeals")
@admin_required
def staff(contest_id: int):
    from contest.exports.audit_csv import shown_time

    contest = db.get_or_404(Contest, contest_id)
    revealed = sorted(
        (t for v in contest.venues for t in v.teams if t.revealed_at is not None),
        key=lambda t: (t.venue_id, t.order_position or 0),
    )
    body = render_template(
        "appeals/staff.html",
        contest=contest,
        rules=service.setting(contest),
        teams=revealed,
        appeals=service.of_contest(contest.id),
        team_of=lambda appeal: db.session.get(Team, appeal.team_id),
        link=lambda team: url_for("appeals.team_page", token=service.token(team), _external=True),
        window=service.window,
        outcomes=service.OUTCOMES,
        shown=shown_time,
    )
    return body, 200, {"Cache-Control": "no-store"}


def _back(contest_id: int, anchor: str = ""):
    return redirect(url_for("appeals.staff", contest_id=contest_id) + anchor)


@bp.post("/admin/contests/<int:contest_id>/appeals/settings")
@admin_required
def settings(contest_id: int):
    db.get_or_404(Contest, contest_id)
    enabled = request.form.get("enabled") == "1"
    after = request.form.get("after", "reveal")
    text = request.form.get("window_minutes", "").strip()
    if not text.isdigit() or not 1 <= int(text) <= 7 * 24 * 60:
        flash(_("申诉时限请填写 1 至 10080 之间的整数（分钟）"), "error")
        return _back(contest_id)
    actor = f"staff:{current_user.id}"
    values = {
        "enabled": enabled,
        "window_minutes": int(text),
        "after": after if after in ("reveal", "publication") else "reveal",
    }
    changed = atomic(
        lambda: save_section(
            db.session.get(Contest, contest_id),
            "appeals",
            values,
            action="appeal.settings_changed",
            actor=actor,
        )
    )
    flash(_("已保存") if changed else _("没有改动"), "success" if changed else "info")
    return _back(contest_id)


@bp.post("/admin/contests/<int:contest_id>/appeals/desk")
@admin_required
def desk(contest_id: int):
    """An appeal handed in at the desk, entered by staff for the team."""
    team_id = request.form.get("team_id", "")
    team = db.session.get(Team, int(team_id)) if team_id.isdigit() else None
    if team is None or team.contest_id != contest_id:
        flash(_("请选择申诉的班组"), "error")
        return _back(contest_id, "#desk")
    actor = f"staff:{current_user.id}"
    fields = {k: request.form.get(k, "") for k in ("name", "phone", "grounds")}
    try:
        atomic(
            lambda: service.file(db.session.get(Team, team.id), **fields, via="desk", actor=actor)
        )
    except service.AppealRefused as refused:
        flash(refused.message, "error")
        return _back(contest_id, "#desk")
    flash(_("已登记申诉"), "success")
    return _back(contest_id, "#appeals")


@bp.post("/admin/appeals/<int:appeal_id>/rule")
@admin_required
def rule(appeal_id: int):
    row = db.get_or_404(Appeal, appeal_id)
    contest_id = row.contest_id
    staff_user = current_user._get_current_object()
    form = request.form
    try:
        atomic(
            lambda: service.rule(
                db.session.get(Appeal, appeal_id),
                outcome=form.get("outcome", ""),
                ruling=form.get("ruling", ""),
                staff=staff_user,
                staff_ink=form.get("staff_signature", ""),
                chair_ink=form.get("chair_signature", ""),
            )
        )
    except (service.AppealRefused, SignatureRefused) as refused:
        flash(refused.message if hasattr(refused, "message") else str(refused), "error")
        return _back(contest_id, f"#appeal-{appeal_id}")
    from contest.live import realtime

    realtime.stage_changed(db.session.get(Team, row.team_id).venue_id)
    flash(_("复核结论已记录"), "success")
    return _back(contest_id, f"#appeal-{appeal_id}")
