"""Lock-out after settings.LOGIN_MAX_FAILURES failed logins, and unlocking (GB/T 22239 identity)."""

import datetime

import pytest
from django.utils import timezone

from yiwang.accounts.actions import LoginRefused, do_check_password, do_unlock_user
from yiwang.accounts.models import User
from yiwang.core.events import EventCode
from yiwang.core.models import Event

URL = "/accounts/login/"


def fail(client, user, times):
    for _ in range(times):
        client.post(URL, {"identifier": user.username, "password": "Wrong-pass-1"})


def test_account_locks_after_the_allowed_failures(english, li_wei, settings):
    fail(english, li_wei, settings.LOGIN_MAX_FAILURES)

    li_wei.refresh_from_db()
    assert li_wei.is_locked()
    locks = Event.objects.filter(code=EventCode.ACCOUNT_LOCKED, object_id=str(li_wei.pk), success=False)
    assert locks.count() == 1


def test_one_failure_fewer_does_not_lock(client, li_wei, settings):
    fail(client, li_wei, settings.LOGIN_MAX_FAILURES - 1)

    li_wei.refresh_from_db()
    assert not li_wei.is_locked()
    assert not Event.objects.filter(code=EventCode.ACCOUNT_LOCKED).exists()


def test_locked_account_is_refused_even_with_the_right_password(english, li_wei, settings, password):
    fail(english, li_wei, settings.LOGIN_MAX_FAILURES)

    response = english.post(URL, {"identifier": li_wei.username, "password": password})

    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated
    [message] = response.context["form"].non_field_errors()
    assert message.startswith("Too many failed attempts. This account is locked until")
    assert Event.objects.filter(code=EventCode.LOGIN_FAILED, payload__reason="locked").count() == 1


def test_lock_follows_the_setting(client, li_wei, settings):
    settings.LOGIN_MAX_FAILURES = 2

    fail(client, li_wei, 2)

    li_wei.refresh_from_db()
    assert li_wei.is_locked()


def test_lock_lasts_the_configured_minutes(client, li_wei, settings):
    settings.LOGIN_LOCK_MINUTES = 7
    before = timezone.now()

    fail(client, li_wei, settings.LOGIN_MAX_FAILURES)

    li_wei.refresh_from_db()
    expected = before + datetime.timedelta(minutes=7)
    assert expected <= li_wei.locked_until <= expected + datetime.timedelta(seconds=30)


def test_failures_by_other_identifiers_count_towards_the_same_lock(client, li_wei, settings):
    identifiers = ["13800000001", li_wei.username, li_wei.person.id_number]
    for index in range(settings.LOGIN_MAX_FAILURES):
        client.post(URL, {"identifier": identifiers[index % 3], "password": "Wrong-pass-1"})

    li_wei.refresh_from_db()
    assert li_wei.is_locked()


def test_unlock_action_lets_the_right_password_in_again(client, li_wei, secadmin, settings, password):
    fail(client, li_wei, settings.LOGIN_MAX_FAILURES)

    do_unlock_user(li_wei, actor=secadmin)
    response = client.post(URL, {"identifier": li_wei.username, "password": password})

    assert response.status_code == 302
    assert response.wsgi_request.user == li_wei
    assert Event.objects.filter(code=EventCode.ACCOUNT_UNLOCKED, actor=secadmin).count() == 1


def test_lock_ends_by_itself(client, li_wei, settings, password):
    fail(client, li_wei, settings.LOGIN_MAX_FAILURES)
    User.objects.filter(pk=li_wei.pk).update(locked_until=timezone.now() - datetime.timedelta(seconds=1))

    assert do_check_password(li_wei.username, password) == li_wei


def test_unknown_accounts_never_lock_anything(client, li_wei, settings, password):
    for _ in range(settings.LOGIN_MAX_FAILURES + 1):
        client.post(URL, {"identifier": "nobody-here", "password": "Wrong-pass-1"})

    assert not Event.objects.filter(code=EventCode.ACCOUNT_LOCKED).exists()
    assert do_check_password(li_wei.username, password) == li_wei


def test_locked_action_raises_login_refused_with_the_time(li_wei, settings, password):
    for _ in range(settings.LOGIN_MAX_FAILURES):
        with pytest.raises(LoginRefused):
            do_check_password(li_wei.username, "Wrong-pass-1")

    with pytest.raises(LoginRefused) as refused:
        do_check_password(li_wei.username, password)

    li_wei.refresh_from_db()
    assert refused.value.locked_until == li_wei.locked_until
