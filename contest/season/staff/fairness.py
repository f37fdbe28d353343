"""延期记录 (the fairness log): every extension granted, as a workbook staff can file."""

from __future__ import annotations

import io

from contest.exports.safety import put
from contest.season import deadline
from contest.season.current import beijing
from contest.season.models import Season

HEADER = (
    "申报编号",
    "企业名称",
    "班组名称",
    "推荐单位",
    "延期至（北京时间）",
    "原因",
    "批准人",
    "批准时间（北京时间）",
)


def workbook(season: Season, staff_names: dict[str, str]) -> bytes:
    """One row per extension, in the order granted; names exactly as on the application."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "延期记录"
    put(sheet, 1, 1, f"{season.name} 延期记录")
    for column, title in enumerate(HEADER, 1):
        put(sheet, 2, column, title)
    for row, extension in enumerate(deadline.extensions(season), 3):
        application = extension.application
        values = (
            application.number,
            application.enterprise.name,
            application.team_name,
            application.enterprise.recommender.name,
            beijing(extension.until),
            extension.reason,
            staff_names.get(extension.granted_by, extension.granted_by),
            beijing(extension.granted_at),
        )
        for column, value in enumerate(values, 1):
            put(sheet, row, column, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
