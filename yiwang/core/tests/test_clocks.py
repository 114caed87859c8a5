"""Time limits (时限): due dates in working days across holidays, pauses, extensions, signals."""

import datetime

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from yiwang.core import workdays
from yiwang.core.actions import (
    ClockError,
    do_extend_clock,
    do_pause_clock,
    do_resume_clock,
    do_start_clock,
    do_stop_clock,
)
from yiwang.core.events import EventCode
from yiwang.core.models import Clock, Event

pytestmark = pytest.mark.django_db


def at(day, hour=10):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


D = datetime.date


@pytest.fixture
def thing(calendar, li_wei):
    """Any object can carry a clock; a user will do."""
    return li_wei


def test_workday_limit_ends_with_the_last_working_day_across_spring_festival(thing):
    # Accepted on Friday 2026-02-13; the 2026 Spring Festival holiday is 15–23 Feb, with Saturdays
    # 14 and 28 Feb worked. Three working days later: 14 Feb (Sat, worked), 24 Feb, 25 Feb.
    clock = do_start_clock(
        thing, kind="case.promised", unit=Clock.WORKDAYS, limit=3, start=at(D(2026, 2, 13))
    )

    assert clock.due_date == D(2026, 2, 25)
    assert timezone.localtime(clock.due_at).time() == datetime.time.max
    assert clock.remaining_workdays(D(2026, 2, 13)) == 3
    assert Event.objects.filter(code=EventCode.CLOCK_STARTED, object_id=str(clock.pk)).count() == 1


def test_zero_working_days_is_due_the_same_day(thing):
    clock = do_start_clock(
        thing, kind="case.immediate", unit=Clock.WORKDAYS, limit=0, start=at(D(2026, 3, 2))
    )

    assert clock.due_date == D(2026, 3, 2)


def test_pause_moves_the_due_day_by_the_working_days_it_lasted(thing):
    clock = do_start_clock(
        thing, kind="case.promised", unit=Clock.WORKDAYS, limit=10, start=at(D(2026, 3, 2))
    )
    assert clock.due_date == D(2026, 3, 16)

    do_pause_clock(clock, reason="补正", at=at(D(2026, 3, 3)))
    do_resume_clock(clock, at=at(D(2026, 3, 6)))  # Tue → Fri: 4, 5 and 6 March are 3 working days

    assert clock.due_date == D(2026, 3, 19)
    assert clock.state == Clock.RUNNING and clock.paused_at is None


def test_pause_over_mid_autumn_and_national_day_costs_only_their_working_days(thing):
    clock = do_start_clock(
        thing, kind="case.promised", unit=Clock.WORKDAYS, limit=5, start=at(D(2026, 9, 21))
    )
    due_before = clock.due_date

    # Paused Thu 24 Sep, resumed Sat 10 Oct: 25 Sep (Mid-Autumn) and 1–7 Oct are holidays, so the
    # pause costs 28, 29, 30 Sep, 8 and 9 Oct and Saturday 10 Oct (a make-up working day): 6.
    do_pause_clock(clock, reason="补正", at=at(D(2026, 9, 24)))
    do_resume_clock(clock, at=at(D(2026, 10, 10)))

    assert clock.due_date == workdays.add_workdays(due_before, 6)


def test_pause_over_a_holiday_costs_only_its_working_days(thing):
    clock = do_start_clock(
        thing, kind="case.promised", unit=Clock.WORKDAYS, limit=5, start=at(D(2026, 9, 28))
    )
    due_before = clock.due_date

    do_pause_clock(clock, reason="补正", at=at(D(2026, 9, 30)))
    clock = do_resume_clock(clock, at=at(D(2026, 10, 8)))  # 1–7 Oct are holidays: only 8 Oct counts

    assert clock.due_date == workdays.add_workdays(due_before, 1)


def test_hour_limit_with_pause(thing):
    start = timezone.now()
    clock = do_start_clock(thing, kind="ticket.dispatch", unit=Clock.HOURS, limit=2, start=start)
    assert clock.due_at == start + datetime.timedelta(hours=2)
    assert clock.warn_at == start + datetime.timedelta(hours=1.6)

    do_pause_clock(clock, reason="", at=start + datetime.timedelta(minutes=30))
    clock = do_resume_clock(clock, at=start + datetime.timedelta(minutes=75))

    assert clock.due_at == start + datetime.timedelta(hours=2, minutes=45)


