from __future__ import annotations

import sqlalchemy as sa
from flask import render_template

from contest.auth.guards import host_required
from contest.extensions import db
from contest.host import bp
from contest.models import Judge, Recusal, ScoreSubmission, Team, Venue
from contest.snapshot import venue_snapshot


@bp.route("/venues/<int:venue_id>")
@host_required
def console(venue_id: int):
    venue = db.get_or_404(Venue, venue_id)
    snapshot = venue_snapshot(venue)
    teams = db.session.scalars(
        sa.select(Team).where(Team.venue_id == venue.id).order_by(Team.order_position, Team.id)
    ).all()
    judges = db.session.scalars(
        sa.select(Judge).where(Judge.venue_id == venue.id).order_by(Judge.number)
    ).all()
    team_id = snapshot["stage"]["team"]["id"] if snapshot["stage"]["team"] else None
    recused = set(db.session.scalars(sa.select(Recusal.judge_id).where(Recusal.team_id == team_id)))
    submitted = set(
        db.session.scalars(
            sa.select(ScoreSubmission.judge_id).where(ScoreSubmission.team_id == team_id)
        )
    )
    db.session.commit()  # stage_of() may have created the venue's stage row
    return render_template(
        "host/console.html",
        venue=venue,
        snapshot=snapshot,
        teams=teams,
        judges=judges,
        recused=recused,
        submitted=submitted,
    )
