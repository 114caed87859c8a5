"""do_change_calendar_year_notice: the notice changes with an event holding old and new text."""

import pytest

from yiwang.core.actions import CalendarError, do_change_calendar_year_notice
from yiwang.core.events import EventCode
from yiwang.core.models import CalendarYear, Event

NOTICE = "国办发明电〔2025〕7号"


def test_the_notice_is_changed_with_one_event(calendar, sysadmin):
    year = CalendarYear.objects.get(year=2026)
    previous = year.notice
    events = Event.objects.count()

    do_change_calendar_year_notice(year, f" {NOTICE} ", actor=sysadmin)

    assert CalendarYear.objects.get(year=2026).notice == NOTICE
    assert Event.objects.count() == events + 1
    event = Event.objects.get(code=EventCode.CALENDAR_YEAR_CHANGED)
    assert (event.actor, event.object_id) == (sysadmin, str(year.pk))
    assert event.payload == {"year": 2026, "notice": NOTICE, "previous": previous}


def test_saving_the_same_notice_records_nothing(calendar, sysadmin):
    year = CalendarYear.objects.get(year=2026)
    events = Event.objects.count()

    do_change_calendar_year_notice(year, year.notice, actor=sysadmin)

    assert Event.objects.count() == events


def test_a_notice_longer_than_the_column_is_refused(calendar, sysadmin):
    year = CalendarYear.objects.get(year=2026)
    previous, events = year.notice, Event.objects.count()

    with pytest.raises(CalendarError):
        do_change_calendar_year_notice(year, "号" * 201, actor=sysadmin)

    assert CalendarYear.objects.get(year=2026).notice == previous
    assert Event.objects.count() == events
