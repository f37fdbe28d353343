"""形式审查报告 as a workbook: the total first, then one sheet per 推荐单位.

Each row is one application as 形式审查 left it: its names exactly as submitted, its state,
and, for a return or a refusal, what was wrong (the checklist's items and the note).
"""

from __future__ import annotations

import io
from collections import Counter

from contest.exports.safety import put, sheet_title
from contest.extensions import db
from contest.season import decisions, labels
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
        [*(formal.reasons if formal else []), *([formal.note] if formal and formal.note else [])]
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


def _sheet(book, title: str, heading: str, applications: list[Application]) -> None:
    sheet = book.create_sheet(title)
    put(sheet, 1, 1, heading)
    counts = Counter(a.status for a in applications)
    summary = "，".join(f"{labels.FOR_STAFF[s]} {counts[s]}" for s in COUNTED)
    put(sheet, 2, 1, f"共 {len(applications)} 份：{summary}")
    for column, title_text in enumerate(HEADER, 1):
        put(sheet, 3, column, title_text)
    for row, application in enumerate(applications, 4):
        for column, value in enumerate(_row(application), 1):
            put(sheet, row, column, value)


def workbook(season: Season) -> bytes:
    """The report of the applications recommended to the secretariat (and on from there)."""
    from openpyxl import Workbook

    applications = [
        a
        for a in db.session.query(Application)
        .filter_by(season_id=season.id)
        .order_by(Application.number)
        .all()
        if a.status in COUNTED
    ]
    book = Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    _sheet(book, sheet_title("总表", taken), f"{season.name} 形式审查报告（总表）", applications)
    units = db.session.query(Recommender).filter_by(season_id=season.id).order_by(Recommender.id)
    for unit in units:
        mine = [a for a in applications if a.enterprise.recommender_id == unit.id]
        _sheet(
            book, sheet_title(unit.name, taken), f"{season.name} 形式审查报告（{unit.name}）", mine
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
