"""do_create_calendar_year: a year in range and not there yet, unpublished, with its event."""

from unittest import mock

import pytest

from yiwang.core import actions
from yiwang.core.actions import CalendarError, do_create_calendar_year
from yiwang.core.events import EventCode
from yiwang.core.models import CalendarYear, Event

NOTICE = "国办发明电〔2026〕1号"


@pytest.fixture(autouse=True)
def _english(english_messages):
    """The refusals are asserted by their English text."""


def counts():
    return CalendarYear.objects.count(), Event.objects.count()


def test_a_year_is_created_unpublished_with_one_event(sysadmin):
    year = do_create_calendar_year(2027, notice=f"  {NOTICE} ", actor=sysadmin)

    stored = CalendarYear.objects.get()
    assert (stored.pk, stored.year, stored.notice) == (year.pk, 2027, NOTICE)
    assert (stored.published, stored.source) == (False, CalendarYear.SOURCE_ADMIN)
    event = Event.objects.get(code=EventCode.CALENDAR_YEAR_CREATED)
    assert (event.actor, event.object_id) == (sysadmin, str(year.pk))
    assert event.payload == {"year": 2027, "notice": NOTICE}


@pytest.mark.parametrize("year", [2004, 2100])
def test_the_first_and_last_years_are_accepted(sysadmin, year):
    assert do_create_calendar_year(year, actor=sysadmin).year == year


@pytest.mark.parametrize("year", [2003, 2101, 0, 27, -2027, 20270, "2027", None])
def test_a_year_out_of_range_is_refused_and_nothing_stored(sysadmin, year):
    before = counts()

    with pytest.raises(CalendarError, match="Enter a year from 2004 to 2100."):
        do_create_calendar_year(year, actor=sysadmin)

    assert counts() == before


def test_a_year_already_there_is_refused_and_nothing_stored(calendar, sysadmin):
    before = counts()

    with pytest.raises(CalendarError, match="The year 2026 is already in the calendar."):
        do_create_calendar_year(2026, actor=sysadmin)

    assert counts() == before


def test_a_year_added_by_someone_else_at_the_same_moment_is_refused(sysadmin):
    do_create_calendar_year(2027, actor=sysadmin)
    before = counts()

    with mock.patch.object(actions, "check_calendar_year"):  # both passed the check before either wrote
        with pytest.raises(CalendarError, match="The year 2027 is already in the calendar."):
            do_create_calendar_year(2027, actor=sysadmin)

    assert counts() == before


def test_a_notice_longer_than_the_column_is_refused(sysadmin):
    before = counts()

    with pytest.raises(CalendarError, match="at most 200 characters"):
        do_create_calendar_year(2027, notice="号" * 201, actor=sysadmin)

    assert counts() == before
