"""Working days from the official 2026 calendar (国务院办公厅, 2026 节假日安排), hand-worked.

2026: 中秋 9-25 (Fri) to 9-27; 国庆 10-1 to 10-7; 调休上班 Sunday 9-20 and Saturday 10-10.
"""

from __future__ import annotations

from datetime import date

import pytest

from contest.publicity.workdays import (
    Calendar,
    add_workdays,
    covered,
    period_end,
    uncovered,
    workdays_between,
)

OFFICIAL = Calendar()


@pytest.mark.parametrize(
    ("start", "count", "expected"),
    [
        # 9-30 (Wed) + 5: 10-8 Thu, 10-9 Fri, 10-10 Sat (调休上班), 10-12 Mon, 10-13 Tue.
        (date(2026, 9, 30), 5, date(2026, 10, 13)),
        # From inside the holiday: 10-8, 10-9 and then the make-up Saturday.
        (date(2026, 10, 3), 3, date(2026, 10, 10)),
        # 9-24 (Thu) + 2: the 中秋 Friday is off, 9-28 Mon, 9-29 Tue.
        (date(2026, 9, 24), 2, date(2026, 9, 29)),
        # 9-19 (Sat) + 1: Sunday 9-20 is a make-up workday.
        (date(2026, 9, 19), 1, date(2026, 9, 20)),
        # Ten working days from a Monday in December: two weeks.
        (date(2026, 12, 7), 10, date(2026, 12, 21)),
        (date(2026, 12, 7), 0, date(2026, 12, 7)),
    ],
)
def test_add_workdays_follows_the_official_2026_calendar(start, count, expected):
    assert add_workdays(start, count, OFFICIAL) == expected


def test_the_make_up_saturday_is_a_workday_and_the_holiday_is_not():
    assert OFFICIAL.is_workday(date(2026, 10, 10)) is True  # Saturday, 调休上班
    assert OFFICIAL.is_workday(date(2026, 10, 5)) is False  # Monday in 国庆
    assert OFFICIAL.holiday_name(date(2026, 10, 10)) == "National Day"


def test_a_period_of_five_working_days_across_the_national_day():
    # 公示 opened on 9-28 (Mon): 9-28, 9-29, 9-30, 10-8, 10-9.
    assert period_end(date(2026, 9, 28), 5, OFFICIAL) == date(2026, 10, 9)
    # Opened on a holiday: the first working day (10-8) is day one.
    assert period_end(date(2026, 10, 2), 5, OFFICIAL) == date(2026, 10, 13)
    assert (
        workdays_between(date(2026, 9, 28), date(2026, 10, 13), OFFICIAL) == 8
    )  # 3 + 3 (10-10 incl.) + 2


def test_staff_overrides_win_over_the_official_calendar():
    closed = Calendar(overrides={date(2026, 10, 8): False, date(2026, 10, 11): True})
    # 10-8 off by the association; Sunday 10-11 worked: 10-9, 10-10, 10-11, 10-12, 10-13.
    assert add_workdays(date(2026, 9, 30), 5, closed) == date(2026, 10, 13)
    assert add_workdays(date(2026, 9, 30), 3, closed) == date(2026, 10, 11)


def test_years_without_an_official_arrangement_count_monday_to_friday():
    assert covered(date(2026, 12, 31)) is True
    assert covered(date(2027, 1, 4)) is False
    # 2026-12-30 (Wed) + 3: 12-31 Thu, 2027-01-01 Fri (unknown: counted), 01-04 Mon.
    assert add_workdays(date(2026, 12, 30), 3, OFFICIAL) == date(2027, 1, 4)
    # With 元旦 marked by staff: 12-31, 01-04, 01-05.
    marked = Calendar(overrides={date(2027, 1, 1): False})
    assert add_workdays(date(2026, 12, 30), 3, marked) == date(2027, 1, 5)
    assert uncovered(date(2026, 12, 28), date(2027, 1, 5)) == [2027]
    assert uncovered(date(2026, 12, 1), date(2026, 12, 7)) == []


def test_nonsense_counts_are_refused():
    with pytest.raises(ValueError):
        add_workdays(date(2026, 12, 1), -1, OFFICIAL)
    with pytest.raises(ValueError):
        period_end(date(2026, 12, 1), 0, OFFICIAL)
