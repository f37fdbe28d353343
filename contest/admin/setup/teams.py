"""Set-up pages for teams (参赛班组): the list per venue, add, withdraw, restore, delete.

Editing a team (names, 推荐单位, 形式, 分会场) is `admin.team_edit` in contest/admin/teams.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from contest.admin import bp
from contest.admin.setup import hub
from contest.auth.guards import admin_required
from contest.extensions import db
from contest.imports.teams import PER_ENTERPRISE
from contest.live import realtime
from contest.models import Contest, RecommendingUnit, StaffUser, Team
from contest.roster.teams import EditRefused
from contest.setup import teams as domain
from contest.transactions import atomic

T = TypeVar("T")

hub.SECTIONS.append(
    hub.Section(
        "admin.setup_teams", _l("参赛班组"), _l("新增、修改、退赛、删除班组，调整班组所在分会场")
    )
)


def staff() -> StaffUser:
    return current_user._get_current_object()


def run(work: Callable[[], T]) -> tuple[T | None, str | None]:
    """Run `work` in one transaction: (its result, None), or (None, why it was refused)."""
    try:
        return atomic(work), None
    except EditRefused as refused:
        return None, refused.message


def broadcast(*venue_ids: int | None) -> None:
    """Screens of these venues show the change (call after the commit)."""
    for venue_id in dict.fromkeys(venue_ids):
        if venue_id is not None:
            realtime.stage_changed(venue_id)


def units_of(contest: Contest) -> list[str]:
    return list(
        db.session.scalars(
            sa.select(RecommendingUnit.name)
            .where(RecommendingUnit.contest_id == contest.id)
            .order_by(RecommendingUnit.id)
        )
    )


def _teams_page(contest: Contest, form=None, status: int = 200):
    teams = db.session.scalars(
        sa.select(Team).where(Team.contest_id == contest.id).order_by(Team.order_position, Team.id)
    ).all()
    groups = [(venue, [t for t in teams if t.venue_id == venue.id]) for venue in contest.venues]
    unplaced = [t for t in teams if t.venue_id is None]
    return render_template(
        "admin/setup/teams.html",
        contest=contest,
        groups=groups,
        unplaced=unplaced,
        units=units_of(contest),
        reasons=domain.withdrawal_reasons(contest.id),
        form=form,
    ), status


@bp.get("/contests/<int:contest_id>/setup/teams")
@admin_required
def setup_teams(contest_id: int):
    return _teams_page(db.get_or_404(Contest, contest_id))


@bp.post("/contests/<int:contest_id>/setup/teams")
@admin_required
def setup_team_add(contest_id: int):
    contest = db.get_or_404(Contest, contest_id)
    form = request.form
    team, refused = run(
        lambda: domain.create_team(
            contest=db.session.get(Contest, contest_id),
            company_name=form.get("company_name", ""),
            team_name=form.get("team_name", ""),
            member_count=form.get("member_count", ""),
            mode=form.get("mode", ""),
            venue_id=form.get("venue_id", type=int),
            unit_name=form.get("unit", ""),
            staff=staff(),
        )
    )
    if refused:
        flash(refused, "error")
        return _teams_page(contest, form, 422)
    broadcast(team.venue_id)
    count = domain.teams_of_company(team)
    if count > PER_ENTERPRISE:
        flash(
            _(
                "请注意：企业「%(company)s」在本比赛中已有 %(n)s 个班组，超过通知规定的每个企业 "
                "%(max)s 个，请与推荐单位核实",
                company=team.company_name,
                n=count,
                max=PER_ENTERPRISE,
            ),
            "warning",
        )
    flash(
        _(
            "已新增「%(company)s %(team)s」，排在%(venue)s出场顺序的最后",
            company=team.company_name,
            team=team.team_name,
            venue=team.venue.name,
        ),
        "success",
    )
    return redirect(url_for("admin.setup_teams", contest_id=contest_id) + f"#team-{team.id}")


def _team_action(team_id: int, work: Callable[[Team], None], done: str):
    """Withdraw, restore or delete from the team's page; refusals re-show it with the reason."""
    from contest.admin.teams import edit_page

    team = db.get_or_404(Team, team_id)
    contest_id, venue_id = team.contest_id, team.venue_id
    _result, refused = run(lambda: work(db.session.get(Team, team_id)))
    if refused:
        flash(refused, "error")
        return edit_page(db.session.get(Team, team_id), status=422)
    broadcast(venue_id)
    flash(done, "success")
    return redirect(url_for("admin.setup_teams", contest_id=contest_id))


@bp.post("/teams/<int:team_id>/withdraw")
@admin_required
def team_withdraw(team_id: int):
    reason = request.form.get("reason", "")
    return _team_action(
        team_id,
        lambda team: domain.withdraw_team(team=team, reason=reason, staff=staff()),
        _("已登记退赛"),
    )


@bp.post("/teams/<int:team_id>/restore")
@admin_required
def team_restore(team_id: int):
    return _team_action(
        team_id,
        lambda team: domain.restore_team(team=team, staff=staff()),
        _("已恢复参赛，状态为待发表"),
    )


@bp.post("/teams/<int:team_id>/delete")
@admin_required
def team_delete(team_id: int):
    reason = request.form.get("reason", "")
    return _team_action(
        team_id,
        lambda team: domain.delete_team(team=team, reason=reason, staff=staff()),
        _("已删除该班组"),
    )
