"""/accounts/password/: wrong current passwords count toward the lock-out, which ends the session."""

import pytest

from yiwang.accounts import actions
from yiwang.core.events import EventCode
from yiwang.core.models import Event

URL = "/accounts/password/"
NEW = "Another-pass-42"


def change(client, old):
    return client.post(URL, {"old_password": old, "new_password1": NEW, "new_password2": NEW})


def assert_logged_out_to_login_with(client, response, message):
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert "_auth_user_id" not in client.session
    assert message in client.get(response["Location"]).content.decode()


def test_refused_change_logs_out_and_shows_the_refusal_on_the_login_page(
    english, li_wei, login_as, monkeypatch, password
):
    """The view's part alone: whatever refusal the action gives, the session ends with its message."""
    client = english
    login_as(li_wei)

    def refuse(user, **kwargs):
        raise actions.LoginRefused("Locked for a while.")

    monkeypatch.setattr(actions, "do_change_password", refuse)
    events = Event.objects.count()

    response = change(client, "Wrong-pass-1")

    assert_logged_out_to_login_with(client, response, "Locked for a while.")
    assert Event.objects.count() == events  # the view records nothing itself: the action does
    li_wei.refresh_from_db()
    assert li_wei.check_password(password)


@pytest.fixture
def max_failures(settings):
    settings.LOGIN_MAX_FAILURES = 3
    return 3


def test_too_many_wrong_current_passwords_lock_the_account_and_end_the_session(
    english, li_wei, login_as, max_failures, password
):
    """Needs the action's part: do_change_password counting failures and raising LoginRefused."""
    client = english
    login_as(li_wei)

    for _ in range(max_failures - 1):
        response = change(client, "Wrong-pass-1")
        assert response.status_code == 200
        assert response.context["form"].errors["old_password"]
    response = change(client, "Wrong-pass-1")

    assert_logged_out_to_login_with(client, response, "locked")
    li_wei.refresh_from_db()
    assert li_wei.is_locked()
    assert li_wei.check_password(password)
    assert Event.objects.filter(code=EventCode.ACCOUNT_LOCKED).count() == 1
    assert not Event.objects.filter(code=EventCode.LOGGED_OUT).exists()
    assert client.get("/me/").status_code == 302
