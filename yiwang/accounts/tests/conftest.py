"""Fixtures of the accounts tests: registration data, TOTP codes, row counts, an English client."""

import time

import pyotp
import pytest

from yiwang.core.identifiers import make_citizen_id

NEW_ID = make_citizen_id("11010519491231002")  # 11010519491231002X: ends in X
NEW_PHONE = "13900000011"
NEW_PASSWORD = "Fresh-start-77"


@pytest.fixture(autouse=True)
def _database(db):
    """Every accounts test works on the database."""


@pytest.fixture
def registration():
    """A valid registration form, to be spoiled one field at a time."""

    def make(**changes):
        data = {
            "real_name": "赵敏",
            "id_number": NEW_ID,
            "phone": NEW_PHONE,
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "agree": "on",
            "idempotency_key": "reg-key-0001",
        }
        data.update(changes)
        return {k: v for k, v in data.items() if v is not None}

    return make


@pytest.fixture
def row_counts(db):
    """How many accounts, persons and events exist: a refusal must leave all three unchanged."""
    from yiwang.accounts.models import Person, User
    from yiwang.core.models import Event

    return lambda: (User.objects.count(), Person.objects.count(), Event.objects.count())


def _current_code(user):
    user.refresh_from_db()
    return pyotp.TOTP(user.totp_secret).now()


def _wrong_code(user):
    user.refresh_from_db()
    totp = pyotp.TOTP(user.totp_secret)
    now = time.time()
    valid = {totp.at(now + drift * 30) for drift in (-2, -1, 0, 1, 2)}
    candidates = ("000000", "111111", "222222", "333333", "444444", "555555")
    return next(code for code in candidates if code not in valid)


@pytest.fixture
def current_code():
    """The TOTP code an authenticator app shows now for a user's stored secret."""
    return _current_code


@pytest.fixture
def wrong_code():
    """A 6-digit code that is not valid in this, the two previous or the two next time steps."""
    return _wrong_code
