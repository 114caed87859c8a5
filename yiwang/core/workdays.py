"""The working-day calendar (工作日): every time limit in government counts in working days.

A day is a working day if it is Monday to Friday and not a listed holiday, or a weekend day
listed as a make-up working day (调休上班). Years whose schedule is published in the
`CalendarYear` table follow it. Every other year gets a **provisional** schedule computed from the
statutory rules of 《全国年节及纪念日放假办法》 as revised in 2024 (effective 2025): 元旦 1-1, 春节
除夕 to 正月初三, 清明 (the solar term's day), 劳动节 5-1 and 5-2, 端午 五月初五, 中秋 八月十五, 国庆
10-1 to 10-3, plus weekends. A statutory holiday on a weekend gives no extra day off (the 办法 has no
substitution rule) and make-up days (调休) cannot be predicted, so provisional years have none.
Lunar dates and 清明 come from `lunar-python`; for years outside `LUNAR_YEARS` only the fixed-date
holidays and weekends count. So no date is ever without an answer, and no work is ever refused for
want of a schedule: what rests on a provisional year says so (`is_provisional`,
`Clock.provisional`), and publishing the official year recomputes running clocks
(`core.actions.do_recompute_clocks`).

`add_workdays(d, n)` is the n-th working day after d (before d for negative n; d itself for 0).
`workdays_between(a, b)` counts working days in (a, b], negative when b < a, so that
`workdays_between(d, add_workdays(d, n)) == n` — for n < 0 only when d is a working day (one
working day before a Saturday is the Friday, yet no working day lies in (Friday, Saturday]).
"""

import bisect
import datetime
import functools
import threading
import time

from django.utils.translation import gettext as _

RELOAD_SECONDS = 60  # how stale another process's edit of the calendar may be seen here
LUNAR_YEARS = range(1901, 2100)  # years whose lunar dates and solar terms lunar-python is checked for
ONE_DAY = datetime.timedelta(days=1)


class DateOutsideCalendar(ValueError):
    """A count that leaves the dates Python can represent (before year 1 or after 9999).

    No year is refused for want of a published schedule any more; only an absurd count ends here,
    and actions bound their limits far below it.
    """

    def __init__(self, year):
        self.year = year
        super().__init__(_("The working-day calendar cannot count into the year %(year)s.") % {"year": year})


def _lunar_day(year, month, day):
    from lunar_python import Lunar

    solar = Lunar.fromYmd(year, month, day).getSolar()
    return datetime.date(solar.getYear(), solar.getMonth(), solar.getDay())


def _qingming(year):
    from lunar_python import Solar

    term = Solar.fromYmd(year, 4, 1).getLunar().getJieQiTable()["清明"]
    return datetime.date(term.getYear(), term.getMonth(), term.getDay())


@functools.lru_cache(maxsize=512)
def provisional_holidays(year):
    """The statutory holidays of `year` ({date: name}), weekend ones included, as the 2024 rules give."""
    holidays = {datetime.date(year, 1, 1): "New Year's Day"}
    if year in LUNAR_YEARS:
        new_year = _lunar_day(year, 1, 1)  # 正月初一; 除夕 is the day before, the 29th or the 30th
        for offset in range(-1, 3):
            holidays[new_year + datetime.timedelta(days=offset)] = "Spring Festival"
        holidays[_qingming(year)] = "Tomb-sweeping Day"
        holidays[_lunar_day(year, 5, 5)] = "Dragon Boat Festival"
        holidays[_lunar_day(year, 8, 15)] = "Mid-autumn Festival"
    holidays[datetime.date(year, 5, 1)] = holidays[datetime.date(year, 5, 2)] = "Labour Day"
    for day in (1, 2, 3):
        holidays[datetime.date(year, 10, day)] = "National Day"
    return holidays


def _working_days(year, holidays, workdays):
    days = []
    day = datetime.date(year, 1, 1)
    while day.year == year:
        weekday = day.weekday() < 5
        if (weekday and day not in holidays) or (not weekday and day in workdays):
            days.append(day)
        if day == datetime.date.max:
            break
        day += ONE_DAY
    return tuple(days)


