"""The display option set from the contest page; every other rule is on 比赛设置 → 评分规则."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest.admin import bp
from contest.auth.guards import admin_required
from contest.extensions import db
from contest.live import realtime
from contest.models import Contest
from contest.setup.rules import set_show_judge_names
from contest.transactions import atomic


@bp.post("/contests/<int:contest_id>/display-settings")
@admin_required
def display_settings(contest_id: int):
    show_names = request.form.get("show_judge_names") == "1"
    contest = db.get_or_404(Contest, contest_id)
    actor = f"staff:{current_user.id}"
    atomic(
        lambda: set_show_judge_names(
            db.session.get(Contest, contest_id), show=show_names, actor=actor
        )
    )
    for venue_id in [v.id for v in contest.venues]:
        realtime.stage_changed(venue_id)
    flash(_("大屏将显示评委姓名") if show_names else _("大屏只显示评委编号"), "info")
    return redirect(url_for("admin.contest", contest_id=contest_id))
