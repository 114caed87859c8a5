"""The idle clock starts when a login completes, not at the session's first later request."""

import time
from types import SimpleNamespace

import pytest

from yiwang.accounts import middleware
from yiwang.accounts.middleware import LAST_SEEN, SECOND_FACTOR_AT
from yiwang.core.events import EventCode
from yiwang.core.models import Event


@pytest.fixture
def later(monkeypatch):
    """Move the middleware's clock forward, as if the browser were left alone for `seconds`."""

    def move(seconds):
        moved = time.time() + seconds
        monkeypatch.setattr(middleware, "time", SimpleNamespace(time=lambda: moved))

    return move


def assert_timed_out(client, user):
    response = client.get("/me/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert Event.objects.filter(code=EventCode.SESSION_TIMED_OUT, actor=user).count() == 1


def test_password_login_starts_the_idle_clock(client, li_wei, password):
    before = time.time()

    client.post("/accounts/login/", {"identifier": "13800000001", "password": password})

    assert before <= client.session[LAST_SEEN] <= time.time()


def test_citizen_session_unused_after_login_times_out(client, li_wei, password, settings, later):
    client.post("/accounts/login/", {"identifier": "13800000001", "password": password})

    later(settings.IDLE_TIMEOUT_CITIZEN + 1)

    assert_timed_out(client, li_wei)


def test_staff_session_unused_after_the_second_factor_times_out(
    client, officer, password, settings, later, current_code
):
    client.post("/accounts/login/", {"identifier": officer.username, "password": password})
    client.get("/accounts/login/second-factor/")  # enrolment: the secret is made here
    response = client.post("/accounts/login/second-factor/", {"code": current_code(officer)})
    assert response.status_code == 302 and client.session[SECOND_FACTOR_AT]

    later(settings.IDLE_TIMEOUT_STAFF + 1)

    assert_timed_out(client, officer)


def test_session_unused_after_registration_times_out(client, registration, settings, later):
    from yiwang.accounts.models import User

    response = client.post("/accounts/register/", registration())
    assert response.status_code == 302 and response["Location"] == "/me/"
    user = User.objects.get()

    later(settings.IDLE_TIMEOUT_CITIZEN + 1)

    assert_timed_out(client, user)


def test_session_used_within_the_limit_after_login_stays(client, li_wei, password, settings, later):
    client.post("/accounts/login/", {"identifier": "13800000001", "password": password})

    later(settings.IDLE_TIMEOUT_CITIZEN - 60)

    assert client.get("/me/").status_code == 200
