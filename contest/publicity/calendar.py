"""The working-day calendar with the staff overrides stored in the database."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from contest import audit
from contest.extensions import db
from contest.models.types import utcnow
from contest.publicity.models import CalendarOverride
from contest.publicity.workdays import Calendar
from contest.season.current import BEIJING


class PublicityRefused(Exception):
    """A request refused in words the person can act on; nothing was written."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def today(now: datetime | None = None) -> date:
    """Today in Beijing: the 公示's days are Shanghai's days."""
    return (now or utcnow()).astimezone(BEIJING).date()


def calendar() -> Calendar:
    rows = db.session.execute(sa.select(CalendarOverride.day, CalendarOverride.workday))
    return Calendar(overrides={day: workday for day, workday in rows})


def overrides() -> list[CalendarOverride]:
    return list(db.session.scalars(sa.select(CalendarOverride).order_by(CalendarOverride.day)))


def set_override(*, day: date, workday: bool, note: str, staff_id: int) -> CalendarOverride:
    """Mark a date a workday or a holiday (replacing an earlier mark); audited."""
    note = note.strip()
    if not note:
        raise PublicityRefused(_("请填写调整原因（如：协会另行通知放假）"))
    row = db.session.scalar(sa.select(CalendarOverride).where(CalendarOverride.day == day))
    if row is None:
        row = CalendarOverride(day=day)
        db.session.add(row)
    row.workday, row.note, row.created_by_id = workday, note[:200], staff_id
    db.session.flush()
    audit.record(
        "publicity.calendar_set",
        actor=f"staff:{staff_id}",
        subject=f"day:{day.isoformat()}",
        data={"workday": workday, "note": row.note},
    )
    return row


def remove_override(*, override_id: int, staff_id: int) -> None:
    row = db.session.get(CalendarOverride, override_id)
    if row is None:
        raise PublicityRefused(_("该日期调整已不存在；请刷新页面"))
    audit.record(
        "publicity.calendar_removed",
        actor=f"staff:{staff_id}",
        subject=f"day:{row.day.isoformat()}",
        data={"workday": row.workday, "note": row.note},
    )
    db.session.delete(row)
