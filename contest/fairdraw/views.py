"""Public: the draw's check page (recomputed in the browser) and its data; the witness's
phone page. Staff: the printable 抽签记录."""

from __future__ import annotations

from urllib.parse import quote

from flask import Blueprint, Response, abort, jsonify, redirect, render_template, request, url_for

from contest.auth.guards import admin_required
from contest.day.stage import StageRefused
from contest.extensions import db, limiter
from contest.fairdraw import service
from contest.models import Venue
from contest.signatures.image import SignatureRefused
from contest.transactions import atomic

bp = Blueprint("fairdraw", __name__)

# A witness page is public: a flood of witnesses is refused before it costs anything.
WITNESS_LIMIT = "10 per minute;60 per hour"


@bp.get("/draw/<int:venue_id>")
def check(venue_id: int):
    venue = db.get_or_404(Venue, venue_id)
    record = service.record_of(venue)
    body = render_template("fairdraw/check.html", venue=venue, record=record)
    return body, 200, {"Cache-Control": "no-store"}


@bp.get("/draw/<int:venue_id>/record.json")
def record_json(venue_id: int):
    venue = db.get_or_404(Venue, venue_id)
    record = service.record_of(venue)
    if record is None:
        abort(404)
    response = jsonify(record)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/draw/<int:venue_id>/witness", methods=["GET", "POST"])
@limiter.limit(WITNESS_LIMIT, methods=["POST"])
def witness(venue_id: int):
    venue = db.get_or_404(Venue, venue_id)
    error, form = "", {"name": "", "entropy": ""}
    if request.method == "POST":
        form = {"name": request.form.get("name", ""), "entropy": request.form.get("entropy", "")}
        ink = request.form.get("signature", "")
        try:
            atomic(
                lambda: service.add_witness(
                    db.session.get(Venue, venue_id),
                    name=form["name"],
                    entropy=form["entropy"],
                    via="phone",
                    actor="witness",
                    data_url=ink,
                )
            )
        except (StageRefused, SignatureRefused) as refused:
            error = refused.message if hasattr(refused, "message") else str(refused)
        else:
            from contest.live import realtime

            realtime.stage_changed(venue_id)
            return redirect(url_for("fairdraw.check", venue_id=venue_id) + "?joined=1")
    body = render_template(
        "fairdraw/witness.html",
        venue=venue,
        commit=service.for_screens(venue.id),
        error=error,
        form=form,
    )
    return body, 422 if error else 200, {"Cache-Control": "no-store"}


@bp.get("/admin/venues/<int:venue_id>/draw-record.pdf")
@admin_required
def record_pdf(venue_id: int):
    from contest.fairdraw.pdf import render

    venue = db.get_or_404(Venue, venue_id)
    record = service.record_of(venue)
    if record is None or not record["drawn"]:
        abort(404)
    data = render(venue, record)
    name = f"{venue.name}抽签记录.pdf"
    response = Response(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(name)}"
    response.headers["Cache-Control"] = "no-store"
    return response
