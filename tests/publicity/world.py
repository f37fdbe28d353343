"""A season whose contest (the demo) has been scored, graded and its national candidates
chosen: what staff have when they prepare the 公示."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import sqlalchemy as sa

from contest.extensions import db
from contest.models import StaffUser
from contest.models.types import utcnow
from contest.ranking import results
from contest.season.models import Season
from tests.factories import close_scoring, judges_of, marks_totalling, submit, team_at

SCORES = {1: "95", 2: "94", 3: "93", 5: "92", 6: "90"}  # running order -> every judge's total


def admin() -> StaffUser:
    return db.session.scalar(sa.select(StaffUser).where(StaffUser.username == "admin"))


def season(year: int = 2026) -> Season:
    now = utcnow()
    row = Season(
        year=year,
        name=f"{year}年上海市质量信得过班组",
        opens_at=now - timedelta(days=200),
        closes_at=now - timedelta(days=100),
    )
    db.session.add(row)
    db.session.commit()
    return row


def scored(demo) -> None:
    """Five teams scored; 一等奖 1, 二等奖 2, 三等奖 the rest; three national candidates."""
    for order, total in SCORES.items():
        team = team_at(demo, order)
        for judge in judges_of(demo)[:5]:
            submit(team, judge, marks_totalling(total))
        close_scoring(team, reveal=True)
    db.session.commit()
    staff = admin()
    results.set_grades(
        demo, [("一等奖", 1, None), ("二等奖", 2, None), ("三等奖", None, Decimal(80))], staff
    )
    results.confirm_grades(demo, staff)
    demo.settings = {**(demo.settings or {}), "national": {"quota": 3, "per_enterprise": 1}}
    results.confirm_national(demo, staff)
    db.session.commit()
