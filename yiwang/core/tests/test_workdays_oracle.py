"""The calendar loaded from the database agrees with chinesecalendar on every day of 2024–2026."""

import datetime

import chinese_calendar
import pytest

from yiwang.core import workdays
from yiwang.core.tests.chinese_calendar_oracle import CC_CALENDAR, FIRST, LAST

pytestmark = pytest.mark.usefixtures("calendar")


def test_every_day_of_2024_to_2026_agrees_with_chinesecalendar():
    disagreements = []
    day = FIRST
    while day <= LAST:
        if workdays.is_workday(day) != chinese_calendar.is_workday(day):
            disagreements.append(day)
        day += datetime.timedelta(days=1)
    assert disagreements == []


def test_the_loaded_calendar_holds_the_same_working_days_as_the_package():
    loaded = workdays.get_calendar()
    assert loaded.years == {2024, 2025, 2026}
    for year in (2024, 2025, 2026):
        assert loaded.working_days(year) == CC_CALENDAR.working_days(year)
    # 2026: 261 weekdays, less 19 weekday holidays, plus 6 make-up weekend days.
    assert len(loaded.working_days(2026)) == 261 - 19 + 6
