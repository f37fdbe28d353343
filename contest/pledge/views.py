"""The judge's pledge page (before the score sheet) and the staff page with its export."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from contest.admin.setup import hub
from contest.auth.guards import admin_required
from contest.exports.audit_csv import shown_time
from contest.extensions import db
from contest.judge import session as judge_session
from contest.models import Contest, Judge
from contest.pledge import service
from contest.season.staff.answers import workbook
from contest.transactions import atomic

bp = Blueprint("pledge", __name__)

hub.SECTIONS.append(
    hub.Section(
        "pledge.staff",
        _l("评审承诺书"),
        _l("启用后，评委须在手机上阅读并接受承诺书才能评分；设置承诺书内容，查看、导出签署记录"),
    )
)


def judge_page(judge: Judge, pledge: service.Pledge, *, error: str = "", status: int = 200):
    """What the judge's phone shows instead of the score sheet until they accept."""
    body = render_template("pledge/judge.html", judge=judge, pledge=pledge, error=error)
    return body, status, {"Cache-Control": "no-store"}


@bp.post("/judge/pledge")
def accept():
    judge = judge_session.signed_in_judge()
    if judge is None or judge.venue is None:
        return render_template("judge/invalid.html"), 401
    judge_id, sha = judge.id, request.form.get("sha256", "")
    try:
        atomic(lambda: service.accept(db.session.get(Judge, judge_id), sha256=sha))
    except service.PledgeRefused as refused:
        judge = db.session.get(Judge, judge_id)
        pledge = service.pending(judge)
        if pledge is None:  # switched off meanwhile: nothing to accept
            return redirect(url_for("judge.page"))
        return judge_page(judge, pledge, error=refused.message, status=409)
    return redirect(url_for("judge.page"))


@bp.route("/admin/contests/<int:contest_id>/pledge", methods=["GET", "POST"])
@admin_required
def staff(contest_id: int):
    contest = db.get_or_404(Contest, contest_id)
    if request.method == "POST":
        enabled = request.form.get("enabled") == "1"
        text = request.form.get("text", "")
        actor = f"staff:{current_user.id}"
        try:
            changed = atomic(
                lambda: service.save(
                    db.session.get(Contest, contest_id), enabled=enabled, text=text, actor=actor
                )
            )
        except service.PledgeRefused as refused:
            flash(refused.message, "error")
            return _page(contest, form_text=text, form_enabled=enabled, status=422)
        if changed:
            from contest.live import realtime

            for venue_id in [v.id for v in contest.venues]:
                realtime.stage_changed(venue_id)
        if not changed:
            flash(_("没有改动"), "info")
        elif enabled:
            flash(_("已保存。评委须接受当前承诺书后才能评分"), "success")
        else:
            flash(_("已保存。本场比赛不要求评审承诺书"), "success")
        return redirect(url_for("pledge.staff", contest_id=contest_id))
    return _page(contest)


def _page(contest: Contest, *, form_text=None, form_enabled=None, status: int = 200):
    pledge = service.pledge_of(contest)
    rows = service.roster(contest)
    body = render_template(
        "pledge/staff.html",
        contest=contest,
        pledge=pledge,
        text=pledge.text if form_text is None else form_text,
        enabled=pledge.enabled if form_enabled is None else form_enabled,
        rows=rows,
        done=sum(1 for row in rows if row.acceptance is not None),
        default_text=service.DEFAULT_TEXT,
        max_text=service.MAX_TEXT,
        shown=shown_time,
    )
    return body, status, {"Cache-Control": "no-store"}


@bp.get("/admin/contests/<int:contest_id>/pledge.xlsx")
@admin_required
def export(contest_id: int):
    contest = db.get_or_404(Contest, contest_id)
    return workbook(service.workbook(contest), f"{contest.name}评审承诺书签署记录.xlsx")
