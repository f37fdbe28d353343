"""Form 2-4 (材料评审汇总表) pages: rows typed with drafts, a confirmation showing the 排序,
one 提交 of the whole 汇总表, and its receipt."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from contest.season import current, form24, quota, session, unit_forms, unit_review
from contest.season.accounts import SeasonRefused
from contest.season.models import UnitForm
from contest.season.recommender import bp
from contest.season.recommender.access import mine
from contest.server.errors import answer
from contest.transactions import atomic

_PARTS = {key for key, _label in form24.PARTS} | {"score", "judges"}


def _typed_rows(form) -> dict[int, dict]:
    """Fields named "<application id>-<part>", as the page's rows send them."""
    rows: dict[int, dict] = {}
    for key in form:
        head, _sep, part = key.partition("-")
        if head.isdigit() and part in _PARTS:
            value = form.getlist(key) if part == "judges" else form.get(key, "")
            rows.setdefault(int(head), {})[part] = value
    return rows


def _page(recommender, status: int = 200, **values):
    applications = unit_forms.applications(recommender)
    body = render_template(
        "apply/recommender/review.html",
        person=session.current(),
        deadline=current.state(current.season()),
        recommender=recommender,
        applications=applications,
        names={a.id: unit_forms.names(a) for a in applications},
        recommended={a.id for a in applications if a.status in quota.HOLDING},
        judges=unit_forms.judges(recommender),
        working=values.pop("working", None) or unit_review.working(recommender),
        gate=unit_forms.window(recommender),
        parts=form24.PARTS,
        max_part=form24.MAX_PART,
        versions=unit_forms.versions(recommender, UnitForm.REVIEW),
        missing=unit_review.missing(recommender),
        problems=values.pop("problems", []),
        filler_errors=values.pop("filler_errors", {}),
        by_row=values.pop("by_row", {}),
        beijing=current.beijing,
        **values,
    )
    return body, status, {"Cache-Control": "no-store"}


@bp.get("/<int:recommender_id>/review")
@session.required
def review(recommender_id: int):
    recommender = mine(recommender_id)
    if recommender is None:
        return answer(404)
    return _page(recommender)


@bp.post("/<int:recommender_id>/review")
@session.required
def review_save(recommender_id: int):
    recommender = mine(recommender_id)
    if recommender is None:
        return answer(404)
    person = session.current()
    try:
        atomic(
            lambda: unit_review.save_draft(
                recommender=recommender,
                person=person,
                rows=_typed_rows(request.form),
                filler=request.form,
            )
        )
    except SeasonRefused as refused:
        flash(refused.message, "error")
        return redirect(url_for("apply_recommender.review", recommender_id=recommender_id))
    here = url_for("apply_recommender.review", recommender_id=recommender_id)
    if request.form.get("next") != "submit":
        flash(_("草稿已保存"), "success")
        return redirect(here)
    checked = unit_review.check(recommender)
    if not checked.ok:
        count = len(checked.problems) + len(checked.filler_errors)
        message = _("汇总表还有 %(n)s 处问题，已保存草稿；请按提示改正后再提交", n=count)
        return _page(
            recommender, 422, error=message, problems=checked.problems,
            filler_errors=checked.filler_errors, by_row=checked.by_row,
        )  # fmt: skip
    return redirect(url_for("apply_recommender.review_confirm", recommender_id=recommender_id))


@bp.get("/<int:recommender_id>/review/submit")
@session.required
def review_confirm(recommender_id: int):
    recommender = mine(recommender_id)
    if recommender is None:
        return answer(404)
    checked = unit_review.check(recommender)
    if not checked.ok or not unit_forms.window(recommender).open:
        return redirect(url_for("apply_recommender.review", recommender_id=recommender_id))
    body = render_template(
        "apply/recommender/review_confirm.html",
        person=session.current(),
        deadline=current.state(current.season()),
        recommender=recommender,
        checked=checked,
        rank_text=_rank_text,
    )
    return body, 200, {"Cache-Control": "no-store"}


def _rank_text(row: dict) -> str:
    return form24.Rank(row["rank"], row["tied"]).text()


@bp.post("/<int:recommender_id>/review/submit")
@session.required
def review_submit(recommender_id: int):
    recommender = mine(recommender_id)
    if recommender is None:
        return answer(404)
    person = session.current()
    try:
        version = atomic(lambda: unit_review.submit(recommender=recommender, person=person))
    except SeasonRefused as refused:
        flash(refused.message, "error")
        return redirect(url_for("apply_recommender.review", recommender_id=recommender_id))
    return redirect(
        url_for(
            "apply_recommender.form_receipt",
            recommender_id=recommender_id,
            form=UnitForm.REVIEW.value,
            version=version.version,
        )
    )


@bp.get("/<int:recommender_id>/<form>/receipt/<int:version>")
@session.required
def form_receipt(recommender_id: int, form: str, version: int):
    recommender = mine(recommender_id)
    kind = {f.value: f for f in UnitForm}.get(form)
    if recommender is None or kind is None:
        return answer(404)
    found = [v for v in unit_forms.versions(recommender, kind) if v.version == version]
    if not found:
        return answer(404)
    body = render_template(
        "apply/recommender/form_receipt.html",
        person=session.current(),
        deadline=current.state(current.season()),
        recommender=recommender,
        kind=kind.value,
        version=found[0],
        rank_text=_rank_text,
        beijing=current.beijing,
    )
    return body, 200, {"Cache-Control": "no-store"}
