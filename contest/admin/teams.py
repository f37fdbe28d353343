"""Staff edit a team's details, and lock the names once teams have confirmed them."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest import realtime
from contest.admin import bp
from contest.auth.guards import admin_required
from contest.extensions import db
from contest.models import Contest, Team
from contest.teams import EditRefused, edit_team, set_names_locked
from contest.transactions import atomic


@bp.route("/teams/<int:team_id>/edit", methods=["GET", "POST"])
@admin_required
def team_edit(team_id: int):
    team = db.get_or_404(Team, team_id)
    if request.method == "GET":
        return render_template("admin/team_edit.html", team=team, form=None)
    form = request.form
    count = form.get("member_count", "").strip()
    staff = current_user._get_current_object()
    try:
        changes = atomic(
            lambda: edit_team(
                db.session.get(Team, team_id),
                company_name=form.get("company_name", ""),
                team_name=form.get("team_name", ""),
                member_count=int(count) if count.isdigit() else None,
                mode=form.get("mode", ""),
                reason=form.get("reason", ""),
                staff=staff,
            )
        )
    except EditRefused as refused:
        flash(refused.message, "error")
        return render_template("admin/team_edit.html", team=team, form=form), 422
    if changes and team.venue_id:
        realtime.stage_changed(team.venue_id)
    flash(_("已保存") if changes else _("没有改动"), "info")
    return redirect(url_for("admin.contest", contest_id=team.contest_id))


@bp.post("/contests/<int:contest_id>/names-lock")
@admin_required
def names_lock(contest_id: int):
    locked = request.form.get("locked") == "1"
    staff = current_user._get_current_object()
    atomic(lambda: set_names_locked(db.get_or_404(Contest, contest_id), locked, staff))
    flash(_("名称已定稿：此后修改名称须填写原因") if locked else _("已取消定稿"), "info")
    return redirect(url_for("admin.contest", contest_id=contest_id))
