"""评分表: the score-sheet editor page (the rules of a sheet are in contest.setup.sheet)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from contest.admin import bp
from contest.admin.setup import hub
from contest.auth.guards import admin_required
from contest.extensions import db
from contest.live import realtime
from contest.models import Contest
from contest.setup import sheet
from contest.setup.refusal import SetupRefused
from contest.transactions import atomic

hub.SECTIONS.append(
    hub.Section(
        "admin.setup_sheet",
        _l("评分表"),
        _l("评分项目、满分、步长和评委手机上显示的评分要点；有评分后锁定"),
    )
)


@bp.route("/contests/<int:contest_id>/setup/sheet", methods=["GET", "POST"])
@admin_required
def setup_sheet(contest_id: int):
    contest = db.get_or_404(Contest, contest_id)
    if request.method == "GET":
        return _page(contest)
    rows = sheet.rows_from_form({k: request.form.getlist(k) for k in request.form})
    actor = f"staff:{current_user.id}"
    try:
        saved = atomic(
            lambda: sheet.save_sheet(db.session.get(Contest, contest_id), rows=rows, actor=actor)
        )
    except SetupRefused as refused:
        flash(refused.message, "error")
        return _page(contest, rows=rows, status=422)
    if not saved.changed:
        flash(_("没有改动"), "info")
    else:
        for venue_id in [v.id for v in contest.venues]:
            realtime.stage_changed(venue_id)
        flash(_("评分表已保存，合计 %(total)s 分", total=saved.total), "info")
    if not saved.total_is_expected:
        flash(
            _(
                "提醒：各项满分合计为 %(total)s 分，不是 100 分，请核对",
                total=saved.total,
            ),
            "error",
        )
    return redirect(url_for("admin.setup_sheet", contest_id=contest_id))


def _page(contest: Contest, *, rows: list[sheet.ItemRow] | None = None, status: int = 200):
    locked = sheet.has_scores(contest)
    if rows is None or locked:  # a locked sheet shows what is stored, never what was posted
        rows = [
            sheet.ItemRow(i.id, i.name, str(i.maximum), str(i.step), i.description)
            for i in contest.items
        ]
    return (
        render_template(
            "admin/setup/sheet.html",
            contest=contest,
            rows=rows,
            locked=locked,
            locked_message=sheet.locked_message(),
            total=sheet.sheet_total(contest.items),
        ),
        status,
    )
