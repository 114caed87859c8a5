"""The chinesecalendar package as an independent oracle for the working-day arithmetic.

`CC_CALENDAR` is a `WorkCalendar` built straight from the package's tables, without the database,
so that property tests can run many examples fast; `walk_workdays` counts working days one date at
a time with `chinese_calendar.is_workday`, sharing no code with `WorkCalendar`.
"""

import datetime

import chinese_calendar
from hypothesis import strategies as st

from yiwang.core.workdays import WorkCalendar

YEARS = (2024, 2025, 2026)
FIRST, LAST = datetime.date(2024, 1, 1), datetime.date(2026, 12, 31)
ONE_DAY = datetime.timedelta(days=1)

CC_CALENDAR = WorkCalendar(YEARS, chinese_calendar.holidays, chinese_calendar.workdays)

known_dates = st.dates(min_value=FIRST, max_value=LAST)
# At least 40 working days lie between these dates and either end of the known years.
inner_dates = st.dates(min_value=datetime.date(2024, 3, 15), max_value=datetime.date(2026, 10, 31))
steps = st.integers(min_value=-40, max_value=40)


def walk_workdays(day, n):
    """The n-th working day after (n > 0) or before (n < 0) `day`, or None past the known years."""
    step = ONE_DAY if n > 0 else -ONE_DAY
    remaining = abs(n)
    while remaining:
        day += step
        if not FIRST <= day <= LAST:
            return None
        if chinese_calendar.is_workday(day):
            remaining -= 1
    return day
