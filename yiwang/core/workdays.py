"""The working-day calendar (工作日): every time limit in government counts in working days.

A day is a working day if it is Monday to Friday and not a listed holiday, or a weekend day
listed as a make-up working day (调休上班). Only years whose schedule is published in the
`CalendarYear` table are known; asking about any other date raises `DateOutsideCalendar` with a
message saying which year an administrator must enter — never a silent weekday guess.

`add_workdays(d, n)` is the n-th working day after d (before d for negative n; d itself for 0).
`workdays_between(a, b)` counts working days in (a, b], negative when b < a, so that
`workdays_between(d, add_workdays(d, n)) == n` — for n < 0 only when d is a working day (one
working day before a Saturday is the Friday, yet no working day lies in (Friday, Saturday]).
"""

import bisect
import datetime
import threading
import time

from django.utils.translation import gettext as _

RELOAD_SECONDS = 60  # how stale another process's edit of the calendar may be seen here


class DateOutsideCalendar(ValueError):
    """A date in a year whose holiday schedule has not been entered."""

    def __init__(self, year):
        self.year = year
        super().__init__(
            _(
                "The working-day calendar has no data for %(year)s. An administrator must enter the "
                "State Council's holiday schedule for %(year)s and publish it."
            )
            % {"year": year}
        )


class WorkCalendar:
    """An immutable snapshot of the calendar: sorted working days of every known year."""

    def __init__(self, years, holidays, workdays):
        self.years = frozenset(years)
        holidays, workdays = set(holidays), set(workdays)
        days = []
        for year in sorted(self.years):
            day = datetime.date(year, 1, 1)
            while day.year == year:
                weekday = day.weekday() < 5
                if (weekday and day not in holidays) or (not weekday and day in workdays):
                    days.append(day)
                day += datetime.timedelta(days=1)
        self.days = days

    def _check(self, *dates):
        first, last = min(dates), max(dates)
        for year in range(first.year, last.year + 1):
            if year not in self.years:
                raise DateOutsideCalendar(year)

    def is_workday(self, day):
        self._check(day)
        index = bisect.bisect_left(self.days, day)
        return index < len(self.days) and self.days[index] == day

    def add_workdays(self, day, n):
        self._check(day)
        if n == 0:
            return day
        if n > 0:
            index = bisect.bisect_right(self.days, day) + n - 1
        else:
            index = bisect.bisect_left(self.days, day) + n
        if index < 0 or index >= len(self.days):
            edge = self.days[0] if index < 0 else self.days[-1]
            raise DateOutsideCalendar(edge.year + (-1 if index < 0 else 1))
        result = self.days[index]
        self._check(day, result)  # a gap of unknown years between them is an error too
        return result

    def workdays_between(self, start, end):
        self._check(start, end)
        sign = 1
        if end < start:
            start, end, sign = end, start, -1
        return sign * (bisect.bisect_right(self.days, end) - bisect.bisect_right(self.days, start))


_lock = threading.Lock()
_cached = {"calendar": None, "stamp": None, "checked": 0.0}


def _stamp():
    from django.db.models import Count, Max

    from yiwang.core.models import CalendarDay, CalendarYear

    years = CalendarYear.objects.aggregate(n=Count("id"), at=Max("updated_at"))
    days = CalendarDay.objects.aggregate(n=Count("id"), at=Max("updated_at"))
    return (years["n"], years["at"], days["n"], days["at"])


def _load():
    from yiwang.core.models import CalendarDay, CalendarYear

    years = list(CalendarYear.objects.filter(published=True).values_list("year", flat=True))
    holidays, workdays = [], []
    for date, kind in CalendarDay.objects.filter(calendar_year__published=True).values_list("date", "kind"):
        (holidays if kind == CalendarDay.HOLIDAY else workdays).append(date)
    return WorkCalendar(years, holidays, workdays)


def get_calendar():
    """The current calendar, rebuilt when the tables changed (checked at most every minute)."""
    now = time.monotonic()
    with _lock:
        if _cached["calendar"] is not None and now - _cached["checked"] < RELOAD_SECONDS:
            return _cached["calendar"]
        stamp = _stamp()
        if _cached["calendar"] is None or stamp != _cached["stamp"]:
            _cached["calendar"] = _load()
            _cached["stamp"] = stamp
        _cached["checked"] = now
        return _cached["calendar"]


def invalidate():
    """Forget the snapshot: called after every change to the calendar tables in this process."""
    with _lock:
        _cached["calendar"] = None


def is_workday(day):
    return get_calendar().is_workday(day)


def add_workdays(day, n):
    return get_calendar().add_workdays(day, n)


def workdays_between(start, end):
    return get_calendar().workdays_between(start, end)
