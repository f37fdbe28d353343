from __future__ import annotations

from flask import render_template

from contest.display import bp
from contest.extensions import db
from contest.models import Contest, Venue
from contest.snapshot import venue_snapshot


@bp.route("/display/venues/<int:venue_id>")
def hall(venue_id: int):
    venue = db.get_or_404(Venue, venue_id)
    snapshot = venue_snapshot(venue)
    db.session.commit()
    return render_template("display/hall.html", snapshot=snapshot)


@bp.route("/live/<int:contest_id>")
def viewer(contest_id: int):
    contest = db.get_or_404(Contest, contest_id)
    snapshots = [venue_snapshot(venue) for venue in contest.venues]
    db.session.commit()
    return render_template("viewer/live.html", contest=contest, snapshots=snapshots)
