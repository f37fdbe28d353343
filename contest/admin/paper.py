"""Paper ballots: staff key in a judge's marks when the judge's phone fails."""

from __future__ import annotations

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from contest.admin import bp
from contest.admin.marks_form import (
    based_on,
    current_values,
    current_version,
    idempotency_key,
    posted_marks,
    submit_for,
)
from contest.auth.guards import clerk_allowed
from contest.day.snapshot import stage_of
from contest.day.submissions import ScoreRejected
from contest.extensions import db
from contest.host.state import judge_states
from contest.live import realtime
from contest.models import Channel, Judge, Venue


@bp.route("/venues/<int:venue_id>/paper")
@clerk_allowed
def paper_ballots(venue_id: int):
    venue = db.get_or_404(Venue, venue_id)
    team = stage_of(venue).team
    states = judge_states(venue, team.id if team else None)
    db.session.commit()
    return render_template("admin/paper.html", venue=venue, team=team, states=states)


@bp.route("/venues/<int:venue_id>/paper/<int:judge_id>", methods=["GET", "POST"])
@clerk_allowed
def paper_ballot(venue_id: int, judge_id: int):
    venue = db.get_or_404(Venue, venue_id)
    judge = db.session.scalar(
        sa.select(Judge).where(Judge.id == judge_id, Judge.venue_id == venue.id)
    )
    team = stage_of(venue).team
    if judge is None or team is None:
        flash(_("台上没有班组，或该评委不在本分会场"), "error")
        return redirect(url_for("admin.paper_ballots", venue_id=venue_id))
    items = list(venue.contest.items)
    if request.method == "POST":
        marks = posted_marks(items)
        try:
            accepted = submit_for(judge_id, team.id, items, Channel.PAPER)
        except ScoreRejected as rejected:
            flash(rejected.message, "error")
            if rejected.code == "stale_form":  # start again from the score there is now
                marks, total = current_values(team, judge)
                return _form(venue, judge, team, items, marks, total, 409)
            total = request.form.get("total", "")
            return _form(venue, judge, team, items, marks, total, 422, based_on())
        realtime.stage_changed(venue_id)
        flash(
            _(
                "已录入%(judge)s的纸质评分：总分 %(total)s，回执 %(receipt)s",
                judge=judge.label,
                total=accepted.submission.total,
                receipt=accepted.submission.receipt,
            ),
            "info",
        )
        return redirect(url_for("admin.paper_ballots", venue_id=venue_id))
    marks, total = current_values(team, judge)
    return _form(venue, judge, team, items, marks, total)


def _form(venue, judge, team, items, marks, total, status=200, version=None):
    return (
        render_template(
            "admin/paper_ballot.html",
            based_on=current_version(team, judge) if version is None else version,
            venue=venue,
            judge=judge,
            team=team,
            items=items,
            marks=marks,
            total=total,
            idempotency_key=idempotency_key(),
        ),
        status,
    )
