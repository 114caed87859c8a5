"""Dates of years with no published schedule have no answer: DateOutsideCalendar, never a guess."""

import datetime

import pytest

from yiwang.core.actions import do_publish_calendar_year, do_set_calendar_day, do_withdraw_calendar_year
from yiwang.core.models import CalendarDay, CalendarYear
from yiwang.core.workdays import DateOutsideCalendar, add_workdays, is_workday, workdays_between

D = datetime.date


def missing_year(call, *args):
    with pytest.raises(DateOutsideCalendar) as caught:
        call(*args)
    assert str(caught.value.year) in str(caught.value)
    return caught.value.year


def test_an_empty_calendar_knows_no_date(db):
    assert missing_year(is_workday, D(2026, 3, 2)) == 2026


@pytest.mark.usefixtures("calendar")
class TestWithTheSeededYears:
    def test_a_2027_date_is_refused_naming_2027(self):
        assert missing_year(is_workday, D(2027, 1, 4)) == 2027
        assert missing_year(add_workdays, D(2027, 1, 4), 1) == 2027
        assert missing_year(workdays_between, D(2026, 12, 1), D(2027, 1, 5)) == 2027

    def test_a_2023_date_is_refused_though_the_package_knows_2023(self):
        assert missing_year(is_workday, D(2023, 12, 29)) == 2023

    def test_counting_past_the_last_known_day_is_refused_naming_the_next_year(self):
        assert add_workdays(D(2026, 12, 30), 1) == D(2026, 12, 31)
        assert missing_year(add_workdays, D(2026, 12, 31), 1) == 2027
        assert missing_year(add_workdays, D(2026, 12, 1), 30) == 2027

    def test_counting_back_past_the_first_known_day_is_refused_naming_the_year_before(self):
        assert missing_year(add_workdays, D(2024, 1, 2), -1) == 2023  # Jan 1 2024 was a holiday

    def test_a_2027_year_entered_and_published_by_an_administrator_becomes_usable(self):
        day = do_set_calendar_day(D(2027, 1, 1), CalendarDay.HOLIDAY, name="元旦", actor=None)
        assert day.calendar_year.published is False
        assert missing_year(is_workday, D(2027, 1, 4)) == 2027  # entered, not yet published

        do_publish_calendar_year(day.calendar_year, actor=None, notice="国办发明电〔2026〕1号")

        assert is_workday(D(2027, 1, 1)) is False
        assert is_workday(D(2027, 1, 4)) is True
        assert add_workdays(D(2026, 12, 31), 1) == D(2027, 1, 4)
        assert workdays_between(D(2026, 12, 30), D(2027, 1, 5)) == 3

    def test_a_withdrawn_year_is_unknown_again(self):
        day = do_set_calendar_day(D(2027, 1, 1), CalendarDay.HOLIDAY, actor=None)
        do_publish_calendar_year(day.calendar_year, actor=None)
        assert is_workday(D(2027, 1, 4))

        do_withdraw_calendar_year(day.calendar_year, actor=None)

        assert missing_year(is_workday, D(2027, 1, 4)) == 2027
        assert missing_year(add_workdays, D(2026, 12, 31), 1) == 2027

    def test_a_gap_year_stops_counting_across_it(self):
        do_withdraw_calendar_year(CalendarYear.objects.get(year=2025), actor=None)

        assert missing_year(workdays_between, D(2024, 6, 3), D(2026, 6, 1)) == 2025
        assert missing_year(add_workdays, D(2024, 12, 31), 1) == 2025
        assert missing_year(add_workdays, D(2026, 1, 5), -3) == 2025
        assert missing_year(is_workday, D(2025, 6, 3)) == 2025
        assert is_workday(D(2024, 6, 3)) and is_workday(D(2026, 6, 1))
        assert add_workdays(D(2024, 12, 27), 1) == D(2024, 12, 30)
