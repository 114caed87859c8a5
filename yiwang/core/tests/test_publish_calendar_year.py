"""do_publish_calendar_year and do_withdraw_calendar_year: each records its event."""

import datetime

from yiwang.core.actions import do_publish_calendar_year, do_set_calendar_day, do_withdraw_calendar_year
from yiwang.core.events import EventCode
from yiwang.core.models import CalendarDay, CalendarYear, Event


def test_publishing_records_the_notice_and_an_event(sysadmin):
    year = do_set_calendar_day(datetime.date(2027, 1, 1), CalendarDay.HOLIDAY, actor=sysadmin).calendar_year

    do_publish_calendar_year(year, actor=sysadmin, notice="国办发明电〔2026〕1号")

    year = CalendarYear.objects.get(year=2027)
    assert year.published and year.notice == "国办发明电〔2026〕1号"
    event = Event.objects.get(code=EventCode.CALENDAR_YEAR_PUBLISHED)
    assert event.actor == sysadmin
    assert event.payload == {"year": 2027, "notice": "国办发明电〔2026〕1号"}


def test_withdrawing_records_an_event(calendar, sysadmin):
    year = CalendarYear.objects.get(year=2025)

    do_withdraw_calendar_year(year, actor=sysadmin)

    assert CalendarYear.objects.get(year=2025).published is False
    event = Event.objects.get(code=EventCode.CALENDAR_YEAR_WITHDRAWN)
    assert (event.actor, event.payload, event.object_id) == (sysadmin, {"year": 2025}, str(year.pk))
