"""Years without a published schedule are counted provisionally from the statutory rules: never refused."""

import datetime

import chinese_calendar
import pytest
from lunar_python import Solar

from yiwang.core.actions import do_publish_calendar_year, do_set_calendar_day, do_withdraw_calendar_year
from yiwang.core.models import CalendarDay, CalendarYear
from yiwang.core.workdays import (
    WorkCalendar,
    add_workdays,
    is_provisional,
    is_workday,
    provisional_holidays,
    workdays_between,
)

D = datetime.date


def test_an_empty_calendar_answers_every_date_provisionally(db):
    assert is_workday(D(2026, 3, 2)) is True
    assert is_workday(D(2026, 10, 1)) is False  # 国庆
    assert is_provisional(D(2026, 3, 2))


def test_provisional_2027_follows_the_2024_rules():
    holidays = provisional_holidays(2027)
    assert sorted(day for day, name in holidays.items() if name == "Spring Festival") == [
        D(2027, 2, 5),  # 除夕
        D(2027, 2, 6),  # 正月初一
        D(2027, 2, 7),
        D(2027, 2, 8),  # 初三
    ]
    assert D(2027, 4, 5) in holidays  # 清明 (the solar term)
    assert D(2027, 6, 9) in holidays  # 端午 五月初五
    assert D(2027, 9, 15) in holidays  # 中秋 八月十五
    assert {D(2027, 1, 1), D(2027, 5, 1), D(2027, 5, 2)} <= set(holidays)
    assert {D(2027, 10, 1), D(2027, 10, 2), D(2027, 10, 3)} <= set(holidays)
    assert len(holidays) == 13  # 1 + 4 + 1 + 2 + 1 + 1 + 3: no bridge days, no substitutes


def test_new_years_eve_is_the_29th_when_the_twelfth_month_is_short():
    eve = min(day for day, name in provisional_holidays(2025).items() if name == "Spring Festival")
    lunar = Solar.fromYmd(eve.year, eve.month, eve.day).getLunar()
    assert eve == D(2025, 1, 28) and (lunar.getMonth(), lunar.getDay()) == (12, 29)


@pytest.mark.parametrize("year", [2025, 2026])
def test_provisional_holidays_are_a_subset_of_the_published_ones(year):
    # Published years add bridge days and make-up days (调休); the statutory days are always among them.
    statutory_weekdays = {day for day in provisional_holidays(year) if day.weekday() < 5}
    published = {day for day in chinese_calendar.holidays if day.year == year}
    assert statutory_weekdays <= published


@pytest.mark.parametrize("year", [2025, 2026])
def test_a_provisional_year_has_no_fewer_working_days_than_the_published_one_gives_weekdays(year):
    provisional = WorkCalendar([], [], [])
    published = WorkCalendar([year], chinese_calendar.holidays, chinese_calendar.workdays)
    start, end = D(year - 1, 12, 31), D(year, 12, 31)
    provisional_days = provisional.workdays_between(start, end)
    # Published = provisional - bridge days + make-up Saturdays: never more off than the statute plus bridges.
    assert provisional_days >= published.workdays_between(start, end) - 10
    weekend_workdays = [d for d in chinese_calendar.workdays if d.year == year and d.weekday() >= 5]
    assert not any(provisional.is_workday(d) for d in weekend_workdays)  # no 调休 predicted


def test_a_year_outside_the_lunar_library_range_keeps_weekends_and_fixed_holidays():
    calendar = WorkCalendar([], [], [])
    assert set(provisional_holidays(2150)) == {
        D(2150, 1, 1),
        D(2150, 5, 1),
        D(2150, 5, 2),
        D(2150, 10, 1),
        D(2150, 10, 2),
        D(2150, 10, 3),
    }
    assert calendar.is_provisional(D(2150, 6, 1))
    assert calendar.add_workdays(D(2149, 12, 31), 1) == D(2150, 1, 2)  # Thursday 1-1 off


@pytest.mark.usefixtures("calendar")
class TestWithTheSeededYears:
    def test_a_2027_date_is_answered_provisionally(self):
        assert is_workday(D(2027, 1, 4)) is True
        assert is_workday(D(2027, 2, 8)) is False
        assert is_provisional(D(2027, 1, 4)) and not is_provisional(D(2026, 12, 31))
        assert add_workdays(D(2026, 12, 31), 1) == D(2027, 1, 4)
        assert workdays_between(D(2026, 12, 1), D(2027, 1, 5)) == 24

    def test_counting_back_before_the_seeded_years_is_provisional_too(self):
        assert add_workdays(D(2024, 1, 2), -1) == D(2023, 12, 29)  # Jan 1 2024 was a holiday
        assert is_provisional(D(2023, 12, 29))

    def test_a_2030_that_nobody_ever_published_counts(self):
        assert add_workdays(D(2030, 2, 1), 1) == D(2030, 2, 6)  # 除夕 2-2 Sat, 初一 Sun; 2-4, 2-5 off
        assert workdays_between(D(2026, 12, 31), D(2030, 12, 31)) > 4 * 240

    def test_a_published_2027_replaces_the_provisional_schedule(self):
        day = do_set_calendar_day(D(2027, 2, 9), CalendarDay.HOLIDAY, name="春节", actor=None)
        assert is_workday(D(2027, 2, 9)) is True  # entered, not yet published: still provisional

        do_publish_calendar_year(day.calendar_year, actor=None, notice="国办发明电〔2026〕1号")

        assert is_workday(D(2027, 2, 9)) is False
        assert is_workday(D(2027, 2, 8)) is True  # published years follow the notice, not the statute
        assert not is_provisional(D(2027, 6, 1))

    def test_a_withdrawn_year_is_provisional_again(self):
        day = do_set_calendar_day(D(2027, 2, 9), CalendarDay.HOLIDAY, actor=None)
        do_publish_calendar_year(day.calendar_year, actor=None)
        assert is_workday(D(2027, 2, 9)) is False

        do_withdraw_calendar_year(day.calendar_year, actor=None)

        assert is_workday(D(2027, 2, 9)) is True and is_provisional(D(2027, 2, 9))

    def test_a_gap_year_is_counted_provisionally_across(self):
        do_withdraw_calendar_year(CalendarYear.objects.get(year=2025), actor=None)

        assert is_provisional(D(2025, 6, 3))
        assert add_workdays(D(2024, 12, 31), 1) == D(2025, 1, 2)
        assert workdays_between(D(2024, 6, 3), D(2026, 6, 1)) > 400
