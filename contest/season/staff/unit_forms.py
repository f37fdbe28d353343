"""A 推荐单位's forms 2-3 and 2-4 for the secretariat: the last version of each, in full,
whether it is stale, and every earlier 提交 with its 校验码."""

from __future__ import annotations

from flask import render_template

from contest.auth.guards import admin_required
from contest.extensions import db
from contest.season import current, form24, unit_forms
from contest.season.form23 import status
from contest.season.models import Recommender, UnitForm
from contest.season.staff import bp


def _rank_text(row: dict) -> str:
    return form24.Rank(row["rank"], row["tied"]).text()


@bp.get("/recommenders/<int:recommender_id>/forms")
@admin_required
def unit_forms_page(recommender_id: int):
    recommender = db.get_or_404(Recommender, recommender_id)
    body = render_template(
        "season_admin/unit_forms.html",
        recommender=recommender,
        state=status(recommender),
        history={form.value: unit_forms.versions(recommender, form) for form in UnitForm},
        rank_text=_rank_text,
        beijing=current.beijing,
    )
    return body, 200, {"Cache-Control": "no-store"}
