"""The enterprise's 评分与推荐意见表 as a paper: its latest submitted version (a form of our
own design, numbered 表 1-3 as it goes with 申报表 1-2): the 申报编号, 企业名称 and 班组名称,
the seven requirements of 附件 1-1 with the rating and remark, 自评得分, the 推荐意见 and the
place for the 公章. The 编号 is the 申报编号; the QR code names the opinion's version."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from contest.season.papers import code, form12
from contest.season.papers.model import Cell, Line, Paper
from contest.season.papers.unitform import date_text

FORM_NO = "1-3"
COLUMNS = (12.0, 34.0, 62.0, 22.0, 44.0)  # 174 mm


def facts(application, submission) -> dict[str, Any]:
    """Plain values of one submitted version, as contest.season.opinion prints it."""
    from contest.season.opinion import records

    found = records.rows(application, submission)
    return {
        "year": application.season.year,
        "number": application.number,
        "version": submission.version,
        "sha256": submission.content_hash,
        "company": submission.company_name,
        "team": submission.team_name,
        "recommender": application.enterprise.recommender.name,
        "requirements": [(r.number, r.label, r.value, r.note) for r in found if r.number],
        "values": {r.key: r.value for r in found if r.key and not r.number},
    }


def expected(application) -> code.Code | None:
    """The code a scan of the current submitted opinion carries (None before any 提交)."""
    from contest.season.opinion import records

    return code.expected(application, FORM_NO, records.latest(application))


def paper(values: dict[str, Any]) -> Paper:
    def label(text: str, span: int = 1) -> Cell:
        return Cell(text, span, "label")

    scalars = values["values"]
    rows: list[tuple[Cell, ...]] = [
        (label(_("单位名称（公章为准）"), 2), Cell(values["company"], 3, "name")),
        (label(_("质量信得过班组名称"), 2), Cell(values["team"], 3, "name")),
        (label(_("序号")), label(_("申报/推荐要求（附件 1-1）"), 2), label(_("评价")),
         label(_("说明"))),
    ]  # fmt: skip
    for number, requirement, rating, remark in values["requirements"]:
        rows.append(
            (Cell(number, 1, "center"), Cell(requirement, 2), Cell(rating, 1, "center"),
             Cell(remark))
        )  # fmt: skip
    rows.append((label(_("自评得分"), 2), Cell(scalars.get("score", ""), 3)))
    opinion = [Line(p) for p in scalars.get("opinion", "").splitlines() if p.strip()]
    rows.append(
        (Cell(span=5, kind="text", lines=(Line(_("推荐意见："), "heading"), *opinion,
                                          form12.stamp())),)
    )  # fmt: skip
    return form12.numbered(
        values,
        FORM_NO,
        _("评分与推荐意见表"),
        attachment=_("表 %(no)s：", no=FORM_NO),
        title=_("质量信得过班组建设经验评分与推荐意见表"),
        columns=COLUMNS,
        rows=tuple(rows),
        header=((_("推荐行业/各区/集团"), values["recommender"]), (_("编号"), values["number"])),
        footer=(
            _("填表人：%(name)s", name=scalars.get("filler", "")),
            _("填表日期：%(date)s", date=date_text(scalars.get("filled_on", ""))),
        ),
        notes=(
            _(
                "注：1. 企业按附件 1-1 的申报/推荐要求逐条对标评价，"
                "评价为“基本符合”或“不符合”的须说明。"
            ),
            _(
                "2. 本表按企业提交的评分与推荐意见生成，加盖公章后扫描为 PDF 上传；"
                "二维码用于核对版本。"
            ),
        ),
    )
