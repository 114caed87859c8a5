"""The 2026 schedule as the State Council published it (国办发明电〔2025〕7号), read from the database."""

import datetime

import chinese_calendar
import pytest

from yiwang.core.workdays import add_workdays, is_workday, workdays_between

D = datetime.date
MAKE_UP_DAYS_2026 = [
    D(2026, 1, 4),
    D(2026, 2, 14),
    D(2026, 2, 28),
    D(2026, 5, 9),
    D(2026, 9, 20),
    D(2026, 10, 10),
]
SPRING_FESTIVAL_2026 = [D(2026, 2, 15) + datetime.timedelta(days=i) for i in range(9)]  # Feb 15–23
NATIONAL_DAY_2026 = [D(2026, 10, i) for i in range(1, 8)]  # Oct 1–7

pytestmark = pytest.mark.usefixtures("calendar")


def test_chinesecalendar_package_is_the_version_checked_here():
    # These facts were checked against chinesecalendar 1.11.0; a new version must be checked again.
    assert chinese_calendar.__version__ == "1.11.0"


@pytest.mark.parametrize("day", SPRING_FESTIVAL_2026, ids=str)
def test_spring_festival_2026_is_nine_days_off(day):
    assert not is_workday(day)


@pytest.mark.parametrize("day", MAKE_UP_DAYS_2026, ids=str)
def test_2026_make_up_days_are_working_days(day):
    assert day.weekday() >= 5
    assert is_workday(day)


@pytest.mark.parametrize("day", NATIONAL_DAY_2026, ids=str)
def test_national_day_2026_is_seven_days_off(day):
    assert not is_workday(day)


def test_the_days_around_the_long_holidays_are_working_days():
    assert is_workday(D(2026, 2, 13)) and is_workday(D(2026, 2, 24))
    assert is_workday(D(2026, 9, 30)) and is_workday(D(2026, 10, 8))


def test_2026_has_exactly_the_published_weekday_holidays_and_make_up_days():
    days = [D(2026, 1, 1) + datetime.timedelta(days=i) for i in range(365)]
    weekday_holidays = [d for d in days if d.weekday() < 5 and not is_workday(d)]
    weekend_workdays = [d for d in days if d.weekday() >= 5 and is_workday(d)]
    assert weekday_holidays == [
        D(2026, 1, 1),
        D(2026, 1, 2),  # New Year: Jan 1–3
        D(2026, 2, 16),
        D(2026, 2, 17),
        D(2026, 2, 18),
        D(2026, 2, 19),
        D(2026, 2, 20),
        D(2026, 2, 23),
        D(2026, 4, 6),  # Qingming: Apr 4–6
        D(2026, 5, 1),
        D(2026, 5, 4),
        D(2026, 5, 5),  # Labour Day: May 1–5
        D(2026, 6, 19),  # Dragon Boat: Jun 19–21
        D(2026, 9, 25),  # Mid-Autumn: Sep 25–27
        D(2026, 10, 1),
        D(2026, 10, 2),
        D(2026, 10, 5),
        D(2026, 10, 6),
        D(2026, 10, 7),
    ]
    assert weekend_workdays == MAKE_UP_DAYS_2026


@pytest.mark.parametrize(
    "start, n, expected",
    [
        (D(2026, 2, 13), 1, D(2026, 2, 14)),  # Friday → the make-up Saturday
        (D(2026, 2, 14), 1, D(2026, 2, 24)),  # over the whole Spring Festival
        (D(2026, 2, 12), 3, D(2026, 2, 24)),
        (D(2026, 2, 15), 1, D(2026, 2, 24)),  # from inside the holiday
        (D(2026, 2, 10), 20, D(2026, 3, 16)),  # a 20-working-day time limit over the festival
        (D(2026, 2, 24), -1, D(2026, 2, 14)),
        (D(2026, 9, 30), 1, D(2026, 10, 8)),  # over National Day
        (D(2026, 9, 30), 3, D(2026, 10, 10)),  # ... and onto its make-up Saturday
        (D(2026, 9, 30), 4, D(2026, 10, 12)),
        (D(2026, 9, 30), 15, D(2026, 10, 27)),
        (D(2026, 10, 9), -5, D(2026, 9, 24)),  # back over National Day and Mid-Autumn
        (D(2026, 10, 3), 0, D(2026, 10, 3)),  # zero days: the date itself, working or not
    ],
)
def test_add_workdays_across_the_long_holidays(start, n, expected):
    assert add_workdays(start, n) == expected


def test_workdays_between_counts_the_make_up_days_and_skips_the_holidays():
    assert workdays_between(D(2026, 2, 13), D(2026, 2, 24)) == 2  # Feb 14 and Feb 24
    assert workdays_between(D(2026, 9, 18), D(2026, 9, 30)) == 8  # Sep 20 in, Sep 25 out
    assert workdays_between(D(2026, 9, 30), D(2026, 10, 10)) == 3
    assert workdays_between(D(2026, 10, 10), D(2026, 9, 30)) == -3


def test_one_working_day_before_a_saturday_is_the_friday():
    # Counting back starts from the day before; the Saturday itself is not counted.
    assert add_workdays(D(2026, 3, 7), -1) == D(2026, 3, 6)
    assert workdays_between(D(2026, 3, 7), D(2026, 3, 6)) == 0
