"""Form 2-1 (活动总结) of a 推荐单位 as a paper: the summary's own text (its Word file, read as
the 字数 check reads it) under the notice's title and header line."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from contest.season.papers import code, form22
from contest.season.papers.model import Line, Paper

FORM_NO = "2-1"


def facts(recommender, report) -> dict[str, Any]:
    from contest.season import uploads

    values = form22.facts(recommender, report)
    with uploads.storage().open(report.summary["sha256"]) as file:
        values["summary"] = file.read()
    return values


def paper(values: dict[str, Any]) -> Paper:
    from contest.season.files import wordtext

    paragraphs = [p.strip() for p in wordtext.paragraphs(values["summary"]) if p.strip()]
    year = values["year"]
    return Paper(
        form_no=FORM_NO,
        title=_("%(year)s 年开展“质量信得过班组”建设活动总结", year=year),
        number=values["number"],
        code=code.of(values, FORM_NO),
        filename=_(
            "活动总结-%(unit)s-第%(n)s次提交", unit=values["recommender"], n=values["version"]
        ),
        columns=(),
        rows=(),
        header=(
            (_("推荐行业/各区/集团（盖章）"), values["recommender"]),
            (_("编号"), values["number"]),
        ),
        body=tuple(Line(p) for p in paragraphs),
        footer=form22.footer(values),
    )
