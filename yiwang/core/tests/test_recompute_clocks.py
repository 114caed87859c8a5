"""Publishing the official year moves the clocks counted on the provisional one, in one action."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import timezone

from yiwang.core.actions import (
    CalendarError,
    do_pause_clock,
    do_publish_calendar_schedule,
    do_resume_clock,
    do_start_clock,
    do_withdraw_calendar_year,
)
from yiwang.core.events import EventCode
from yiwang.core.models import CalendarDay, CalendarYear, Clock, Event

pytestmark = pytest.mark.django_db
D = datetime.date
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
# A made-up notice for 2027: 1-4 and 1-5 off as well, Saturday 1-9 worked (调休).
NOTICE_2027 = [
    (D(2027, 1, 1), CalendarDay.HOLIDAY, "元旦"),
    (D(2027, 1, 4), CalendarDay.HOLIDAY, "元旦"),
    (D(2027, 1, 5), CalendarDay.HOLIDAY, "元旦"),
    (D(2027, 1, 9), CalendarDay.WORKDAY, "元旦"),
]


def at(day, hour=10):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=SHANGHAI)


@pytest.fixture
def thing(calendar, li_wei):
    return li_wei


def start_20_days_on_20_december(thing):
    with time_machine.travel(at(D(2026, 12, 20)), tick=False):
        return do_start_clock(thing, kind="case.promised", unit=Clock.WORKDAYS, limit=20)


def test_a_clock_started_20_december_with_20_working_days_is_due_provisionally_in_2027(thing):
    clock = start_20_days_on_20_december(thing)

    # 9 working days left in December, 1-1 off (元旦), then 11 more: Monday 18 January.
    assert clock.due_date == D(2027, 1, 18)
    assert clock.provisional is True and clock.shows_provisional


def test_publishing_2027_with_a_make_up_saturday_moves_the_due_date(thing):
    clock = start_20_days_on_20_december(thing)

    with time_machine.travel(at(D(2026, 12, 22)), tick=False):
        do_publish_calendar_schedule(2027, NOTICE_2027, notice="国办发明电〔2026〕9号", actor=None)

    clock.refresh_from_db()
    # 1-4 and 1-5 off, Saturday 1-9 worked: the 11 January days are 6, 7, 8, 9, 11–15, 18, 19.
    assert clock.due_date == D(2027, 1, 19)
    assert clock.provisional is False and not clock.shows_provisional
    event = Event.objects.get(code=EventCode.CLOCK_RECOMPUTED, object_id=str(clock.pk))
    assert event.payload["previous_due_date"] == "2027-01-18"
    assert event.payload["due_date"] == "2027-01-19" and event.payload["moved"] is True
    assert CalendarYear.objects.get(year=2027).published


def test_pause_and_resume_across_the_year_end_then_publish(thing):
    clock = start_20_days_on_20_december(thing)
    do_pause_clock(clock, reason="补正", at=at(D(2026, 12, 28)))
    clock = do_resume_clock(clock, at=at(D(2027, 1, 6)))

    # Paused for the working days of (12-28, 1-6]: 29, 30, 31, 4, 5, 6 — six, all added.
    assert clock.due_date == D(2027, 1, 26) and clock.provisional is True

    do_publish_calendar_schedule(2027, NOTICE_2027, actor=None)

    clock.refresh_from_db()
    # The due date stays the 17th working day of 2027: under the notice that is 27 January.
    assert clock.due_date == D(2027, 1, 27) and clock.provisional is False


def test_a_paused_clock_is_recomputed_too(thing):
    clock = start_20_days_on_20_december(thing)
    do_pause_clock(clock, reason="补正", at=at(D(2026, 12, 23)))

    do_publish_calendar_schedule(2027, NOTICE_2027, actor=None)

    clock.refresh_from_db()
    assert clock.state == Clock.PAUSED and clock.due_date == D(2027, 1, 19)


def test_a_clock_whose_date_does_not_change_only_loses_the_mark(thing):
    clock = start_20_days_on_20_december(thing)

    do_publish_calendar_schedule(2027, [(D(2027, 1, 1), CalendarDay.HOLIDAY, "元旦")], actor=None)

    clock.refresh_from_db()
    assert clock.due_date == D(2027, 1, 18) and clock.provisional is False
    event = Event.objects.get(code=EventCode.CLOCK_RECOMPUTED)
    assert event.payload["moved"] is False


def test_clocks_within_published_years_and_stopped_clocks_are_left_alone(thing, wang_fang):
    inside = do_start_clock(thing, kind="a", unit=Clock.WORKDAYS, limit=3, start=at(D(2026, 12, 1)))
    stopped = do_start_clock(wang_fang, kind="a", unit=Clock.WORKDAYS, limit=20, start=at(D(2026, 12, 20)))
    Clock.objects.filter(pk=stopped.pk).update(state=Clock.STOPPED)
    hours = do_start_clock(wang_fang, kind="b", unit=Clock.HOURS, limit=24, start=at(D(2026, 12, 31)))
    before = {c.pk: (c.due_at, c.provisional) for c in Clock.objects.all()}

    do_publish_calendar_schedule(2027, NOTICE_2027, actor=None)

    assert {c.pk: (c.due_at, c.provisional) for c in Clock.objects.all()} == before
    assert not Event.objects.filter(code=EventCode.CLOCK_RECOMPUTED).exists()
    assert inside.provisional is False and hours.provisional is False


def test_withdrawing_the_year_makes_the_clock_provisional_again(thing):
    clock = start_20_days_on_20_december(thing)
    year = do_publish_calendar_schedule(2027, NOTICE_2027, actor=None)

    do_withdraw_calendar_year(year, actor=None)

    clock.refresh_from_db()
    assert clock.due_date == D(2027, 1, 18) and clock.provisional is True


def test_a_2030_nobody_published_keeps_clocks_running_provisionally(thing):
    with time_machine.travel(at(D(2030, 3, 1)), tick=False):
        clock = do_start_clock(thing, kind="x", unit=Clock.WORKDAYS, limit=30)
        assert clock.provisional is True
        assert clock.due_date.year == 2030
        assert clock.remaining_workdays() == 30
        assert clock.signal() == Clock.GREEN


@pytest.mark.parametrize(
    ("days", "message"),
    [
        ([(D(2028, 1, 1), CalendarDay.HOLIDAY, "")], "2028"),
        ([(D(2027, 1, 9), CalendarDay.HOLIDAY, "")], "weekend"),
        ([(D(2027, 1, 4), CalendarDay.WORKDAY, "")], "weekday"),
        ([(D(2027, 1, 4), CalendarDay.HOLIDAY, ""), (D(2027, 1, 4), CalendarDay.HOLIDAY, "")], "twice"),
    ],
)
def test_a_wrong_schedule_is_refused_and_changes_nothing(thing, english_messages, days, message):
    clock = start_20_days_on_20_december(thing)
    events = Event.objects.count()

    with pytest.raises(CalendarError, match=message):
        do_publish_calendar_schedule(2027, days, actor=None)

    assert not CalendarYear.objects.filter(year=2027).exists()
    assert Event.objects.count() == events
    clock.refresh_from_db()
    assert clock.provisional is True


def test_seed_calendar_publishes_a_year_from_a_notice_file(thing, tmp_path):
    clock = start_20_days_on_20_december(thing)
    notice = tmp_path / "2027.csv"
    notice.write_text(
        "# 国办发明电〔2026〕9号\n2027-01-01,holiday,元旦\n2027-01-04,holiday\n\n"
        "2027-01-05,holiday,元旦\n2027-01-09,workday,元旦\n",
        encoding="utf-8",
    )

    call_command("seed_calendar", str(notice), year=2027, notice="国办发明电〔2026〕9号")

    clock.refresh_from_db()
    assert clock.due_date == D(2027, 1, 19) and not clock.provisional
    assert CalendarYear.objects.get(year=2027).notice == "国办发明电〔2026〕9号"
    assert CalendarDay.objects.filter(date__year=2027).count() == 4


@pytest.mark.parametrize(
    "text",
    ["2027-13-01,holiday\n", "2027-01-04,off\n", "2027-01-04\n", "2027-01-04,holiday,a,b\n"],
)
def test_seed_calendar_names_the_bad_line_and_changes_nothing(calendar, tmp_path, text):
    notice = tmp_path / "2027.csv"
    notice.write_text("# notice\n" + text, encoding="utf-8")

    with pytest.raises(CommandError, match="2"):
        call_command("seed_calendar", str(notice), year=2027)

    assert not CalendarYear.objects.filter(year=2027).exists()


def test_the_due_time_is_the_end_of_the_local_day(thing):
    clock = start_20_days_on_20_december(thing)
    do_publish_calendar_schedule(2027, NOTICE_2027, actor=None)
    clock.refresh_from_db()
    assert timezone.localtime(clock.due_at).time() == datetime.time.max
