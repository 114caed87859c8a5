"""Each process keeps a snapshot of the calendar and notices another process's edit within a minute."""

import datetime

import pytest

from yiwang.core import workdays
from yiwang.core.actions import do_set_calendar_day
from yiwang.core.models import CalendarDay

D = datetime.date
NATIONAL_DAY_MONDAY = D(2026, 10, 5)


@pytest.fixture
def clock(monkeypatch):
    """A controllable time.monotonic for the snapshot's staleness check."""
    now = [1000.0]
    monkeypatch.setattr(workdays.time, "monotonic", lambda: now[0])
    return now


@pytest.fixture
def edit_in_another_process(monkeypatch):
    """Run an action without this process hearing of it, as when another worker makes the change."""

    def edit(action, *args, **kwargs):
        with monkeypatch.context() as patched:
            patched.setattr(workdays, "invalidate", lambda: None)
            return action(*args, **kwargs)

    return edit


@pytest.mark.usefixtures("calendar")
def test_an_edit_in_this_process_is_seen_at_once(clock):
    assert workdays.is_workday(D(2026, 3, 2))
    do_set_calendar_day(D(2026, 3, 2), CalendarDay.HOLIDAY, actor=None)
    assert not workdays.is_workday(D(2026, 3, 2))


@pytest.mark.usefixtures("calendar")
def test_an_edit_in_another_process_is_seen_after_the_reload_interval(clock, edit_in_another_process):
    assert workdays.is_workday(D(2026, 3, 2))
    edit_in_another_process(do_set_calendar_day, D(2026, 3, 2), CalendarDay.HOLIDAY, actor=None)

    clock[0] += workdays.RELOAD_SECONDS - 1
    assert workdays.is_workday(D(2026, 3, 2))  # the snapshot may be this stale, no more

    clock[0] += 2
    assert not workdays.is_workday(D(2026, 3, 2))


@pytest.mark.usefixtures("calendar")
def test_an_unchanged_table_keeps_the_same_snapshot(clock):
    first = workdays.get_calendar()
    clock[0] += workdays.RELOAD_SECONDS + 1
    assert workdays.get_calendar() is first
