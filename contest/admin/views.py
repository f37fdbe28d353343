from __future__ import annotations

import sqlalchemy as sa
from flask import redirect, render_template, url_for

from contest import finalise, standings
from contest.admin import bp
from contest.auth.guards import admin_required
from contest.extensions import db
from contest.models import Contest, Judge, Recusal, Team
from contest.settings import merged


@bp.route("/")
@admin_required
def index():
    contests = db.session.scalars(sa.select(Contest).order_by(Contest.id)).all()
    if len(contests) == 1:
        return redirect(url_for("admin.contest", contest_id=contests[0].id))
    return render_template("admin/index.html", contests=contests)


@bp.route("/contests/<int:contest_id>")
@admin_required
def contest(contest_id: int):
    contest = db.get_or_404(Contest, contest_id)
    teams = db.session.scalars(
        sa.select(Team)
        .where(Team.contest_id == contest.id)
        .order_by(Team.venue_id, Team.order_position, Team.id)
    ).all()
    judges = db.session.scalars(
        sa.select(Judge)
        .where(Judge.contest_id == contest.id)
        .order_by(Judge.venue_id, Judge.number)
    ).all()
    recusals = db.session.scalars(
        sa.select(Recusal).join(Judge).where(Judge.contest_id == contest.id)
    ).all()
    return render_template(
        "admin/contest.html",
        contest=contest,
        teams=teams,
        judges=judges,
        recusals=recusals,
        results=standings.compute(contest),
        pending=finalise.pending_counts(contest=contest),
        settings=merged(contest.settings),
    )