def test_signals_green_yellow_red(thing):
    start = at(D(2026, 3, 2))  # Monday; 10 working days: warning from the 8th (11 Mar), due 16 Mar
    clock = do_start_clock(thing, kind="case.promised", unit=Clock.WORKDAYS, limit=10, start=start)

    assert clock.signal(at(D(2026, 3, 10))) == Clock.GREEN
    assert clock.signal(at(D(2026, 3, 12))) == Clock.YELLOW
    assert clock.signal(at(D(2026, 3, 16), 23)) == Clock.YELLOW
    assert clock.signal(at(D(2026, 3, 17))) == Clock.RED
    assert list(Clock.objects.warning(at(D(2026, 3, 12)))) == [clock]
    assert list(Clock.objects.overdue(at(D(2026, 3, 17)))) == [clock]
    assert not Clock.objects.overdue(at(D(2026, 3, 16), 23)).exists()


def test_stop_records_whether_it_was_met(thing):
    start = at(D(2026, 3, 2))
    early = do_start_clock(thing, kind="a", unit=Clock.WORKDAYS, limit=1, start=start)
    late = do_start_clock(thing, kind="b", unit=Clock.WORKDAYS, limit=1, start=start)

    assert do_stop_clock(early, at=at(D(2026, 3, 3), 18)).met is True
    assert do_stop_clock(late, at=at(D(2026, 3, 4), 9)).met is False
    assert early.signal() is None


def test_extension_moves_the_due_day(thing):
    clock = do_start_clock(thing, kind="case.promised", unit=Clock.WORKDAYS, limit=5, start=at(D(2026, 3, 2)))

    clock = do_extend_clock(clock, by=10, reason="经批准延期")

    assert clock.limit == 15 and clock.due_date == workdays.add_workdays(D(2026, 3, 2), 15)


@pytest.mark.parametrize(
    "change",
    [
        "pause_twice",
        "resume_running",
        "stop_twice",
        "extend_stopped",
        "second_clock",
        "bad_limit",
        "bad_unit",
        "resume_before_pause",
    ],
)
def test_refusals_change_nothing(thing, change):
    clock = do_start_clock(thing, kind="case.promised", unit=Clock.WORKDAYS, limit=5, start=at(D(2026, 3, 2)))
    if change == "pause_twice":
        do_pause_clock(clock, reason="")
    if change in ("stop_twice", "extend_stopped"):
        do_stop_clock(clock)
    if change == "resume_before_pause":
        do_pause_clock(clock, reason="", at=at(D(2026, 3, 4)))
    before = (list(Clock.objects.values()), Event.objects.count())

    with pytest.raises(ClockError) as refused:
        {
            "pause_twice": lambda: do_pause_clock(clock, reason=""),
            "resume_running": lambda: do_resume_clock(clock),
            "stop_twice": lambda: do_stop_clock(clock),
            "extend_stopped": lambda: do_extend_clock(clock, by=1, reason=""),
            "second_clock": lambda: do_start_clock(thing, kind="case.promised", unit=Clock.WORKDAYS, limit=1),
            "bad_limit": lambda: do_start_clock(thing, kind="x", unit=Clock.WORKDAYS, limit=-1),
            "bad_unit": lambda: do_start_clock(thing, kind="x", unit="fortnights", limit=1),
            "resume_before_pause": lambda: do_resume_clock(clock, at=at(D(2026, 3, 3))),
        }[change]()

    assert str(refused.value)
    assert (list(Clock.objects.values()), Event.objects.count()) == before


def test_a_limit_reaching_an_unpublished_year_starts_with_a_provisional_due_date(thing):
    clock = do_start_clock(thing, kind="x", unit=Clock.WORKDAYS, limit=300, start=at(D(2026, 3, 2)))

    assert clock.due_date.year == 2027 and clock.provisional is True
    assert Event.objects.filter(code=EventCode.CLOCK_STARTED).get().payload["provisional"] is True


def test_a_limit_within_published_years_is_not_provisional(thing):
    clock = do_start_clock(thing, kind="x", unit=Clock.WORKDAYS, limit=5, start=at(D(2026, 3, 2)))

    assert clock.provisional is False


@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    start=st.dates(D(2024, 1, 1), D(2026, 6, 30)),
    limit=st.integers(0, 60),
    pause=st.integers(0, 20),
    length=st.integers(0, 20),
)
def test_pause_never_shortens_and_adds_exactly_its_working_days(
    calendar, li_wei, start, limit, pause, length
):
    Clock.objects.all().delete()
    clock = do_start_clock(li_wei, kind="p", unit=Clock.WORKDAYS, limit=limit, start=at(start))
    paused = start + datetime.timedelta(days=pause)
    resumed = paused + datetime.timedelta(days=length)
    due_before = clock.due_date

    do_pause_clock(clock, reason="", at=at(paused))
    clock = do_resume_clock(clock, at=at(resumed))

    assert clock.due_date >= due_before
    assert workdays.workdays_between(due_before, clock.due_date) == workdays.workdays_between(paused, resumed)
