"""Staff edit a team's details, and lock the names once teams have confirmed them."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from contest.admin import bp
from contest.admin.setup.teams import broadcast, staff, units_of
from contest.auth.guards import admin_required
from contest.extensions import db
from contest.models import Contest, Team
from contest.roster.teams import EditRefused, set_names_locked
from contest.setup import stale
from contest.setup import teams as domain
from contest.transactions import atomic

# The fields of the details form, as a person names them when told someone else changed one.
FIELDS = {
    "company_name": _l("企业名称"),
    "team_name": _l("班组名称"),
    "member_count": _l("班组人数"),
    "mode": _l("发表形式"),
    "unit": _l("推荐单位"),
    "venue_id": _l("分会场"),
}


def shown_values(team: Team) -> dict:
    """What the details form shows of the team (what a stale save is checked against)."""
    return {
        "company_name": team.company_name,
        "team_name": team.team_name,
        "member_count": team.member_count,
        "mode": team.mode.value,
        "unit": team.unit.name if team.unit else "",
        "venue_id": team.venue.name if team.venue else "",
    }


def edit_page(team: Team, form=None, status: int = 200):
    """The team's page: its details form, and withdraw, restore or delete with the reasons."""
    # A form shown again after a refusal keeps the values it started from; a fresh one (and
    # one refused as stale) starts from what the team holds now.
    original = (form or {}).get("original") or stale.encode(shown_values(team))
    return render_template(
        "admin/team_edit.html",
        original=original,
        team=team,
        contest=team.contest,
        form=form,
        units=units_of(team.contest),
        move_blocker=domain.move_blocker(team),
        delete_blocker=domain.delete_blocker(team),
        withdrawn_reason=domain.withdrawal_reasons(team.contest_id).get(team.id, ""),
    ), status


@bp.route("/teams/<int:team_id>/edit", methods=["GET", "POST"])
@admin_required
def team_edit(team_id: int):
    team = db.get_or_404(Team, team_id)
    if request.method == "GET":
        return edit_page(team)
    form = request.form
    before = team.venue_id
    # Fields the form leaves out stay as they are (older pages and scripts send only names).

    def save():
        current = db.session.get(Team, team_id)
        stale.refuse_if_changed(form.get("original"), shown_values(current), FIELDS)
        return domain.update_team(
            team=current,
            company_name=form.get("company_name", ""),
            team_name=form.get("team_name", ""),
            member_count=form.get("member_count", "").strip(),
            mode=form.get("mode", ""),
            unit_name=form.get("unit"),
            venue_id=form.get("venue_id", type=int),
            reason=form.get("reason", ""),
            staff=staff(),
        )

    try:
        changes = atomic(save)
    except EditRefused as refused:
        flash(refused.message, "error")
        if isinstance(refused, stale.StaleEdit):  # the page shows what is there now
            return edit_page(db.session.get(Team, team_id), None, 409)
        return edit_page(db.session.get(Team, team_id), form, 422)
    if changes:
        broadcast(before, team.venue_id)
    flash(_("已保存") if changes else _("没有改动"), "info")
    return redirect(url_for("admin.setup_teams", contest_id=team.contest_id) + f"#team-{team.id}")


@bp.post("/contests/<int:contest_id>/names-lock")
@admin_required
def names_lock(contest_id: int):
    locked = request.form.get("locked") == "1"
    staff_user = staff()
    atomic(lambda: set_names_locked(db.get_or_404(Contest, contest_id), locked, staff_user))
    flash(_("名称已定稿：此后修改名称须填写原因") if locked else _("已取消定稿"), "info")
    return redirect(url_for("admin.contest", contest_id=contest_id))
