"""Set-up: the organiser's logo for the hall's welcome scene, on the 基本信息 page."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest.admin import bp
from contest.auth.guards import admin_required
from contest.display import logo
from contest.extensions import db
from contest.live import realtime
from contest.models import Contest
from contest.transactions import atomic


def _back(contest_id: int):
    return redirect(url_for("admin.contest_basic", contest_id=contest_id) + "#logo")


def _refresh_displays(contest_id: int) -> None:
    # Open displays get the logo's new name with the snapshot and rebuild the welcome scene.
    for venue_id in [v.id for v in db.get_or_404(Contest, contest_id).venues]:
        realtime.stage_changed(venue_id)


@bp.post("/contests/<int:contest_id>/setup/logo")
@admin_required
def setup_logo(contest_id: int):
    db.get_or_404(Contest, contest_id)
    upload = request.files.get("logo")
    data = upload.read(logo.MAX_BYTES + 1) if upload else b""
    actor = f"staff:{current_user.id}"
    try:
        old = atomic(lambda: logo.replace(db.get_or_404(Contest, contest_id), data, actor=actor))
    except logo.LogoRefused as refused:
        flash(refused.message, "error")
        return _back(contest_id)
    logo.discard(old)
    _refresh_displays(contest_id)
    flash(_("已更换大屏标志，欢迎画面将显示新的标志"), "success")
    return _back(contest_id)


@bp.post("/contests/<int:contest_id>/setup/logo/remove")
@admin_required
def setup_logo_remove(contest_id: int):
    db.get_or_404(Contest, contest_id)
    actor = f"staff:{current_user.id}"
    old = atomic(lambda: logo.remove(db.get_or_404(Contest, contest_id), actor=actor))
    if not old:
        flash(_("没有改动"), "info")
        return _back(contest_id)
    logo.discard(old)
    _refresh_displays(contest_id)
    flash(_("已删除大屏标志，欢迎画面恢复显示“质”字徽记"), "success")
    return _back(contest_id)
