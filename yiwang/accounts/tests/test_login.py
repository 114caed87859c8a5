"""The password step of /accounts/login/: by username, citizen ID number or mobile number."""

import pytest
from django.utils.html import escape

from yiwang.accounts.actions import do_deactivate_user, do_register_citizen
from yiwang.core.events import EventCode
from yiwang.core.identifiers import make_citizen_id
from yiwang.core.models import Event

URL = "/accounts/login/"
GENERIC = "The account or password is not correct."


@pytest.fixture
def log_in(password):
    """Post the login form; the personas' password unless another is given."""

    def post(client, identifier, secret=None, **extra):
        return client.post(
            URL, {"identifier": identifier, "password": password if secret is None else secret, **extra}
        )

    return post


@pytest.mark.parametrize(
    "identifier",
    [
        "username",
        make_citizen_id("50010319880314231"),
        "13800000001",
        " 138 0000 0001 ",
    ],
    ids=["username", "citizen_id", "phone", "phone_with_spaces"],
)
def test_citizen_logs_in_with_any_identifier(client, li_wei, identifier, log_in):
    identifier = li_wei.username if identifier == "username" else identifier

    response = log_in(client, identifier)

    assert response.status_code == 302
    assert response["Location"] == "/me/"
    assert response.wsgi_request.user == li_wei
    assert Event.objects.filter(code=EventCode.LOGIN_SUCCEEDED, actor=li_wei).count() == 1


def test_citizen_id_ending_in_x_may_be_typed_in_lower_case(client, log_in, password):
    user = do_register_citizen(
        real_name="赵敏", id_number="11010519491231002X", phone="13900000011", password=password
    )

    response = log_in(client, "11010519491231002x")

    assert response.wsgi_request.user == user


def test_unknown_account_and_wrong_password_get_the_same_message(english, li_wei, log_in):
    unknown = log_in(english, "nobody-here")
    wrong = log_in(english, li_wei.username, "Wrong-pass-1")

    assert unknown.status_code == wrong.status_code == 200
    assert unknown.context["form"].non_field_errors() == [GENERIC]
    assert wrong.context["form"].non_field_errors() == [GENERIC]
    assert escape(GENERIC) in unknown.content.decode()
    assert not wrong.wsgi_request.user.is_authenticated
    assert Event.objects.filter(code=EventCode.LOGIN_FAILED, success=False).count() == 2


def test_wrong_password_counts_a_failure(client, li_wei, log_in):
    log_in(client, li_wei.username, "Wrong-pass-1")

    li_wei.refresh_from_db()
    assert li_wei.failed_logins == 1
    assert Event.objects.get(code=EventCode.LOGIN_FAILED).object_id == str(li_wei.pk)


def test_success_resets_the_failure_count(client, li_wei, log_in):
    log_in(client, li_wei.username, "Wrong-pass-1")

    log_in(client, li_wei.username)

    li_wei.refresh_from_db()
    assert li_wei.failed_logins == 0


def test_inactive_account_is_refused_with_the_generic_message(english, li_wei, log_in):
    do_deactivate_user(li_wei, actor=None)

    response = log_in(english, li_wei.username)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [GENERIC]
    assert not response.wsgi_request.user.is_authenticated


def test_empty_fields_are_refused_without_a_login_attempt(english, li_wei):
    response = english.post(URL, {"identifier": "", "password": ""})

    assert response.status_code == 200
    assert response.context["form"].errors["identifier"] == ["This field is required."]
    assert not Event.objects.filter(code=EventCode.LOGIN_FAILED).exists()


def test_overlong_identifier_is_refused(client, li_wei, log_in):
    response = log_in(client, "1" * 500)

    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated


def test_local_next_is_followed(client, li_wei, log_in):
    response = log_in(client, li_wei.username, next="/me/enterprises/add/")

    assert response["Location"] == "/me/enterprises/add/"


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/me/", "/\\evil.example/", "javascript:alert(1)"]
)
def test_foreign_next_is_ignored(client, li_wei, next_url, log_in):
    response = log_in(client, li_wei.username, next=next_url)

    assert response["Location"] == "/me/"


def test_staff_password_leads_to_the_second_factor_not_a_session(client, officer, log_in):
    response = log_in(client, "officer", next="/admin/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/second-factor/"
    assert not response.wsgi_request.user.is_authenticated
    assert not Event.objects.filter(code=EventCode.LOGIN_SUCCEEDED).exists()


def test_page_renders_for_outsider(client):
    response = client.get(URL)

    assert response.status_code == 200
    assert 'name="identifier"' in response.content.decode()


def test_other_methods_are_not_allowed(client):
    assert client.put(URL).status_code == 405
