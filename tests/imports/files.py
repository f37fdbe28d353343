"""Write real .xlsx (openpyxl) and .csv files for the import tests, and build a fresh contest."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

import openpyxl
import sqlalchemy as sa

from contest.extensions import db
from contest.models import (
    AuditEntry,
    Contest,
    Judge,
    RecommendingUnit,
    Recusal,
    ScoreItem,
    ScoreSubmission,
    StageState,
    Team,
    Venue,
)

Cell = str | int | float | None
TITLE = "2020年上海市“质量信得过班组”建设经验推荐表"
ITEMS = (("班组概况", "40", "0.5"), ("改进创新", "40", "0.5"), ("发表答辩", "20", "1"))


def write_xlsx(
    path: Path, rows: Sequence[Sequence[Cell]], *, start_row: int = 1, sheets: dict | None = None
) -> Path:
    """One sheet with `rows` from Excel row `start_row` (rows above stay blank); more if given."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    _fill(sheet, rows, start_row)
    for title, more in (sheets or {}).items():
        _fill(book.create_sheet(title), more, 1)
    book.save(path)
    return path


def _fill(sheet, rows: Sequence[Sequence[Cell]], start_row: int) -> None:
    for r, row in enumerate(rows, start_row):
        for c, value in enumerate(row, 1):
            if value is not None:
                sheet.cell(row=r, column=c, value=value)


def write_csv(path: Path, rows: Sequence[Sequence[Cell]], *, encoding: str = "utf-8-sig") -> Path:
    with path.open("w", newline="", encoding=encoding) as handle:
        csv.writer(handle).writerows([["" if v is None else v for v in row] for row in rows])
    return path


def new_contest(*venues: str, items: Sequence[tuple[str, str, str]] = ITEMS) -> Contest:
    """A contest of its own: these venues (each with its stage row) and a small score sheet."""
    contest = Contest(name="导入测试赛", year=2026, settings={})
    db.session.add(contest)
    for position, name in enumerate(venues, 1):
        venue = Venue(contest=contest, name=name, position=position)
        db.session.add_all([venue, StageState(venue=venue)])
    for position, (name, maximum, step) in enumerate(items, 1):
        db.session.add(
            ScoreItem(
                contest=contest,
                name=name,
                maximum=Decimal(maximum),
                step=Decimal(step),
                position=position,
            )
        )
    db.session.commit()
    return contest


def counts() -> dict[str, int]:
    """Rows in every table an import writes to."""
    tables = {
        "teams": Team,
        "units": RecommendingUnit,
        "judges": Judge,
        "recusals": Recusal,
        "submissions": ScoreSubmission,
        "audit": AuditEntry,
    }
    return {
        name: db.session.scalar(sa.select(sa.func.count()).select_from(model))
        for name, model in tables.items()
    }


def teams_of(contest: Contest) -> list[Team]:
    return list(
        db.session.scalars(sa.select(Team).where(Team.contest_id == contest.id).order_by(Team.id))
    )


def judges_in(contest: Contest) -> list[Judge]:
    return list(
        db.session.scalars(
            sa.select(Judge).where(Judge.contest_id == contest.id).order_by(Judge.id)
        )
    )


TeamRow = tuple[str, str, int | str, str, str]  # company, team, members, venue text, mode text


JudgeRow = tuple[str, str, str, str, str, str]  # 姓名, 工作单位, TGQ 证书号, 地址, 邮编, 手机


def _form_2_3_sheet(
    sheet, unit: str, rows: Sequence[TeamRow], judges: Sequence[JudgeRow] = ()
) -> None:
    """One sheet of form 2-3 as a recommending unit fills it in."""
    lines: list[list[Cell]] = [
        [TITLE],
        [f"推荐行业/各区/集团（盖章）：{unit}"],
        ["一、上海市质量信得过班组建设典型经验"],
        ["序号", "企业名称", "班组名称", "班组人数", "分会场", "形式"],
        *(
            [n, company, team, members, venue or None, mode or None]
            for n, (company, team, members, venue, mode) in enumerate(rows, 1)
        ),
        [None, None, "班组人数总计", sum(int(r[2]) for r in rows if str(r[2]).isdigit())],
        [],
        ["二、评委名单"],
        ["姓名", "工作单位", "TGQ 评委证书号", "通讯地址", "邮编", "手机"],
        *(list(judge) for judge in judges),
        [],
        ["填表人：王秘书"],
        ["电话：021-12345678"],
        ["填表日期：2020年7月20日"],
        ["注：1. 班组名称为企业最基础的正式组织单元名称。"],
    ]
    _fill(sheet, lines, 1)


def form_2_3_workbook(
    sheets: list[tuple[str, list[TeamRow]]],
    *,
    hidden: Sequence[tuple[str, list[TeamRow]]] = (),
    judges: dict[str, Sequence[JudgeRow]] | None = None,
) -> bytes:
    """A workbook with one form 2-3 per recommending unit (the sheet is named after it).

    `judges` gives the 评委名单 part of a unit's sheet, under its teams.
    """
    import io

    book = openpyxl.Workbook()
    book.remove(book.active)
    for unit, rows in sheets:
        _form_2_3_sheet(book.create_sheet(unit[:31]), unit, rows, (judges or {}).get(unit, ()))
    for unit, rows in hidden:
        sheet = book.create_sheet(unit[:31])
        _form_2_3_sheet(sheet, unit, rows)
        sheet.sheet_state = "hidden"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
