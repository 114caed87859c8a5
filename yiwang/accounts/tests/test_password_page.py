"""/accounts/password/: changing one's own password."""

import pytest

from yiwang.core.events import EventCode
from yiwang.core.models import Event

URL = "/accounts/password/"
NEW = "Another-pass-42"


@pytest.fixture
def change(password):
    """Post the form: from the personas' password to NEW unless told otherwise."""

    def post(client, old=None, new1=NEW, new2=NEW):
        return client.post(
            URL,
            {"old_password": password if old is None else old, "new_password1": new1, "new_password2": new2},
        )

    return post


def test_password_is_changed_and_session_kept(client, li_wei, login_as, change):
    login_as(li_wei)

    response = change(client)

    assert response.status_code == 302
    assert response["Location"] == "/me/"
    li_wei.refresh_from_db()
    assert li_wei.check_password(NEW)
    assert li_wei.password_changed_at is not None
    assert Event.objects.filter(code=EventCode.PASSWORD_CHANGED, actor=li_wei).count() == 1
    assert client.get("/me/").status_code == 200


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"old": "Wrong-pass-1"}, "old_password", "Your current password is not correct."),
        ({"new2": "Another-pass-43"}, "new_password2", "The two passwords differ."),
        (
            {"new1": "zqxjkvbnmwrt", "new2": "zqxjkvbnmwrt"},
            "new_password1",
            "Your password must contain at least 3",
        ),
        ({"new1": "", "new2": ""}, "new_password1", "This field is required."),
    ],
    ids=["wrong_old", "differ", "weak", "empty"],
)
def test_bad_input_is_refused_and_changes_nothing(
    english, li_wei, login_as, fields, field, message, change, password
):
    login_as(li_wei)
    events = Event.objects.count()

    response = change(english, **fields)

    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    li_wei.refresh_from_db()
    assert li_wei.check_password(password)
    # Only a wrong current password leaves a trace: a failed attempt, counted toward the lock-out.
    failures = list(
        Event.objects.filter(code=EventCode.LOGIN_FAILED).values_list("payload__reason", flat=True)
    )
    assert Event.objects.count() == events + len(failures)
    assert failures == (["old_password"] if field == "old_password" else [])
    assert li_wei.failed_logins == (1 if field == "old_password" else 0)


def test_other_sessions_of_the_account_end(client, li_wei, login_as, change):
    from django.test import Client

    elsewhere = Client()
    elsewhere.force_login(li_wei, backend="yiwang.accounts.backends.IdentifierBackend")
    login_as(li_wei)

    change(client)

    assert elsewhere.get("/me/").status_code == 302
    assert client.get("/me/").status_code == 200


def test_staff_member_keeps_the_second_factor_after_a_change(client, officer, login_as, change):
    login_as(officer)

    change(client)

    assert client.get("/me/").status_code == 200


def test_outsider_is_sent_to_login(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/accounts/password/"


def test_outsider_post_changes_nothing(client, li_wei, change, password):
    response = change(client)

    assert response.status_code == 302
    li_wei.refresh_from_db()
    assert li_wei.check_password(password)
