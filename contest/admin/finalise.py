"""导入成绩定分: finalise teams scored on paper or by import, per team or per venue."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from contest.admin import bp
from contest.auth.guards import admin_required
from contest.extensions import db
from contest.live import realtime
from contest.models import Contest, Team, Venue
from contest.ranking import finalise, standings
from contest.transactions import atomic


def _page(contest: Contest, status: int = 200):
    results = {r.team.id: r for r in standings.compute(contest)}
    venues = [(venue, finalise.states(finalise.venue_teams(venue))) for venue in contest.venues]
    page = render_template(
        "admin/finalise.html",
        contest=contest,
        venues=venues,
        results=results,
    )
    db.session.commit()  # end the read transaction
    return page, status


@bp.get("/contests/<int:contest_id>/finalise")
@admin_required
def finalise_page(contest_id: int):
    return _page(db.get_or_404(Contest, contest_id))


@bp.post("/teams/<int:team_id>/finalise")
@admin_required
def finalise_team(team_id: int):
    team = db.get_or_404(Team, team_id)
    return _run(finalise.finalise_team, team.contest_id, team.venue_id, team_id=team_id)


@bp.route("/venues/<int:venue_id>/finalise", methods=["GET", "POST"])
@admin_required
def finalise_venue(venue_id: int):
    venue = db.get_or_404(Venue, venue_id)
    if request.method == "GET" or request.form.get("confirm") != "1":
        todo, skipped = finalise.plan(venue)
        page = render_template(
            "admin/finalise_confirm.html",
            venue=venue,
            todo=todo,
            skipped=skipped,
            needs_reason=any(s.incomplete for s in todo),
        )
        db.session.commit()
        return page
    return _run(finalise.finalise_venue, venue.contest_id, venue_id, venue_id=venue_id)


def _run(action, contest_id: int, shown_venue: int | None, **target: int):
    """Finalise in one transaction; a refusal shows the page again with the reason."""
    reason = request.form.get("reason", "")
    try:
        done = atomic(lambda: action(staff_id=current_user.id, reason=reason, **target))
    except finalise.FinaliseRefused as refused:
        flash(refused.message, "error")
        return _page(db.get_or_404(Contest, contest_id), 409)
    if done.changed and shown_venue is not None:
        realtime.stage_changed(shown_venue)  # a plain standings update: the stage is untouched
    flash(done.message, "success" if done.changed else "info")
    anchor = f"venue-{shown_venue}" if shown_venue is not None else None
    return redirect(url_for("admin.finalise_page", contest_id=contest_id, _anchor=anchor))
