"""Laws of working-day arithmetic, over the 2024–2026 calendar built from chinesecalendar and the
provisional years around it."""

import datetime

import chinese_calendar
from hypothesis import given, settings
from hypothesis import strategies as st

from yiwang.core.tests.chinese_calendar_oracle import CC_CALENDAR as cal
from yiwang.core.tests.chinese_calendar_oracle import inner_dates, known_dates, steps, walk_workdays
from yiwang.core.workdays import provisional_holidays

PROPERTY = settings(max_examples=150, deadline=None)
positive_steps = st.integers(min_value=1, max_value=20)  # sums stay within inner_dates reach


@PROPERTY
@given(inner_dates, steps)
def test_add_workdays_agrees_with_walking_day_by_day(day, n):
    assert cal.add_workdays(day, n) == (walk_workdays(day, n) if n else day)


@PROPERTY
@given(inner_dates, st.integers(min_value=0, max_value=40))
def test_counting_forward_then_between_gives_n_back(day, n):
    assert cal.workdays_between(day, cal.add_workdays(day, n)) == n


@PROPERTY
@given(inner_dates, st.integers(min_value=-40, max_value=-1))
def test_counting_back_from_a_working_day_then_between_gives_n_back(day, n):
    day = cal.add_workdays(day, 1)  # a working day
    assert cal.workdays_between(day, cal.add_workdays(day, n)) == n


@PROPERTY
@given(inner_dates, st.integers(min_value=-40, max_value=-1))
def test_counting_back_from_a_day_off_does_not_count_the_day_off(day, n):
    result = cal.add_workdays(day, n)
    expected = n if cal.is_workday(day) else n + 1
    assert cal.workdays_between(day, result) == expected


@PROPERTY
@given(inner_dates, steps.filter(bool))
def test_the_result_is_a_working_day_on_the_right_side(day, n):
    result = cal.add_workdays(day, n)
    assert cal.is_workday(result)
    assert (result > day) if n > 0 else (result < day)


@PROPERTY
@given(known_dates)
def test_zero_working_days_is_the_date_itself(day):
    assert cal.add_workdays(day, 0) == day
    assert cal.workdays_between(day, day) == 0


@PROPERTY
@given(inner_dates, steps, steps)
def test_more_working_days_give_a_later_date(day, m, n):
    if m < n:
        assert cal.add_workdays(day, m) < cal.add_workdays(day, n)


@PROPERTY
@given(inner_dates, inner_dates, steps)
def test_a_later_start_never_gives_an_earlier_result(a, b, n):
    a, b = min(a, b), max(a, b)
    assert cal.add_workdays(a, n) <= cal.add_workdays(b, n)


@PROPERTY
@given(inner_dates, positive_steps, positive_steps)
def test_adding_in_two_steps_is_adding_the_sum(day, m, n):
    assert cal.add_workdays(cal.add_workdays(day, m), n) == cal.add_workdays(day, m + n)


@PROPERTY
@given(known_dates, known_dates)
def test_workdays_between_changes_sign_when_the_dates_swap(a, b):
    assert cal.workdays_between(a, b) == -cal.workdays_between(b, a)


@PROPERTY
@given(known_dates, known_dates, known_dates)
def test_workdays_between_adds_up_over_an_intermediate_date(a, b, c):
    assert cal.workdays_between(a, b) + cal.workdays_between(b, c) == cal.workdays_between(a, c)


def _walk_with_provisional_years(day, n):
    """Day by day: chinesecalendar inside its years, the statutory rules outside them."""
    step = datetime.timedelta(days=1 if n > 0 else -1)
    remaining = abs(n)
    while remaining:
        day += step
        if 2024 <= day.year <= 2026:
            working = chinese_calendar.is_workday(day)
        else:
            working = day.weekday() < 5 and day not in provisional_holidays(day.year)
        remaining -= working
    return day


@PROPERTY
@given(known_dates, st.integers(min_value=-400, max_value=400))
def test_walking_past_the_known_years_counts_on_provisional_years(day, n):
    assert cal.add_workdays(day, n) == (_walk_with_provisional_years(day, n) if n else day)


provisional_dates = st.dates(min_value=datetime.date(2026, 6, 1), max_value=datetime.date(2040, 12, 31))


@PROPERTY
@given(provisional_dates, st.integers(min_value=-800, max_value=800))
def test_add_then_count_gives_back_n_over_provisional_years(day, n):
    day = day if cal.is_workday(day) else cal.add_workdays(day, 1)
    assert cal.workdays_between(day, cal.add_workdays(day, n)) == n


@PROPERTY
@given(provisional_dates, provisional_dates, provisional_dates)
def test_counts_add_up_over_provisional_years(a, b, c):
    assert cal.workdays_between(a, b) + cal.workdays_between(b, c) == cal.workdays_between(a, c)
    assert cal.workdays_between(a, b) == -cal.workdays_between(b, a)


@PROPERTY
@given(provisional_dates, st.integers(min_value=1, max_value=400))
def test_the_result_is_a_working_day_after_the_start(day, n):
    result = cal.add_workdays(day, n)
    assert result > day and cal.is_workday(result)
    assert cal.is_provisional(result) == (result.year > 2026)
