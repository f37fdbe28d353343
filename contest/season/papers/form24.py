"""Form 2-4 (材料评审汇总表) of a 推荐单位 as a paper: its latest submitted version, laid out
as the notice's attachment 2-4. 企业名称 and 班组名称 are two names, one to a line."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from contest.season.papers import unitform
from contest.season.papers.model import Cell, Line, Paper

FORM_NO = "2-4"
COLUMNS = (12.0, 62.0, 56.0, 18.0, 26.0)  # 174 mm


def facts(recommender) -> dict[str, Any] | None:
    from contest.season.models import UnitForm

    return unitform.facts(recommender, UnitForm.REVIEW)


def paper(values: dict[str, Any]) -> Paper:
    rows: list[tuple[Cell, ...]] = [
        tuple(
            Cell(text, 1, "label")
            for text in (
                _("序号"),
                _("企业/班组名称"),
                _("材料评价（符合标准程度/特色/不足之处）"),
                _("打分/排序"),
                _("评委"),
            )
        )
    ]
    for (n, _name, appraisal, score, judges), names in zip(
        values["rows"], values["names"], strict=True
    ):
        rows.append(
            (
                Cell(str(n), 1, "center"),
                Cell(kind="names", lines=tuple(Line(name) for name in names)),
                Cell(kind="text", lines=tuple(Line(p, "plain") for p in appraisal.splitlines())),
                Cell(score, 1, "center"),
                Cell(judges, 1, "center"),
            )
        )
    return unitform.paper(
        values,
        form_no=FORM_NO,
        title=_("%(year)s 年上海市“质量信得过班组”建设经验材料评审汇总表", year=values["year"]),
        kind=_("材料评审汇总表"),
        columns=COLUMNS,
        rows=rows,
        notes=(_("注：对质量信得过班组进行材料结合现场的评价，必要时，进行现场抽查。"),),
    )
