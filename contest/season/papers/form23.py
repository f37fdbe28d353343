"""Form 2-3 (推荐表) of a 推荐单位 as a paper: its latest submitted version, laid out as the
notice's attachment 2-3: the recommended teams with 班组人数总计, then the 评委名单."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from contest.season.papers import unitform
from contest.season.papers.model import Cell, Paper

FORM_NO = "2-3"
# One grid for both tables: teams 序号 | 企业名称 (2) | 班组名称 (2) | 班组人数;
# judges 姓名 | 工作单位 | TGQ 评委证书号 | 通讯地址 | 邮编 | 手机. 174 mm.
COLUMNS = (16.0, 38.0, 32.0, 44.0, 16.0, 28.0)


def facts(recommender) -> dict[str, Any] | None:
    from contest.season.models import UnitForm

    return unitform.facts(recommender, UnitForm.RECOMMENDATION)


def paper(values: dict[str, Any]) -> Paper:
    def label(text: str, span: int = 1) -> Cell:
        return Cell(text, span, "label")

    def heading(text: str) -> tuple[Cell, ...]:
        return (Cell(text, 6, "heading"),)

    rows: list[tuple[Cell, ...]] = [
        heading(_("一、上海市质量信得过班组建设典型经验")),
        (label(_("序号")), label(_("企业名称"), 2), label(_("班组名称"), 2), label(_("班组人数"))),
    ]
    for n, company, team, members in values["teams"]:
        rows.append(
            (Cell(str(n), 1, "center"), Cell(company, 2, "name"), Cell(team, 2, "name"),
             Cell(str(members), 1, "center"))
        )  # fmt: skip
    rows.append((Cell("", 1), label(_("班组人数总计"), 4), Cell(str(values["total"]), 1, "center")))
    rows.append(heading(_("二、评委名单")))
    rows.append(
        (label(_("姓名")), label(_("工作单位")), label(_("TGQ 评委证书号")), label(_("通讯地址")),
         label(_("邮编")), label(_("手机")))
    )  # fmt: skip
    for name, employer, certificate, address, postcode, mobile in values["judges"]:
        rows.append(
            (Cell(name, 1, "center"), Cell(employer, 1, "name"), Cell(certificate, 1, "name"),
             Cell(address), Cell(postcode, 1, "center"), Cell(mobile, 1, "name"))
        )  # fmt: skip
    return unitform.paper(
        values,
        form_no=FORM_NO,
        title=_("%(year)s 年上海市“质量信得过班组”建设经验推荐表", year=values["year"]),
        kind=_("推荐表"),
        columns=COLUMNS,
        rows=rows,
        notes=(
            _(
                "注：1. 班组名称为企业最基础的正式组织单元名称，是实际存在的单位编制中的名称，"
                "不应以车间名称命名，或人为自定名称。"
            ),
            _("2. 此表是推荐行业/各区/集团的正式汇总材料。"),
        ),
    )
