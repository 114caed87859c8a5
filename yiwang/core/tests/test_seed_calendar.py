"""do_seed_calendar: loads chinesecalendar's years once; running it again changes nothing."""

import datetime

import chinese_calendar
from django.core.management import call_command

from yiwang.core.actions import do_remove_calendar_day, do_seed_calendar
from yiwang.core.events import EventCode
from yiwang.core.models import CalendarDay, CalendarYear, Event


def table_counts():
    return CalendarYear.objects.count(), CalendarDay.objects.count(), Event.objects.count()


def test_seeding_stores_only_the_exceptions_to_the_ordinary_week(db):
    assert do_seed_calendar(years=[2026]) == [2026]

    year = CalendarYear.objects.get()
    assert (year.year, year.published, year.source) == (2026, True, CalendarYear.SOURCE_CHINESECALENDAR)
    assert year.notice == f"chinesecalendar {chinese_calendar.__version__}"
    days = CalendarDay.objects.filter(calendar_year=year)
    assert days.filter(kind=CalendarDay.HOLIDAY).count() == 19
    assert days.filter(kind=CalendarDay.WORKDAY).count() == 6
    assert all((d.kind == CalendarDay.HOLIDAY) == (d.date.weekday() < 5) for d in days)
    assert days.get(date=datetime.date(2026, 2, 16)).name == "Spring Festival"
    event = Event.objects.get()
    assert (event.code, event.payload) == (EventCode.CALENDAR_SEEDED, {"years": [2026]})


def test_seeding_twice_adds_nothing_the_second_time(db):
    do_seed_calendar(years=[2024, 2025, 2026])
    before = table_counts()

    assert do_seed_calendar(years=[2024, 2025, 2026]) == []

    assert table_counts() == before


def test_seeding_again_keeps_an_administrators_correction(calendar):
    do_remove_calendar_day(CalendarDay.objects.get(date=datetime.date(2026, 10, 7)), actor=None)
    before = table_counts()

    added = do_seed_calendar()

    assert 2026 not in added and 2004 in added
    assert not CalendarDay.objects.filter(date=datetime.date(2026, 10, 7)).exists()
    assert CalendarDay.objects.filter(calendar_year__year=2026).count() == 24
    assert table_counts()[0] == before[0] + len(added)


def test_the_management_command_can_run_twice(db, capsys):
    call_command("seed_calendar")
    first = table_counts()
    call_command("seed_calendar")
    assert table_counts() == first
    assert capsys.readouterr().out.splitlines()[-1] == "Added years: none"
