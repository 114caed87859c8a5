"""do_set_calendar_day: one exception to the Monday-to-Friday week; typing errors change nothing."""

import datetime

import pytest

from yiwang.core.actions import CalendarError, do_set_calendar_day
from yiwang.core.events import EventCode
from yiwang.core.models import CalendarDay, CalendarYear, Event

D = datetime.date


def table_counts():
    return CalendarYear.objects.count(), CalendarDay.objects.count(), Event.objects.count()


@pytest.mark.parametrize(
    "date, kind",
    [
        (D(2027, 1, 2), CalendarDay.HOLIDAY),  # a Saturday
        (D(2027, 1, 3), CalendarDay.HOLIDAY),  # a Sunday
        (D(2027, 1, 4), CalendarDay.WORKDAY),  # a Monday
        (D(2027, 1, 4), "bridge"),
        ("2027-01-04", CalendarDay.HOLIDAY),
    ],
)
def test_a_meaningless_day_is_refused_and_changes_nothing(db, date, kind):
    before = table_counts()
    with pytest.raises(CalendarError):
        do_set_calendar_day(date, kind, actor=None)
    assert table_counts() == before


@pytest.mark.usefixtures("calendar")
def test_refusal_in_a_known_year_leaves_the_day_as_it_was():
    before = table_counts()
    with pytest.raises(CalendarError):
        do_set_calendar_day(D(2026, 2, 14), CalendarDay.HOLIDAY, actor=None)  # the make-up Saturday
    assert table_counts() == before
    assert CalendarDay.objects.get(date=D(2026, 2, 14)).kind == CalendarDay.WORKDAY


def test_a_day_in_a_new_year_creates_the_year_unpublished_and_records_an_event(sysadmin):
    day = do_set_calendar_day(D(2027, 2, 8), CalendarDay.HOLIDAY, name="春节", actor=sysadmin)

    assert (day.date, day.kind, day.name) == (D(2027, 2, 8), CalendarDay.HOLIDAY, "春节")
    assert day.calendar_year.year == 2027
    assert day.calendar_year.published is False
    event = Event.objects.get(code=EventCode.CALENDAR_DAY_SET)
    assert event.actor == sysadmin
    assert (event.object_type, event.object_id) == ("core.calendarday", str(day.pk))
    assert event.payload == {"date": "2027-02-08", "kind": "holiday", "name": "春节"}


def test_setting_a_date_again_updates_the_one_row(db):
    first = do_set_calendar_day(D(2027, 2, 6), CalendarDay.WORKDAY, name="", actor=None)
    second = do_set_calendar_day(D(2027, 2, 6), CalendarDay.WORKDAY, name="春节调休", actor=None)

    assert second.pk == first.pk
    assert list(CalendarDay.objects.values_list("date", "name")) == [(D(2027, 2, 6), "春节调休")]
    assert Event.objects.filter(code=EventCode.CALENDAR_DAY_SET).count() == 2
