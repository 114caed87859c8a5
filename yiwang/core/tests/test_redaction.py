"""redact() and RedactingFilter: citizen ID and mobile numbers never reach a log in clear."""

import io
import logging

import pytest

from yiwang.core.pii import RedactingFilter, redact

ID_NUMBER = "11010519491231002X"
PHONE = "13812345678"


@pytest.mark.parametrize(
    "text, expected",
    [
        (f"id {ID_NUMBER} ok", "id 1101**********002X ok"),
        ("id 11010519491231002x.", "id 1101**********002x."),
        (f"身份证号{ID_NUMBER}，电话{PHONE}。", "身份证号1101**********002X，电话138****5678。"),
        (f"call {PHONE}", "call 138****5678"),
        (f"sms to +86{PHONE} sent", "sms to +86138****5678 sent"),
        (f"sms to 0086{PHONE} sent", "sms to 0086138****5678 sent"),
        (f"sms to +86 {PHONE} sent", "sms to +86 138****5678 sent"),
    ],
)
def test_redact_masks_identifiers(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "case 2026-02-14 took 20 working days",
        "order 12345678901234567890",  # 20 digits: neither an ID nor a phone number
        "credit code 91110000600037341L",
        "phone-like 23812345678 and 1381234567",
    ],
)
def test_redact_leaves_other_text_alone(text):
    assert redact(text) == text


@pytest.fixture
def log():
    """A real logger whose handler has the filter, writing to a string."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactingFilter())
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    logger = logging.getLogger("yiwang.tests.redaction")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    yield logger, stream
    logger.removeHandler(handler)
    logger.setLevel(logging.NOTSET)
    logger.propagate = True


def test_the_filter_removes_identifiers_from_message_arguments(log):
    logger, stream = log
    logger.warning("citizen %s phoned from %s", ID_NUMBER, PHONE)
    output = stream.getvalue()
    assert output == "WARNING citizen 1101**********002X phoned from 138****5678\n"


def test_the_filter_removes_identifiers_from_the_message_itself(log):
    logger, stream = log
    logger.error(f"lookup failed for {ID_NUMBER}")
    assert ID_NUMBER not in stream.getvalue() and "1101**********002X" in stream.getvalue()


def test_the_filter_removes_identifiers_from_a_logged_exception(log):
    logger, stream = log
    try:
        raise ValueError(f"no person with number {ID_NUMBER} or phone {PHONE}")
    except ValueError:
        logger.exception("registration failed")
    output = stream.getvalue()
    assert "ValueError" in output and "1101**********002X" in output
    assert ID_NUMBER not in output and PHONE not in output


def test_a_record_without_identifiers_is_left_as_it_was(log):
    logger, stream = log
    logger.info("calendar %s published by %s", 2027, "sysadmin")
    assert stream.getvalue() == "INFO calendar 2027 published by sysadmin\n"


def test_the_console_handler_of_the_settings_has_the_filter():
    handlers = logging.getLogger().handlers
    assert any(isinstance(f, RedactingFilter) for h in handlers for f in h.filters)
