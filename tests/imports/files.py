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
