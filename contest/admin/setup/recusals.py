"""Set-up page for recusals (回避): automatic ones shown with their reason, manual ones kept."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from contest.admin import bp
from contest.admin.setup import hub
from contest.admin.setup.teams import broadcast, run, staff
from contest.auth.guards import admin_required
from contest.extensions import db
from contest.models import Contest, Judge, Recusal, RecusalKind, Team, Venue
from contest.setup import recusals as domain

hub.SECTIONS.append(
    hub.Section(
        "admin.setup_recusals", _l("回避"), _l("查看自动回避，登记或撤销手动回避（须填写原因）")
    )
)


def _venue(contest: Contest, venue_id: int | None) -> Venue | None:
    if venue_id is None:
        return contest.venues[0] if contest.venues else None
    venue = db.session.get(Venue, venue_id)
    if venue is None or venue.contest_id != contest.id:
        abort(404)
    return venue


def _page(contest: Contest, venue: Venue | None, form=None, status: int = 200):
    judges = teams = recusals = []
    if venue is not None:
        judges = db.session.scalars(
            sa.select(Judge).where(Judge.venue_id == venue.id).order_by(Judge.number)
        ).all()
        teams = db.session.scalars(
            sa.select(Team).where(Team.venue_id == venue.id).order_by(Team.order_position, Team.id)
        ).all()
        # Automatic ones where both are here; manual ones where either is (a judge or team
        # moved since keeps its manual recusal, and staff must be able to see and undo it).
        both = sa.and_(Judge.venue_id == venue.id, Team.venue_id == venue.id)
        either = sa.or_(Judge.venue_id == venue.id, Team.venue_id == venue.id)
        recusals = db.session.scalars(
            sa.select(Recusal)
            .join(Judge)
            .join(Team, Team.id == Recusal.team_id)
            .where(sa.or_(both, sa.and_(either, Recusal.kind == RecusalKind.MANUAL)))
            .order_by(Judge.number, Team.order_position, Recusal.id)
        ).all()
    return render_template(
        "admin/setup/recusals.html",
        contest=contest,
        venue=venue,
        judges=judges,
        teams=teams,
        manual=[r for r in recusals if r.kind is RecusalKind.MANUAL],
        automatic=[r for r in recusals if r.kind is RecusalKind.AUTOMATIC],
        form=form,
    ), status


@bp.get("/contests/<int:contest_id>/setup/recusals")
@admin_required
def setup_recusals(contest_id: int):
    contest = db.get_or_404(Contest, contest_id)
    return _page(contest, _venue(contest, request.args.get("venue", type=int)))


@bp.post("/contests/<int:contest_id>/setup/recusals")
@admin_required
def setup_recusal_add(contest_id: int):
    contest = db.get_or_404(Contest, contest_id)
    form = request.form
    judge = db.session.get(Judge, form.get("judge_id", type=int) or 0)
    team = db.session.get(Team, form.get("team_id", type=int) or 0)
    venue = _venue(contest, form.get("venue_id", type=int))
    if judge is None or team is None or judge.contest_id != contest.id:
        flash(_("请选择评委和班组"), "error")
        return _page(contest, venue, form, 422)
    judge_id, team_id = judge.id, team.id
    _recusal, refused = run(
        lambda: domain.add_manual(
            judge=db.session.get(Judge, judge_id),
            team=db.session.get(Team, team_id),
            reason=form.get("reason", ""),
            staff=staff(),
        )
    )
    if refused:
        flash(refused, "error")
        return _page(contest, venue, form, 422)
    broadcast(team.venue_id)
    flash(
        _(
            "已登记：%(judge)s 回避「%(team)s」",
            judge=f"{judge.label} {judge.name}",
            team=team.display_name,
        ),
        "success",
    )
    return redirect(url_for("admin.setup_recusals", contest_id=contest.id, venue=team.venue_id))


@bp.post("/recusals/<int:recusal_id>/remove")
@admin_required
def recusal_remove(recusal_id: int):
    recusal = db.get_or_404(Recusal, recusal_id)
    contest, venue = recusal.team.contest, recusal.team.venue
    _done, refused = run(
        lambda: domain.remove_manual(
            recusal=db.session.get(Recusal, recusal_id),
            reason=request.form.get("reason", ""),
            staff=staff(),
        )
    )
    if refused:
        flash(refused, "error")
        return _page(contest, venue, status=422)
    broadcast(venue.id if venue else None)
    flash(_("已撤销该回避"), "success")
    return redirect(
        url_for("admin.setup_recusals", contest_id=contest.id, venue=venue.id if venue else None)
    )
