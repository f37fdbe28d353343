from __future__ import annotations

import sqlalchemy as sa
from flask import render_template

from contest.admin import bp
from contest.auth.guards import admin_required
from contest.extensions import db
from contest.models import Contest, Judge, Recusal, Team
from contest.ranking import finalise, standings
from contest.settings import merged
from contest.setup.contests import summaries


@bp.route("/")
@admin_required
def index():
    """The staff front page: every contest, and 新建比赛 (always shown, even for one)."""
    return render_template("admin/index.html", summaries=summaries())


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
