"""Form 2-2 (活动统计表) of a 推荐单位 as a paper: its latest submitted report, laid out as the
notice's attachment 2-2. The 编号 is the 推荐单位's: `<year>-R<id>`."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from flask_babel import gettext as _

from contest.season import form22
from contest.season.current import beijing
from contest.season.papers import code
from contest.season.papers.model import Cell, Line, Paper

FORM_NO = "2-2"
COLUMNS = (12.0, 30.0, 22.0, 20.0, 24.0, 26.0, 20.0, 20.0)  # 174 mm


def number(recommender) -> str:
    return f"{recommender.season.year}-R{recommender.id:02d}"


def digest(report) -> str:
    """SHA-256 of one submitted report (its figures and its summary file), as its version."""
    body = json.dumps(
        {
            "recommender": report.recommender_id,
            "version": report.version,
            "stats": report.stats,
            "summary": report.summary.get("sha256", ""),
        },
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def facts(recommender, report) -> dict[str, Any]:
    from contest.extensions import db
    from contest.season.models import Applicant

    person = db.session.get(Applicant, report.submitted_by_id)
    return {
        "year": recommender.season.year,
        "number": number(recommender),
        "recommender": recommender.name,
        "version": report.version,
        "sha256": digest(report),
        "stats": dict(report.stats),
        "filled_by": person.display_name if person is not None else "",
        "filled_on": date_text(beijing(report.submitted_at)[:10]),
    }


def date_text(iso: str) -> str:
    """2026-07-03 as the notice's forms write a date: 2026 年 7 月 3 日."""
    year, month, day = (int(part) for part in iso.split("-"))
    return _("%(y)s 年 %(m)s 月 %(d)s 日", y=year, m=month, d=day)


def footer(values: dict[str, Any]) -> tuple[str, ...]:
    return (
        _("填表人：%(name)s", name=values["filled_by"]),
        _("填表日期：%(date)s", date=values["filled_on"]),
    )


def paper(values: dict[str, Any]) -> Paper:
    stats = values["stats"]

    def label(text: str, span: int = 1) -> Cell:
        return Cell(str(text), span, "label")

    def value(key: str, span: int = 1) -> Cell:
        return Cell(str(stats.get(key, "")), span, "center")

    rows: list[tuple[Cell, ...]] = [
        (label(_("序号")), label(_("统计项目"), 5), label(_("单位")), label(_("数量")))
    ]
    for n, field in enumerate(form22.COUNTS, 1):
        rows.append(
            (Cell(str(n), 1, "center"), Cell(str(field.label), 5), label(field.unit),
             value(field.key))
        )  # fmt: skip
    features = [Line(p) for p in str(stats.get("features", "")).splitlines() if p.strip()]
    heading = Line(_("本年度开展质量信得过班组主要特点与问题："), "heading")
    rows.append((Cell(span=8, kind="text", lines=(heading, *features)),))
    chosen = stats.get("forms", [])
    marks = "\u3000".join(f"{form} {'■' if str(form) in chosen else '□'}" for form in form22.FORMS)
    rows.append((label(_("质量信得过班组评审及交流形式"), 3), Cell(marks, 5)))
    held = stats.get("held") == "yes"
    rows.append(
        (label(_("是否组织发表会"), 2), Cell(("■" if held else "□") + _(" 是 ") + ("□" if held
         else "■") + _(" 否"), 1, "center"), label(_("发表会报名班组数"), 2),
         value("registered"), label(_("发表班组数")), value("presented"))
    )  # fmt: skip
    rows.append(
        (label(_("发表会时间"), 2), value("meeting_date"), label(_("发表会地点"), 2),
         value("meeting_place"), label(_("参会人数")), value("attendees"))
    )  # fmt: skip
    department = Cell(str(stats.get("department", "")), 5)
    rows.append((label(_("质量信得过班组工作归口部门及负责人"), 3), department))
    rows.append(
        (label(_("联系人"), 2), value("contact", 2), label(_("手机")), value("mobile"),
         label(_("邮箱")), Cell(str(stats.get("email", "")), 1))
    )  # fmt: skip
    rows.append(
        (label(_("通信地址"), 2), Cell(str(stats.get("address", "")), 4), label(_("邮编")),
         value("postcode"))
    )  # fmt: skip
    year = values["year"]
    return Paper(
        form_no=FORM_NO,
        title=_("%(year)s 年上海市“质量信得过班组”活动统计表", year=year),
        subtitle=_("（%(last)s 年 6 月至 %(year)s 年 6 月）", last=year - 1, year=year),
        number=values["number"],
        code=code.of(values, FORM_NO),
        filename=_(
            "活动统计表-%(unit)s-第%(n)s次提交", unit=values["recommender"], n=values["version"]
        ),
        columns=COLUMNS,
        rows=tuple(rows),
        header=(
            (_("推荐企业（行业/各区/集团）（盖章）"), values["recommender"]),
            (_("编号"), values["number"]),
        ),
        footer=footer(values),
        notes=(_("注：本统计表来自企业统计数据资料。"),),
    )
