from __future__ import annotations

from flask import abort, render_template, request, send_file

from contest.day.snapshot import venue_snapshot
from contest.display import bp, logo, passes
from contest.display.welcome import welcome_extras
from contest.extensions import db
from contest.models import Contest, Venue
from contest.server import headers


@bp.route("/display/venues/<int:venue_id>")
def hall(venue_id: int):
    venue = db.get_or_404(Venue, venue_id)
    snapshot = venue_snapshot(venue)
    db.session.commit()
    return render_template(
        "display/hall.html",
        snapshot=snapshot,
        welcome=welcome_extras(venue.contest),
        display_pass=passes.issue(venue.id),
    )


@bp.route("/live/<int:contest_id>")
def viewer(contest_id: int):
    contest = db.get_or_404(Contest, contest_id)
    if not contest.venues:
        abort(404)
    wanted = request.args.get("venue", type=int)
    venue = next((v for v in contest.venues if v.id == wanted), contest.venues[0])
    snapshot = venue_snapshot(venue)
    db.session.commit()
    if venue.stream_url:
        headers.allow_stream(venue.stream_url)
    return render_template("viewer/live.html", contest=contest, venue=venue, snapshot=snapshot)


@bp.route("/overlay/venues/<int:venue_id>")
def overlay(venue_id: int):
    """A transparent lower third for the livestream (an OBS browser source, 1920x1080)."""
    venue = db.get_or_404(Venue, venue_id)
    snapshot = venue_snapshot(venue)
    db.session.commit()
    return render_template("display/overlay.html", snapshot=snapshot)


@bp.route("/display/contests/<int:contest_id>/logo")
def logo_image(contest_id: int):
    """The organiser's logo for the welcome scene (public, as the hall display is)."""
    path = logo.path_of(db.get_or_404(Contest, contest_id))
    if path is None:
        abort(404)
    # The name changes with each upload, and the page asks for it by name: cache for long.
    return send_file(path, mimetype=logo.media_type(path), max_age=86400)