@functools.lru_cache(maxsize=512)
def _provisional_working_days(year):
    return _working_days(year, provisional_holidays(year), ())


class WorkCalendar:
    """An immutable snapshot of the calendar: the published years with their exceptions; any other
    year is provisional. Each year's sorted working days are built on first use, once."""

    def __init__(self, years, holidays, workdays):
        self.years = frozenset(years)
        self._holidays = {d for d in holidays if d.year in self.years}
        self._workdays = {d for d in workdays if d.year in self.years}
        self._by_year = {}

    def _year(self, year):
        if not datetime.MINYEAR <= year <= datetime.MAXYEAR:
            raise DateOutsideCalendar(year)
        if year not in self.years:
            return _provisional_working_days(year)
        days = self._by_year.get(year)
        if days is None:
            days = self._by_year[year] = _working_days(year, self._holidays, self._workdays)
        return days

    def working_days(self, year):
        """The sorted working days of `year` (published or provisional)."""
        return self._year(year)

    def is_provisional(self, day):
        """Does `day` lie in a year without a published schedule?"""
        return day.year not in self.years

    def is_provisional_between(self, start, end):
        """Does any year from `start` to `end` (either order) lack a published schedule?"""
        first, last = sorted((start.year, end.year))
        return any(year not in self.years for year in range(first, last + 1))

    def is_workday(self, day):
        days = self._year(day.year)
        index = bisect.bisect_left(days, day)
        return index < len(days) and days[index] == day

    def add_workdays(self, day, n):
        year = day.year
        days = self._year(year)
        if n == 0:
            return day
        if n > 0:
            index = bisect.bisect_right(days, day) + n - 1
            while index >= len(days):
                index -= len(days)
                year += 1
                days = self._year(year)
        else:
            index = bisect.bisect_left(days, day) + n
            while index < 0:
                year -= 1
                days = self._year(year)
                index += len(days)
        return days[index]

    def workdays_between(self, start, end):
        sign = 1
        if end < start:
            start, end, sign = end, start, -1
        if start.year == end.year:
            days = self._year(start.year)
            return sign * (bisect.bisect_right(days, end) - bisect.bisect_right(days, start))
        first = self._year(start.year)
        count = len(first) - bisect.bisect_right(first, start)
        for year in range(start.year + 1, end.year):
            count += len(self._year(year))
        count += bisect.bisect_right(self._year(end.year), end)
        return sign * count


_lock = threading.Lock()
_cached = {"calendar": None, "stamp": None, "checked": 0.0}


def _stamp():
    from django.db.models import Count, Max

    from yiwang.core.models import CalendarDay, CalendarYear

    years = CalendarYear.objects.aggregate(n=Count("id"), at=Max("updated_at"))
    days = CalendarDay.objects.aggregate(n=Count("id"), at=Max("updated_at"))
    return (years["n"], years["at"], days["n"], days["at"])


def load_calendar():
    """A fresh snapshot read from the tables now, bypassing the cache (for recomputing clocks)."""
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
            _cached["calendar"] = load_calendar()
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


def is_provisional(day):
    return get_calendar().is_provisional(day)


def is_provisional_between(start, end):
    return get_calendar().is_provisional_between(start, end)


WARN_FROM = (10, 1)  # from 1 October the next year's schedule is awaited


def next_year_unpublished(today):
    """{"year", "days_left"} when `today` is on or after 1 October and next year has no published
    schedule (days_left counts to 1 January); None otherwise."""
    if (today.month, today.day) < WARN_FROM:
        return None
    year = today.year + 1
    if not get_calendar().is_provisional(datetime.date(year, 1, 1)):
        return None
    return {"year": year, "days_left": (datetime.date(year, 1, 1) - today).days}


def unpublished_year_warning(today):
    """The warning administrators and leaders see from 1 October while next year is unpublished."""
    awaited = next_year_unpublished(today)
    if awaited is None:
        return None
    return _(
        "The holiday schedule for %(year)s is not published yet (days left until 1 January: %(days)s). "
        "Until it is, time limits reaching into %(year)s are counted on a provisional schedule "
        "(statutory holidays only, no make-up working days) and marked as provisional."
    ) % {"year": awaited["year"], "days": awaited["days_left"]}
