"""The secretariat's view of the reviewers' work: progress per reviewer and per application,
and 「退回重评」: a submitted review sent back to its reviewer with a reason (audited)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest.auth.guards import admin_required
from contest.extensions import db
from contest.numbers import plain
from contest.review import materials, reviews
from contest.review.models import Assignment, Reviewer, ReviewRound
from contest.review.reviews import ReviewRefused
from contest.review.staff import bp
from contest.season import current
from contest.season.models import Application
from contest.server.errors import answer
from contest.transactions import atomic


def _round() -> ReviewRound | None:
    season = current.season()
    if season is None:
        return None
    return db.session.scalar(sa.select(ReviewRound).where(ReviewRound.season_id == season.id))


def _page(review_round: ReviewRound | None, status: int = 200, **values):
    context = {"review_round": review_round}
    if review_round is not None:
        by_reviewer, by_application = reviews.progress(review_round)
        reviewers = db.session.scalars(
            sa.select(Reviewer)
            .where(Reviewer.round_id == review_round.id)
            .order_by(Reviewer.number)
        ).all()
        assignments = db.session.scalars(
            sa.select(Assignment)
            .join(Application, Application.id == Assignment.application_id)
            .join(Reviewer, Reviewer.id == Assignment.reviewer_id)
            .where(Assignment.round_id == review_round.id, Assignment.removed_at.is_(None))
            .order_by(Application.number, Reviewer.number)
        ).all()
        grouped: dict[int, list[Assignment]] = {}
        for row in assignments:
            grouped.setdefault(row.application_id, []).append(row)
        applications = [
            (rows[0].application, materials.names(rows[0].application), rows)
            for rows in grouped.values()
        ]
        context.update(
            reviewers=reviewers,
            by_reviewer=by_reviewer,
            by_application=by_application,
            applications=applications,
        )
    body = render_template(
        "review/staff/progress.html",
        state_label=reviews.state_label,
        beijing=current.beijing,
        plain=plain,
        **context,
        **values,
    )
    return body, status, {"Cache-Control": "no-store"}


@bp.get("/progress")
@admin_required
def progress():
    return _page(_round())


@bp.post("/assignments/<int:assignment_id>/reopen")
@admin_required
def reopen(assignment_id: int):
    review_round = _round()
    assignment = db.session.get(Assignment, assignment_id)
    if assignment is None or review_round is None or assignment.round_id != review_round.id:
        return answer(404)
    reason = request.form.get("reason", "")
    try:
        atomic(
            lambda: reviews.reopen(
                assignment=assignment, reason=reason, actor=f"staff:{current_user.id}"
            )
        )
    except ReviewRefused as refused:
        db.session.rollback()
        return _page(review_round, refused.status, error=refused.messages[0], failed=assignment_id)
    flash(
        _(
            "已退回%(who)s对 %(number)s 的评审，评审专家修改后须重新提交。",
            who=assignment.reviewer.label,
            number=assignment.application.number,
        ),
        "success",
    )
    return redirect(url_for("review_staff.progress") + f"#application-{assignment.application_id}")
