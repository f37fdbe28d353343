"""材料文审 set-up (秘书处): the round's settings and score sheet, opening and closing.

Reviewers are in setup_reviewers.py, assignments and coverage in setup_assignments.py.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest.auth.guards import admin_required
from contest.extensions import db
from contest.review import assignments, rounds
from contest.review.models import ReviewRound
from contest.review.staff import bp
from contest.season import current
from contest.server.errors import answer
from contest.setup import sheet
from contest.setup.refusal import SetupRefused
from contest.transactions import atomic


def actor() -> str:
    return f"staff:{current_user.id}"


def current_round() -> ReviewRound | None:
    return rounds.of(current.season())


def local(moment) -> str:
    """A datetime-local value in Beijing time (as the season page fills its fields)."""
    return current.beijing(moment).replace(" ", "T") if moment else ""


def _rows(review_round: ReviewRound | None) -> list[sheet.ItemRow]:
    if review_round is None:
        return []
    return [
        sheet.ItemRow(i.id, i.name, str(i.maximum), str(i.step), i.criteria)
        for i in review_round.items
    ]


def _page(status: int = 200, *, form=None, rows=None, error: str | None = None):
    season = current.season()
    review_round = rounds.of(season)
    locked = review_round is not None and rounds.has_reviews(review_round)
    body = render_template(
        "review/staff/round.html",
        season=season,
        round=review_round,
        form=form,
        rows=_rows(review_round) if rows is None or locked else rows,
        locked=locked,
        locked_message=rounds.locked_message(),
        total=rounds.sheet_total(review_round.items) if review_round else 0,
        rules=rounds.rules(review_round) if review_round else rounds.rules(ReviewRound()),
        local=local,
        state_labels=rounds.STATE_LABELS,
        error=error,
    )
    return body, status, {"Cache-Control": "no-store"}


@bp.get("/")
@admin_required
def round_page():
    return _page()


@bp.post("/")
@admin_required
def round_save():
    season = current.season()
    if season is None:
        return answer(409, _("请先建立本年度申报"))
    typed = rounds.RoundForm.from_form(request.form)
    try:
        atomic(lambda: rounds.save_round(season=season, typed=typed, actor=actor()))
    except SetupRefused as refused:
        return _page(422, form=request.form, error=refused.message)
    flash(_("已保存材料文审设置"), "success")
    return redirect(url_for("review_staff.round_page"))


@bp.post("/sheet")
@admin_required
def sheet_save():
    review_round = current_round()
    if review_round is None:
        return answer(409, _("请先保存材料文审设置"))
    rows = sheet.rows_from_form({k: request.form.getlist(k) for k in request.form})
    round_id = review_round.id
    try:
        saved = atomic(
            lambda: rounds.save_sheet(
                db.session.get(ReviewRound, round_id), rows=rows, actor=actor()
            )
        )
    except SetupRefused as refused:
        return _page(422, rows=rows, error=refused.message)
    if not saved.changed:
        flash(_("评分表没有改动"), "info")
    else:
        flash(_("评分表已保存，合计 %(total)s 分", total=saved.total), "success")
    if not saved.total_is_expected:
        flash(
            _("提醒：各项满分合计为 %(total)s 分，不是 100 分，请核对", total=saved.total), "error"
        )
    return redirect(url_for("review_staff.round_page") + "#sheet")


@bp.post("/open")
@admin_required
def round_open():
    review_round = current_round()
    if review_round is None:
        return answer(409, _("请先保存材料文审设置"))

    def work():
        rows = assignments.coverage(review_round)
        if not rows:
            raise SetupRefused(_("本年度还没有通过形式审查的申报表，不能开始评审"))
        rounds.open_round(review_round, problems=assignments.problems(rows), actor=actor())

    try:
        atomic(work)
    except SetupRefused as refused:
        flash(refused.message, "error")
        return redirect(url_for("review_staff.assignments_page"))
    flash(_("材料文审已开始，评审专家可通过个人链接评审"), "success")
    return redirect(url_for("review_staff.assignments_page"))


@bp.post("/close")
@admin_required
def round_close():
    review_round = current_round()
    if review_round is None:
        return answer(409, _("请先保存材料文审设置"))
    try:
        atomic(lambda: rounds.close_round(review_round, actor=actor()))
    except SetupRefused as refused:
        flash(refused.message, "error")
        return redirect(url_for("review_staff.assignments_page"))
    flash(_("材料文审已结束，评审专家不能再修改评审意见"), "success")
    return redirect(url_for("review_staff.assignments_page"))


def round_or_none() -> tuple[ReviewRound | None, object]:
    """The round, or (None, a page telling staff to set it up first)."""
    review_round = current_round()
    if review_round is None:
        flash(_("请先保存材料文审设置"), "error")
        return None, redirect(url_for("review_staff.round_page"))
    return review_round, None


from contest.review.staff import setup_assignments, setup_reviewers  # noqa: E402,F401
