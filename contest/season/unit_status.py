"""Whether a 推荐单位's own forms are in (2-1/2-2, 2-3, 2-4): for the 形式审查 dashboard and
the 形式审查报告 workbook, in the same words."""

from __future__ import annotations

from flask_babel import gettext as _

from contest.season import form23, unit_reports
from contest.season.models import Recommender


def completeness(recommender: Recommender) -> dict[str, str]:
    """Each form's state in a word or two: 已提交（第 n 次）, 未提交, or 需重新提交."""
    state = form23.status(recommender)
    report = unit_reports.latest(recommender)

    def said(version, stale: bool, again: str) -> str:
        if version is None:
            return str(_("未提交"))
        if stale:
            return again
        return str(_("已提交（第 %(n)s 次）", n=version.version))

    return {
        "2-1/2-2": said(report, False, ""),
        "2-3": said(state["recommendation"], bool(state["recommendation_stale"]),
                    str(_("推荐表需重新提交"))),
        "2-4": said(state["review"], bool(state["review_missing"]), str(_("汇总表需重新提交"))),
    }  # fmt: skip


def lines(recommender: Recommender) -> list[str]:
    """「附件 2-3：已提交（第 1 次）」, one per form."""
    return [
        _("附件 %(form)s：%(state)s", form=form, state=state)
        for form, state in completeness(recommender).items()
    ]
