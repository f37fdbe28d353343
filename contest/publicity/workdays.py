"""Working-day arithmetic for the 公示 and 异议 deadlines. Pure: no Flask, no database.

Official holidays and 调休 make-up workdays come from the `chinese-calendar` package, which
holds the State Council's yearly arrangements for a limited range of years. Outside that
range a day is a workday Monday to Friday. Staff overrides (a date marked workday or
holiday) win over both: the secretariat may close on a day the calendar does not know.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

import chinese_calendar

MAX_SPAN = 366  # no count of working days needs more than a year of calendar days


@dataclass(frozen=True)
class Calendar:
    """The official calendar with staff overrides (date -> True for workday, False holiday)."""

    overrides: Mapping[date, bool] = field(default_factory=dict)

    def is_workday(self, day: date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:  # a year the package has no arrangement for
            return day.weekday() < 5

    def holiday_name(self, day: date) -> str | None:
        """The official name of the holiday or make-up day, if the package knows one."""
        try:
            return chinese_calendar.get_holiday_detail(day)[1]
        except NotImplementedError:
            return None


def covered(day: date) -> bool:
    """Whether the package has the official arrangement for this date's year."""
    try:
        chinese_calendar.is_workday(day)
    except NotImplementedError:
        return False
    return True


def add_workdays(start: date, count: int, calendar: Calendar) -> date:
    """The date `count` working days after `start` (`start` itself not counted)."""
    if count < 0:
        raise ValueError("count must not be negative")
    day = start
    for _ in range(MAX_SPAN * (count // 200 + 1)):
        if count == 0:
            return day
        day += timedelta(days=1)
        if calendar.is_workday(day):
            count -= 1
    raise ValueError("no working days in a year: check the overrides")


def period_end(start: date, count: int, calendar: Calendar) -> date:
    """The last day of a period of `count` working days that begins on `start`."""
    if count < 1:
        raise ValueError("a period has at least one working day")
    first = start if calendar.is_workday(start) else add_workdays(start, 1, calendar)
    return add_workdays(first, count - 1, calendar)


def workdays_between(first: date, last: date, calendar: Calendar) -> int:
    """How many working days from `first` to `last`, both included (0 if last < first)."""
    total, day = 0, first
    while day <= last:
        total += calendar.is_workday(day)
        day += timedelta(days=1)
    return total


def uncovered(first: date, last: date) -> list[int]:
    """The years between the two dates for which only Mon–Fri (and overrides) apply."""
    return [y for y in range(first.year, last.year + 1) if not covered(date(y, 6, 1))]
