from __future__ import annotations

from flask import render_template

from contest.auth.guards import host_required
from contest.extensions import db
from contest.host import bp
from contest.host.state import host_snapshot
from contest.models import Venue


@bp.route("/venues/<int:venue_id>")
@host_required
def console(venue_id: int):
    venue = db.get_or_404(Venue, venue_id)
    snapshot = host_snapshot(venue)
    db.session.commit()  # stage_of() may have created the venue's stage row
    return render_template("host/console.html", venue=venue, snapshot=snapshot)
