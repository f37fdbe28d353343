"""材料文审 set-up: the assignment (auto, pin, remove) and the coverage check."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from contest.auth.guards import admin_required
from contest.extensions import db
from contest.review import assignments, reviewers, rounds
from contest.review.assign import Cover
from contest.review.models import Assignment
from contest.review.staff import bp
from contest.review.staff.setup_views import actor, round_or_none
from contest.setup.refusal import SetupRefused
from contest.transactions import atomic


def _page(status: int = 200, *, error: str | None = None, pin_form=None):
    review_round, _redirect = round_or_none()
    if review_round is None:
        return _redirect
    rows = assignments.coverage(review_round)
    people = reviewers.listed(review_round)
    body = render_template(
        "review/staff/assignments.html",
        round=review_round,
        rows=rows,
        reviewers=people,
        loads=assignments.loads(review_round),
        removed=assignments.removed(review_round),
        state_text=assignments.state_text,
        problems=assignments.problems(rows),
        ok_count=sum(1 for r in rows if r.coverage.state == Cover.OK),
        state_labels=rounds.STATE_LABELS,
        error=error,
        pin_form=pin_form,
        Cover=Cover,
    )
    return body, status, {"Cache-Control": "no-store"}


@bp.get("/assignments")
@admin_required
def assignments_page():
    return _page()


@bp.post("/assignments/auto")
@admin_required
def assignments_auto():
    review_round, _redirect = round_or_none()
    if review_round is None:
        return _redirect
    try:
        plan = atomic(lambda: assignments.auto_assign(review_round, actor=actor()))
    except SetupRefused as refused:
        return _page(422, error=refused.message)
    if plan.pairs:
        flash(_("已自动分配 %(n)s 项评审任务", n=len(plan.pairs)), "success")
    else:
        flash(_("每份申报表的评审专家已齐备，没有新的分配"), "info")
    if plan.unfilled:
        flash(
            _(
                "有 %(n)s 份申报表找不到足够的可回避的评审专家，请添加评审专家或手动指定",
                n=len(plan.unfilled),
            ),
            "error",
        )
    return redirect(url_for("review_staff.assignments_page"))


def _int(name: str) -> int:
    text = request.form.get(name, "").strip()
    # Ids fit an INTEGER column: a longer number is no row, not a database error.
    return int(text) if text.isdecimal() and len(text) <= 9 else 0


@bp.post("/assignments/pin")
@admin_required
def assignment_pin():
    review_round, _redirect = round_or_none()
    if review_round is None:
        return _redirect
    try:
        record = atomic(
            lambda: assignments.pin(
                review_round,
                application_id=_int("application_id"),
                reviewer_id=_int("reviewer_id"),
                reason=request.form.get("reason", ""),
                actor=actor(),
            )
        )
    except SetupRefused as refused:
        return _page(422, error=refused.message, pin_form=request.form)
    flash(
        _(
            "已指定%(who)s评审 %(number)s",
            who=record.reviewer.label,
            number=record.application.number,
        ),
        "success",
    )
    return redirect(url_for("review_staff.assignments_page") + f"#app-{record.application_id}")


@bp.post("/assignments/<int:assignment_id>/remove")
@admin_required
def assignment_remove(assignment_id: int):
    review_round, _redirect = round_or_none()
    if review_round is None:
        return _redirect
    record = db.get_or_404(Assignment, assignment_id)
    if record.round_id != review_round.id:
        abort(404)
    try:
        atomic(
            lambda: assignments.remove(record, reason=request.form.get("reason", ""), actor=actor())
        )
    except SetupRefused as refused:
        return _page(422, error=refused.message)
    flash(
        _(
            "已将%(who)s从 %(number)s 移除",
            who=record.reviewer.label,
            number=record.application.number,
        ),
        "success",
    )
    return redirect(url_for("review_staff.assignments_page") + f"#app-{record.application_id}")
