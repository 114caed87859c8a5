"""do_remove_calendar_day: the date becomes an ordinary weekday or weekend day again."""

import datetime

import pytest

from yiwang.core.actions import do_remove_calendar_day
from yiwang.core.events import EventCode
from yiwang.core.models import CalendarDay, Event
from yiwang.core.workdays import is_workday

D = datetime.date
pytestmark = pytest.mark.usefixtures("calendar")


def test_removing_a_holiday_makes_the_weekday_a_working_day_and_records_an_event():
    day = CalendarDay.objects.get(date=D(2026, 10, 5))
    pk = day.pk
    assert not is_workday(D(2026, 10, 5))

    do_remove_calendar_day(day, actor=None)

    assert not CalendarDay.objects.filter(date=D(2026, 10, 5)).exists()
    assert is_workday(D(2026, 10, 5))
    event = Event.objects.get(code=EventCode.CALENDAR_DAY_REMOVED)
    assert event.payload == {"date": "2026-10-05", "kind": "holiday"}
    assert event.object_id == str(pk)


def test_removing_a_make_up_day_makes_the_saturday_a_day_off():
    do_remove_calendar_day(CalendarDay.objects.get(date=D(2026, 10, 10)), actor=None)
    assert not is_workday(D(2026, 10, 10))
