"""Contest settings staff change on the day (display options for now)."""

from __future__ import annotations

import copy

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest import audit, feed, realtime
from contest.admin import bp
from contest.auth.guards import admin_required
from contest.extensions import db
from contest.models import Contest
from contest.settings import merged
from contest.transactions import atomic


@bp.post("/contests/<int:contest_id>/display-settings")
@admin_required
def display_settings(contest_id: int):
    show_names = request.form.get("show_judge_names") == "1"

    def change() -> Contest:
        contest = db.get_or_404(Contest, contest_id)
        settings = copy.deepcopy(merged(contest.settings))
        settings["display"]["show_judge_names"] = show_names
        contest.settings = settings  # a new dict, so SQLAlchemy sees the JSON change
        audit.record(
            "contest.settings_changed",
            actor=f"staff:{current_user.id}",
            subject=f"contest:{contest.id}",
            data={"display.show_judge_names": show_names},
            contest_id=contest.id,
        )
        for venue in contest.venues:
            feed.bump(venue.id)
        return contest

    contest = atomic(change)
    for venue_id in [v.id for v in contest.venues]:
        realtime.stage_changed(venue_id)
    flash(_("大屏将显示评委姓名") if show_names else _("大屏只显示评委编号"), "info")
    return redirect(url_for("admin.contest", contest_id=contest_id))
