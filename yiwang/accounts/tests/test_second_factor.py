"""The staff second step at /accounts/login/second-factor/: TOTP enrolment and codes."""

import time

import pytest

from yiwang.accounts.actions import do_provision_second_factor
from yiwang.accounts.middleware import SECOND_FACTOR_AT
from yiwang.accounts.views import PENDING_USER
from yiwang.core.events import EventCode
from yiwang.core.models import Event

URL = "/accounts/login/second-factor/"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # a provisioned seed, as on a hardware token
REFUSED = "The code is not correct or was already used. Enter the current 6-digit code."


@pytest.fixture
def password_step(password):
    """The first step of a staff login, which leads to this page."""

    def post(client, user, next_url=""):
        response = client.post(
            "/accounts/login/", {"identifier": user.username, "password": password, "next": next_url}
        )
        assert response["Location"] == URL
        return response

    return post


def test_first_login_shows_enrolment_with_qr_code_and_secret(client, officer, password_step):
    password_step(client, officer)

    response = client.get(URL)

    officer.refresh_from_db()
    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["enrolling"]
    assert len(officer.totp_secret) >= 16
    assert officer.totp_confirmed_at is None
    assert "<svg" in page
    assert officer.totp_secret in page


def test_enrolment_page_keeps_the_same_secret_when_reloaded(client, officer, password_step):
    password_step(client, officer)
    client.get(URL)
    officer.refresh_from_db()
    secret = officer.totp_secret

    client.get(URL)

    officer.refresh_from_db()
    assert officer.totp_secret == secret


def test_correct_code_enrols_and_logs_in(client, officer, current_code, password_step):
    password_step(client, officer, next_url="/me/enterprises/add/")
    client.get(URL)

    response = client.post(URL, {"code": current_code(officer)})

    assert response.status_code == 302
    assert response["Location"] == "/me/enterprises/add/"
    assert response.wsgi_request.user == officer
    assert client.session[SECOND_FACTOR_AT]
    assert PENDING_USER not in client.session
    officer.refresh_from_db()
    assert officer.totp_confirmed_at is not None
    assert Event.objects.filter(code=EventCode.SECOND_FACTOR_ENROLLED, actor=officer).count() == 1
    assert Event.objects.get(code=EventCode.LOGIN_SUCCEEDED).payload == {"second_factor": True}
    assert client.get("/me/").status_code == 200


def test_enrolled_user_is_asked_for_a_code_without_the_secret(client, officer, password_step):
    do_provision_second_factor(officer, SECRET, actor=None)
    password_step(client, officer)

    response = client.get(URL)

    assert not response.context["enrolling"]
    assert SECRET not in response.content.decode()
    assert "<svg" not in response.content.decode()


def test_code_with_spaces_is_accepted(client, officer, current_code, password_step):
    do_provision_second_factor(officer, SECRET, actor=None)
    password_step(client, officer)
    code = current_code(officer)

    response = client.post(URL, {"code": f"{code[:3]} {code[3:]}"})

    assert response.wsgi_request.user == officer


def test_reused_code_is_refused(english, officer, current_code, password_step):
    do_provision_second_factor(officer, SECRET, actor=None)
    password_step(english, officer)
    code = current_code(officer)
    english.post(URL, {"code": code})
    english.post("/accounts/logout/")
    password_step(english, officer)

    response = english.post(URL, {"code": code})

    assert response.status_code == 200
    assert response.context["form"].errors["code"] == [REFUSED]
    assert not response.wsgi_request.user.is_authenticated
    assert Event.objects.filter(code=EventCode.SECOND_FACTOR_FAILED).count() == 1


@pytest.mark.parametrize("code", ["wrong", "12345", "1234567", "１２３４５６", "abcdef", ""])
def test_malformed_code_is_refused_without_error(client, officer, code, password_step):
    do_provision_second_factor(officer, SECRET, actor=None)
    password_step(client, officer)

    response = client.post(URL, {"code": code})

    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert not response.wsgi_request.user.is_authenticated


def test_wrong_codes_count_toward_the_lock_out(
    english, officer, wrong_code, current_code, settings, password_step
):
    do_provision_second_factor(officer, SECRET, actor=None)
    password_step(english, officer)
    for _ in range(settings.LOGIN_MAX_FAILURES):
        english.post(URL, {"code": wrong_code(officer)})

    response = english.post(URL, {"code": current_code(officer)})

    officer.refresh_from_db()
    assert officer.is_locked()
    assert Event.objects.filter(code=EventCode.ACCOUNT_LOCKED, object_id=str(officer.pk)).count() == 1
    assert response.context["form"].errors["code"][0].startswith("Too many failed attempts.")
    assert not response.wsgi_request.user.is_authenticated


def test_pending_step_expires(client, officer, current_code, password_step):
    do_provision_second_factor(officer, SECRET, actor=None)
    password_step(client, officer)
    session = client.session
    session[PENDING_USER] = [officer.pk, time.time() - 301]
    session.save()

    response = client.post(URL, {"code": current_code(officer)})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert not response.wsgi_request.user.is_authenticated


def test_outsider_without_password_step_is_sent_to_login(client, officer):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"


def test_deactivated_pending_user_is_sent_to_login(client, officer, sysadmin, password_step):
    from yiwang.accounts.actions import do_deactivate_user

    password_step(client, officer)
    do_deactivate_user(officer, actor=sysadmin)

    response = client.get(URL)

    assert response["Location"] == "/accounts/login/"


def test_other_methods_are_not_allowed(client):
    assert client.put(URL).status_code == 405
