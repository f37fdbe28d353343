"""形式审查报告 as a workbook: the total first, then one sheet per 推荐单位.

Each row is one application as 形式审查 left it: its names exactly as submitted, its state,
and, for a return or a refusal, what was wrong (the checklist's items and the note).
"""

from __future__ import annotations

import io
from collections import Counter

from contest.exports.safety import put, sheet_title
from contest.extensions import db
from contest.season import checklist, decisions, labels, unit_forms, unit_status
from contest.season.current import beijing
from contest.season.models import Application, ApplicationStatus, Recommender, Season, Stage

HEADER = (
    "申报编号",
    "推荐单位",
    "企业名称",
    "班组名称",
    "形式审查结果",
    "意见",
    "审查时间（北京时间）",
)
COUNTED = (
    ApplicationStatus.ACCEPTED,
    ApplicationStatus.FORMAL_RETURNED,
    ApplicationStatus.REFUSED,
    ApplicationStatus.RECOMMENDED,
)


def _row(application: Application) -> tuple:
    latest = decisions.latest(application)
    formal = latest if latest is not None and latest.stage is Stage.SECRETARIAT else None
    why = "；".join(
        [
            *(checklist.labels(formal.reasons) if formal else []),
            *([formal.note] if formal and formal.note else []),
        ]
    )
    submission = application.submissions[-1] if application.submissions else None
    return (
        application.number,
        application.enterprise.recommender.name,
        submission.company_name if submission else application.enterprise.name,
        submission.form.get("team_name", "") if submission else application.team_name,
        str(labels.FOR_STAFF[application.status]),
        why,
        beijing(formal.decided_at) if formal else "",
    )


def summary(applications: list[Application]) -> str:
    """「共 3 份：通过 1，形式审查退回修改 1，…」: the figures above each table."""
    counts = Counter(a.status for a in applications)
    said = "，".join(f"{labels.FOR_STAFF[s]} {counts[s]}" for s in COUNTED)
    return f"共 {len(applications)} 份：{said}"


def _sheet(book, title: str, heading: str, applications: list[Application]) -> None:
    sheet = book.create_sheet(title)
    put(sheet, 1, 1, heading)
    put(sheet, 2, 1, summary(applications))
    for column, title_text in enumerate(HEADER, 1):
        put(sheet, 3, column, title_text)
    for row, application in enumerate(applications, 4):
        for column, value in enumerate(_row(application), 1):
            put(sheet, row, column, value)


FORMS_HEADER = (
    "推荐单位",
    "推荐班组数",
    "统计表与活动总结（附件 2-1、2-2）",
    "推荐表（附件 2-3）",
    "材料评审汇总表（附件 2-4）",
)


def forms_rows(units: list[Recommender]) -> list[tuple]:
    """Whether each 推荐单位's own forms are in, and whether 2-3 / 2-4 need submitting again."""
    from contest.season import quota

    rows = []
    for unit in units:
        state = unit_status.completeness(unit)
        count = len(unit_forms.applications(unit, quota.HOLDING))
        rows.append((unit.name, count, state["2-1/2-2"], state["2-3"], state["2-4"]))
    return rows


def _forms_sheet(book, title: str, season: Season, units: list[Recommender]) -> None:
    sheet = book.create_sheet(title)
    put(sheet, 1, 1, f"{season.name} 推荐单位材料")
    for column, text in enumerate(FORMS_HEADER, 1):
        put(sheet, 2, column, text)
    for row, values in enumerate(forms_rows(units), 3):
        for column, value in enumerate(values, 1):
            put(sheet, row, column, value)


def counted(season: Season) -> list[Application]:
    """The applications recommended to the secretariat (and on from there), by number."""
    return [
        a
        for a in db.session.query(Application)
        .filter_by(season_id=season.id)
        .order_by(Application.number)
        .all()
        if a.status in COUNTED
    ]


def units_of(season: Season) -> list[Recommender]:
    return (
        db.session.query(Recommender).filter_by(season_id=season.id).order_by(Recommender.id).all()
    )


def rows(applications: list[Application]) -> list[tuple]:
    return [_row(a) for a in applications]


def workbook(season: Season) -> bytes:
    """The report as a workbook: the total, one sheet per 推荐单位, their forms."""
    from openpyxl import Workbook

    applications = counted(season)
    book = Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    _sheet(book, sheet_title("总表", taken), f"{season.name} 形式审查报告（总表）", applications)
    units = units_of(season)
    for unit in units:
        mine = [a for a in applications if a.enterprise.recommender_id == unit.id]
        _sheet(
            book, sheet_title(unit.name, taken), f"{season.name} 形式审查报告（{unit.name}）", mine
        )
    _forms_sheet(book, sheet_title("推荐单位材料", taken), season, units)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
