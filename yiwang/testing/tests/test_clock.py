"""The suite's frozen clock: one instant for everything that reads the wall clock, moved only on purpose."""

import datetime
import time

import pytest
from django.utils import timezone

from yiwang.testing.clock import frozen_instant, parse_instant


def test_every_wall_clock_reads_the_frozen_instant_and_does_not_tick():
    first = timezone.now()
    time.sleep(0.01)
    assert timezone.now() == first == frozen_instant()
    assert time.time() == first.timestamp()
    assert datetime.datetime.now(datetime.UTC) == first


def test_today_is_the_local_date_of_the_frozen_instant():
    assert timezone.localdate() == frozen_instant().astimezone(timezone.get_default_timezone()).date()


def test_an_instant_without_an_offset_or_not_a_date_is_refused():
    with pytest.raises(pytest.UsageError):
        parse_instant("2028-02-29T23:30:00")
    with pytest.raises(pytest.UsageError):
        parse_instant("next monday")
    assert parse_instant("2028-02-29T23:30:00Z") == datetime.datetime(
        2028, 2, 29, 23, 30, tzinfo=datetime.UTC
    )


def test_travel_moves_the_clock_and_keeps_it_frozen(travel):
    later = frozen_instant() + datetime.timedelta(days=40, minutes=16)
    travel(later)
    assert timezone.now() == later
    travel("2030-01-02T08:00:00+08:00")
    assert timezone.localdate() == datetime.date(2030, 1, 2)
