"""The 公示: its period in working days from a start date, and where it stands today."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _

from contest import audit
from contest.extensions import db
from contest.publicity import results, workdays
from contest.publicity.calendar import PublicityRefused, calendar, today
from contest.publicity.models import Notice

DEFAULT_DAYS = 5
MAX_DAYS = 30


def of(season_id: int) -> Notice | None:
    return db.session.scalar(sa.select(Notice).where(Notice.season_id == season_id))


def open_notice(
    *, season_id: int, starts_on: date, working_days: int, contact: str, staff_id: int
) -> Notice:
    """Open the 公示 of the current result list; its end is counted in working days."""
    if of(season_id) is not None:
        raise PublicityRefused(_("本年度公示已开始，不能重复发布公示"))
    if results.current(season_id) is None:
        raise PublicityRefused(_("请先生成拟公示名单，再发布公示"))
    if not 1 <= working_days <= MAX_DAYS:
        raise PublicityRefused(_("公示期请填写 1 至 %(most)s 个工作日", most=MAX_DAYS))
    ends_on = workdays.period_end(starts_on, working_days, calendar())
    notice = Notice(
        season_id=season_id,
        starts_on=starts_on,
        working_days=working_days,
        ends_on=ends_on,
        contact=contact.strip()[:300],
        opened_by_id=staff_id,
    )
    db.session.add(notice)
    db.session.flush()
    audit.record(
        "publicity.opened",
        actor=f"staff:{staff_id}",
        subject=f"season:{season_id}",
        data={
            "starts_on": starts_on.isoformat(),
            "ends_on": ends_on.isoformat(),
            "working_days": working_days,
        },
    )
    return notice


def recount(notice: Notice) -> None:
    """The end again after a change to the calendar overrides (before publication only)."""
    if notice.published_at is None:
        notice.ends_on = workdays.period_end(notice.starts_on, notice.working_days, calendar())


@dataclass(frozen=True)
class Period:
    """Where the 公示 stands on a given day, as the public page shows it."""

    phase: str  # "before" | "open" | "ended" | "published"
    days_left: int  # calendar days until the end, the end day included
    working_days_left: int
    uncovered_years: list[int]  # years counted Mon–Fri only (no official arrangement known)


def period(notice: Notice, on: date | None = None) -> Period:
    day = on or today()
    cal = calendar()
    if notice.published_at is not None:
        phase = "published"
    elif day < notice.starts_on:
        phase = "before"
    elif day <= notice.ends_on:
        phase = "open"
    else:
        phase = "ended"
    first = max(day, notice.starts_on)
    left = (notice.ends_on - first).days + 1 if phase in ("before", "open") else 0
    working = workdays.workdays_between(first, notice.ends_on, cal) if left else 0
    return Period(phase, left, working, workdays.uncovered(notice.starts_on, notice.ends_on))


def ended(notice: Notice, on: date | None = None) -> bool:
    return (on or today()) > notice.ends_on
