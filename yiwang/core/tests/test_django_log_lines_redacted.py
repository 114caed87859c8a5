"""Django's own log lines (requests, the dev server) go out once, through our redacting handler."""

import logging

import pytest

from yiwang.core.pii import RedactingFilter

ID_NUMBER = "11010519491231002X"


def handlers_reached(name):
    """The handlers a record of logger `name` passes, following propagation as logging does.

    pytest's own capturing handlers are left out: they are not there when Yiwang runs.
    """
    logger, found = logging.getLogger(name), []
    while logger is not None:
        found.extend(h for h in logger.handlers if not type(h).__module__.startswith("_pytest"))
        if not logger.propagate:
            break
        logger = logger.parent
    return found


def printed(name):
    """What each handler would print for a warning quoting a citizen ID number."""
    lines = []
    for handler in handlers_reached(name):
        record = logging.LogRecord(
            name, logging.WARNING, __file__, 1, "Not Found: %s", (f"/search?id={ID_NUMBER}",), None
        )
        if record.levelno >= handler.level and handler.filter(record):
            lines.append(handler.format(record))
    return lines


@pytest.mark.parametrize("name", ["django.request", "django.server", "django.security.csrf", "django"])
def test_every_handler_on_the_way_redacts(name):
    handlers = handlers_reached(name)

    assert handlers
    assert all(any(isinstance(f, RedactingFilter) for f in handler.filters) for handler in handlers), handlers


@pytest.mark.parametrize("debug", [True, False], ids=["debug", "production"])
@pytest.mark.parametrize("name", ["django.request", "django.server"])
def test_a_django_line_is_printed_once_and_redacted(settings, name, debug):
    settings.DEBUG = debug  # Django's own console handler printed only in DEBUG

    lines = printed(name)

    assert len(lines) == 1, lines
    assert ID_NUMBER not in lines[0]
    assert "1101**********002X" in lines[0]


def test_sql_queries_stay_out_of_the_log_even_at_debug_level():
    assert logging.getLogger("django.db.backends").getEffectiveLevel() == logging.INFO
