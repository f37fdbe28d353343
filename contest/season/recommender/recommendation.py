"""Form 2-3 (推荐表) page: the recommended teams and the 评委名单 as they stand, the 填表人
fields typed, 提交 with its receipt; 「推荐表需重新提交」 when it no longer matches."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from contest.season import current, form23, session, unit_forms
from contest.season.accounts import SeasonRefused
from contest.season.models import UnitForm
from contest.season.recommender import bp
from contest.season.recommender.access import mine
from contest.server.errors import answer
from contest.transactions import atomic


def _page(recommender, status: int = 200, **values):
    rows = form23.teams(recommender)
    body = render_template(
        "apply/recommender/recommendation.html",
        person=session.current(),
        deadline=current.state(current.season()),
        recommender=recommender,
        rows=rows,
        total=form23.total(rows),
        judges=unit_forms.judges(recommender),
        filler=values.pop("filler", None) or form23.filler(recommender),
        gate=unit_forms.window(recommender),
        versions=unit_forms.versions(recommender, UnitForm.RECOMMENDATION),
        stale=form23.stale(recommender),
        problems=values.pop("problems", []),
        filler_errors=values.pop("filler_errors", {}),
        beijing=current.beijing,
        **values,
    )
    return body, status, {"Cache-Control": "no-store"}


@bp.get("/<int:recommender_id>/recommendation")
@session.required
def recommendation(recommender_id: int):
    recommender = mine(recommender_id)
    if recommender is None:
        return answer(404)
    return _page(recommender)


@bp.post("/<int:recommender_id>/recommendation")
@session.required
def recommendation_save(recommender_id: int):
    recommender = mine(recommender_id)
    if recommender is None:
        return answer(404)
    person = session.current()
    here = url_for("apply_recommender.recommendation", recommender_id=recommender_id)
    try:
        atomic(
            lambda: form23.save_draft(recommender=recommender, person=person, typed=request.form)
        )
        if request.form.get("next") != "submit":
            flash(_("草稿已保存"), "success")
            return redirect(here)
        version = atomic(lambda: form23.submit(recommender=recommender, person=person))
    except form23.Incomplete as refused:
        return _page(
            recommender, 422, error=refused.message, problems=refused.problems,
            filler_errors=refused.errors,
        )  # fmt: skip
    except SeasonRefused as refused:
        flash(refused.message, "error")
        return redirect(here)
    return redirect(
        url_for(
            "apply_recommender.form_receipt",
            recommender_id=recommender_id,
            form=UnitForm.RECOMMENDATION.value,
            version=version.version,
        )
    )
