"""材料文审 set-up: the reviewers (评审专家), their personal links and the printable sheet."""

from __future__ import annotations

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from contest.auth.guards import admin_only, admin_required
from contest.extensions import db
from contest.review import assignments, reviewers
from contest.review.models import Reviewer
from contest.review.staff import bp
from contest.review.staff.setup_views import actor, round_or_none
from contest.season.current import beijing
from contest.season.models import Recommender
from contest.setup.refusal import SetupRefused
from contest.transactions import atomic


def _page(status: int = 200, *, form=None, editing: int | None = None, error: str | None = None):
    review_round, _redirect = round_or_none()
    if review_round is None:
        return _redirect
    people = reviewers.listed(review_round)
    units = db.session.scalars(
        sa.select(Recommender)
        .where(Recommender.season_id == review_round.season_id)
        .order_by(Recommender.id)
    ).all()
    from contest.roster.qrcards import qr_svg

    body = render_template(
        "review/staff/reviewers.html",
        round=review_round,
        reviewers=people,
        units=units,
        links={r.id: reviewers.link(r) for r in people},
        codes={r.id: qr_svg(reviewers.link(r)) for r in people},
        loads=assignments.loads(review_round),
        form=form,
        editing=editing,
        error=error,
    )
    return body, status, {"Cache-Control": "no-store"}


@bp.get("/reviewers")
@admin_required
def reviewers_page():
    return _page()


@bp.post("/reviewers")
@admin_required
def reviewer_add():
    review_round, _redirect = round_or_none()
    if review_round is None:
        return _redirect
    typed = reviewers.ReviewerForm.from_form(request.form)
    try:
        added = atomic(lambda: reviewers.add(review_round, typed=typed, actor=actor()))
    except SetupRefused as refused:
        return _page(422, form=request.form, error=refused.message)
    flash(_("已添加%(who)s %(name)s", who=added.label, name=added.name), "success")
    return redirect(url_for("review_staff.reviewers_page") + f"#reviewer-{added.id}")


def _reviewer(reviewer_id: int) -> Reviewer:
    review_round, _redirect = round_or_none()
    reviewer = db.get_or_404(Reviewer, reviewer_id)
    if review_round is None or reviewer.round_id != review_round.id:
        from flask import abort

        abort(404)
    return reviewer


@bp.post("/reviewers/<int:reviewer_id>")
@admin_required
def reviewer_edit(reviewer_id: int):
    reviewer = _reviewer(reviewer_id)
    typed = reviewers.ReviewerForm.from_form(request.form)
    try:
        changed = atomic(lambda: reviewers.update(reviewer, typed=typed, actor=actor()))
    except SetupRefused as refused:
        return _page(422, form=request.form, editing=reviewer.id, error=refused.message)
    if changed:
        flash(_("已保存%(who)s的信息", who=reviewer.label), "success")
    else:
        flash(_("没有改动"), "info")
    return redirect(url_for("review_staff.reviewers_page") + f"#reviewer-{reviewer.id}")


@bp.post("/reviewers/<int:reviewer_id>/active")
@admin_required
def reviewer_active(reviewer_id: int):
    reviewer = _reviewer(reviewer_id)
    active = request.form.get("active") == "1"
    atomic(lambda: reviewers.set_active(reviewer, active=active, actor=actor()))
    if active:
        flash(_("已重新启用%(who)s %(name)s", who=reviewer.label, name=reviewer.name), "success")
    else:
        flash(
            _(
                "已停用%(who)s %(name)s；其分配不再计入，请在分配页补足评审专家",
                who=reviewer.label,
                name=reviewer.name,
            ),
            "success",
        )
    return redirect(url_for("review_staff.reviewers_page") + f"#reviewer-{reviewer.id}")


@bp.post("/reviewers/<int:reviewer_id>/reissue")
@admin_required
def reviewer_reissue(reviewer_id: int):
    reviewer = _reviewer(reviewer_id)
    atomic(lambda: reviewers.reissue(reviewer, actor=actor()))
    flash(
        _(
            "已为%(who)s %(name)s 重新生成个人链接，旧链接已失效；请把新链接或二维码发给本人",
            who=reviewer.label,
            name=reviewer.name,
        ),
        "success",
    )
    return redirect(url_for("review_staff.reviewers_page") + f"#reviewer-{reviewer.id}")


@bp.post("/reviewers/import")
@admin_required
def reviewers_import():
    review_round, _redirect = round_or_none()
    if review_round is None:
        return _redirect
    try:
        added, skipped = atomic(lambda: reviewers.import_unit_judges(review_round, actor=actor()))
    except SetupRefused as refused:
        return _page(422, error=refused.message)
    message = _("已从推荐单位评委名单导入 %(n)s 位评审专家", n=added)
    if skipped:
        message += _("；%(n)s 位证书号已在本轮，未重复导入", n=skipped)
    flash(message, "success")
    return redirect(url_for("review_staff.reviewers_page"))


@bp.get("/reviewers/links")
@admin_only  # the sheet carries the keys: whoever holds one can review as that expert
def reviewer_links():
    review_round, _redirect = round_or_none()
    if review_round is None:
        return _redirect
    from contest.roster.qrcards import qr_svg

    people = [r for r in reviewers.listed(review_round) if r.active]
    body = render_template(
        "review/staff/links.html",
        round=review_round,
        cards=[(r, reviewers.link(r), qr_svg(reviewers.link(r))) for r in people],
        beijing=beijing,
    )
    return body, 200, {"Cache-Control": "no-store"}
