"""The session middleware: idle time-out, and staff sessions only with a passed second factor."""

import time

import pytest

from yiwang.accounts.actions import do_grant_role
from yiwang.accounts.middleware import LAST_SEEN, SECOND_FACTOR_AT
from yiwang.core.events import EventCode
from yiwang.core.models import Event


def age_session(client, seconds):
    session = client.session
    session[LAST_SEEN] = time.time() - seconds
    session.save()


@pytest.fixture
def short_timeouts(settings):
    settings.IDLE_TIMEOUT_CITIZEN = 120
    settings.IDLE_TIMEOUT_STAFF = 60


def test_idle_citizen_session_is_logged_out_and_recorded(english, li_wei, login_as, short_timeouts):
    client = english
    login_as(li_wei)
    age_session(client, 121)

    response = client.get("/me/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fme%2F"
    assert not response.wsgi_request.user.is_authenticated
    assert "_auth_user_id" not in client.session
    assert Event.objects.filter(code=EventCode.SESSION_TIMED_OUT, actor=li_wei).count() == 1
    login_page = client.get(response["Location"]).content.decode()
    assert "You were logged out after a period without activity." in login_page


def test_citizen_session_within_the_limit_stays(client, li_wei, login_as, short_timeouts):
    login_as(li_wei)
    age_session(client, 100)

    response = client.get("/me/")

    assert response.status_code == 200
    assert not Event.objects.filter(code=EventCode.SESSION_TIMED_OUT).exists()


def test_staff_limit_is_shorter(client, officer, login_as, short_timeouts):
    login_as(officer)
    age_session(client, 100)  # within a citizen's limit, beyond a staff member's

    response = client.get("/me/")

    assert response.status_code == 302
    assert Event.objects.filter(code=EventCode.SESSION_TIMED_OUT, actor=officer).count() == 1


def test_activity_moves_the_idle_clock(client, li_wei, login_as, short_timeouts):
    login_as(li_wei)
    age_session(client, 100)

    client.get("/me/")

    assert time.time() - client.session[LAST_SEEN] < 5


def test_idle_api_session_gets_a_json_401(client, li_wei, login_as, short_timeouts):
    login_as(li_wei)
    age_session(client, 121)

    response = client.get("/api/v1/me")

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "session_ended"
    assert Event.objects.filter(code=EventCode.SESSION_TIMED_OUT).count() == 1


def test_staff_session_without_second_factor_is_logged_out(english, officer):
    client = english
    client.force_login(officer, backend="yiwang.accounts.backends.IdentifierBackend")

    response = client.get("/me/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session
    login_page = client.get(response["Location"]).content.decode()
    assert "Staff accounts must log in with a second factor." in login_page


def test_staff_api_session_without_second_factor_gets_401(client, officer):
    client.force_login(officer, backend="yiwang.accounts.backends.IdentifierBackend")

    response = client.get("/api/v1/me")

    assert response.status_code == 401


def test_staff_session_with_second_factor_passes(client, officer, login_as):
    login_as(officer)

    assert client.get("/me/").status_code == 200
    assert client.session[SECOND_FACTOR_AT]


def test_account_granted_a_role_while_logged_in_is_logged_out_next_request(
    client, newcomer, login_as, secadmin, department
):
    login_as(newcomer)  # no role yet: logged in with the password alone
    assert client.get("/me/").status_code == 200

    do_grant_role(newcomer, department("04"), "officer", actor=secadmin)
    response = client.get("/me/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session


def test_deactivated_account_loses_its_session(client, li_wei, login_as, sysadmin):
    from yiwang.accounts.actions import do_deactivate_user

    login_as(li_wei)
    do_deactivate_user(li_wei, actor=sysadmin)

    response = client.get("/me/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
