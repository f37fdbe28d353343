"""Exports: a scored demo contest shared by the export tests, and workbook helpers."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

from contest.extensions import db
from contest.models import (
    AwardGrade,
    Contest,
    Deduction,
    NationalSelection,
    TeamAward,
    TeamStatus,
)
from tests.factories import close_scoring, judges_of, marks_totalling, submit, team_at

# Judge totals by running order; None: no mark (judge 3 recuses from order 4 automatically).
TOTALS: dict[int, list[str | None]] = {
    # 89 (judge 7) and 96 (judge 8) dropped: (90+90+91+92+93+94+95) / 7 = 92.142857 -> 92.14
    1: ["95", "90", "91", "92", "93", "94", "89", "96", "90"],
    # The same totals in another order: 92.14 again, a tie for first place.
    2: ["90", "95", "96", "89", "94", "93", "92", "91", "90"],
    # A panel of five: 80 (judge 1) and 90 (judge 5) dropped, 85.00.
    3: ["80", "85", "85", "85", "90", None, None, None, None],
    # Without judge 3: drop 86.5 (judge 5) and 93 (judge 9); 541 / 6 = 90.1666...;
    # minus the 1-point overtime deduction: 89.1666... -> 89.17.
    4: ["88", "91.5", None, "90", "86.5", "92", "89", "90.5", "93"],
}


def score_demo(demo: Contest) -> None:
    """Score and close orders 1-4, mark order 6 absent, give one award and two selections."""
    judges = judges_of(demo)
    for order, totals in TOTALS.items():
        team = team_at(demo, order)
        for judge, total in zip(judges, totals, strict=True):
            if total is not None:
                submit(team, judge, marks_totalling(total))
        close_scoring(team, reveal=True)
    db.session.add(
        Deduction(team=team_at(demo, 4), kind="overtime", amount=Decimal(1), reason="超时 1 分钟")
    )
    team_at(demo, 6).status = TeamStatus.ABSENT
    first = AwardGrade(contest=demo, name="一等奖", position=0, count=2)
    db.session.add(TeamAward(team=team_at(demo, 1), grade=first))
    db.session.add(TeamAward(team=team_at(demo, 2), grade=first))
    db.session.add(NationalSelection(team=team_at(demo, 1), selected=True))
    db.session.add(NationalSelection(team=team_at(demo, 3), selected=False))
    db.session.commit()


def workbook(data: bytes):
    from openpyxl import load_workbook

    return load_workbook(BytesIO(data))


def header(ws, row: int = 1) -> list[object]:
    return [c.value for c in ws[row] if c.value is not None]


def column(ws, name: str, row: int = 1) -> int:
    """1-based index of the column headed `name`."""
    return [c.value for c in ws[row]].index(name) + 1


def rows(ws, first: int = 2) -> list[list[object]]:
    """Values of the data rows (up to the first empty row)."""
    result = []
    for row in ws.iter_rows(min_row=first, values_only=True):
        if all(v is None for v in row):
            break
        result.append(list(row))
    return result
