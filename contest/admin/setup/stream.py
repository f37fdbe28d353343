"""Set-up: the livestream address of each venue, a small form on the 分会场 page."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask import request as http
from flask_babel import gettext as _
from flask_login import current_user

from contest.admin import bp
from contest.auth.guards import admin_required
from contest.extensions import db
from contest.models import Venue
from contest.setup.contests import Refused
from contest.setup.stream import set_stream_url
from contest.transactions import atomic


@bp.post("/contests/<int:contest_id>/setup/venues/<int:venue_id>/stream")
@admin_required
def setup_venue_stream(contest_id: int, venue_id: int):
    venue = db.get_or_404(Venue, venue_id)
    if venue.contest_id != contest_id:
        abort(404)
    url, actor = http.form.get("stream_url", ""), f"staff:{current_user.id}"
    try:
        changed = atomic(
            lambda: set_stream_url(venue=db.get_or_404(Venue, venue_id), url=url, actor=actor)
        )
    except Refused as refused:
        flash(refused.message, "error")
    else:
        flash(_("已保存直播地址") if changed else _("没有改动"), "success" if changed else "info")
    return redirect(url_for("admin.setup_venues", contest_id=contest_id) + "#streams")
