"""A frozen clock for the whole test suite (a pytest plugin, loaded from the root conftest.py).

The suite runs at one fixed instant, so it passes on any real date, at any hour and under any OS time
zone. The instant is a working Monday morning in Chongqing unless `YIWANG_TEST_NOW` names another one
(ISO 8601 with an offset, e.g. `2028-02-29T23:30:00Z`): CI runs the suite once more at 23:30 UTC, when
the UTC date is not the local date, to catch code that takes the date of a UTC datetime.

The clock is frozen from `pytest_configure` on, before the database and the session-scoped fixtures
are built, so data built once per session is built at the same instant as the tests that read it.

It does not tick. Every test sees exactly the same `timezone.now()` and `time.time()`, whatever the
machine's load, so nothing depends on how fast the suite runs: a ratelimit window, an idle time-out,
the second-factor freshness, a token's expiry or the gateway's signature window never runs out in the
middle of a test, and a test that means an amount of time to pass says so by travelling
(the `travel` fixture). Only the wall clock is frozen: `time.monotonic` and `time.perf_counter` still
run, so hypothesis deadlines, socket time-outs and the live server of the browser tests behave as usual,
and the browser keeps cookies by their Max-Age, counted on its own clock.
"""

import datetime
import os

import pytest
import time_machine

ENVIRONMENT_VARIABLE = "YIWANG_TEST_NOW"
DEFAULT_NOW = "2026-12-07T09:30:00+08:00"  # a working Monday morning in Asia/Shanghai

_frozen = []


def parse_instant(text):
    """The aware datetime an ISO 8601 text with an offset names; a naive one is refused, since it
    would be read in whatever time zone the machine happens to have."""
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        raise pytest.UsageError(f"{ENVIRONMENT_VARIABLE}={text!r} is not an ISO 8601 date and time") from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise pytest.UsageError(f"{ENVIRONMENT_VARIABLE}={text!r} needs an offset, e.g. +08:00 or Z")
    # A fixed offset rather than a named zone: time-machine would otherwise also set the process's TZ.
    return moment.astimezone(datetime.timezone(moment.utcoffset()))


def frozen_instant():
    """The instant the suite runs at."""
    return parse_instant(os.environ.get(ENVIRONMENT_VARIABLE) or DEFAULT_NOW)


def pytest_configure(config):
    traveller = time_machine.travel(frozen_instant(), tick=False)
    traveller.start()
    _frozen.append(traveller)


def pytest_unconfigure(config):
    while _frozen:
        _frozen.pop().stop()


def pytest_report_header(config):
    return f"clock: frozen at {frozen_instant().isoformat()} (set {ENVIRONMENT_VARIABLE} to move it)"


@pytest.fixture
def travel():
    """Move the frozen clock for the rest of the test: `travel("2027-01-04T09:00:00+08:00")` or
    `travel(timezone.now() + timedelta(minutes=16))`. The clock stays frozen at the new instant and
    comes back when the test ends."""
    travellers = []

    def move(moment):
        if isinstance(moment, str):
            moment = parse_instant(moment)
        elif moment.tzinfo is None:
            raise ValueError("travel needs an aware datetime")
        else:
            moment = moment.astimezone(datetime.UTC)  # not a named zone, which would also set TZ
        traveller = time_machine.travel(moment, tick=False)
        traveller.start()
        travellers.append(traveller)
        return moment

    yield move
    while travellers:
        travellers.pop().stop()


@pytest.fixture(autouse=True)
def _forget_what_only_time_told_apart():
    """Empty the process caches that tell a published version from an earlier one by its publication
    time. In production that time always moves on; here every publication happens at the frozen
    instant, and the test database hands out the same ids again after each test's rollback."""
    from yiwang.cases import actions

    actions._PUBLISHED_PARTS.clear()
    yield
