"""Resolved API tokens are cached, and every change to what they carry takes effect at once."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from yiwang.accounts.actions import (
    LoginRefused,
    do_add_enterprise_agent,
    do_change_department,
    do_check_password,
    do_deactivate_user,
    do_grant_role,
    do_issue_api_token,
    do_register_enterprise,
    do_revoke_api_token,
    do_revoke_role,
    do_unlock_user,
)
from yiwang.core.identifiers import make_credit_code

URL = "/api/v1/me"


def me(client, clear):
    return client.get(URL, headers={"Authorization": f"Bearer {clear}"})


@pytest.fixture
def app_token(li_wei):
    token, clear = do_issue_api_token(li_wei, name="app", actor=None)
    return token, clear


def test_second_request_costs_no_query(client, app_token):
    _token, clear = app_token
    assert me(client, clear).status_code == 200

    with CaptureQueriesContext(connection) as queries:
        assert me(client, clear).status_code == 200

    assert len(queries) == 0


def test_revoked_token_stops_at_once(client, app_token):
    token, clear = app_token
    assert me(client, clear).status_code == 200

    do_revoke_api_token(token, actor=None)

    assert me(client, clear).status_code == 401


def test_deactivated_user_stops_at_once(client, app_token, li_wei):
    _token, clear = app_token
    assert me(client, clear).status_code == 200

    do_deactivate_user(li_wei, actor=None)

    assert me(client, clear).status_code == 401


def test_locked_account_tokens_stop_at_once_and_work_again_when_unlocked(client, app_token, li_wei, settings):
    _token, clear = app_token
    assert me(client, clear).status_code == 200  # resolved, and cached

    for _ in range(settings.LOGIN_MAX_FAILURES):  # someone guesses the password
        with pytest.raises(LoginRefused):
            do_check_password(li_wei.username, "Wrong-pass-1")
    li_wei.refresh_from_db()
    assert li_wei.is_locked()

    refused = me(client, clear)
    assert refused.status_code == 401 and refused["Content-Type"].startswith("application/json")
    do_unlock_user(li_wei, actor=None)
    assert me(client, clear).status_code == 200


def test_a_token_of_an_account_locked_outside_the_login_is_refused(client, app_token, li_wei, settings):
    _token, clear = app_token
    settings.YIWANG_AUTH_CACHE_SECONDS = 0  # the lock below is written straight to the table
    type(li_wei).objects.filter(pk=li_wei.pk).update(
        locked_until=timezone.now() + datetime.timedelta(minutes=5)
    )

    assert me(client, clear).status_code == 401
    type(li_wei).objects.filter(pk=li_wei.pk).update(
        locked_until=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert me(client, clear).status_code == 200  # a lock that has run out no longer counts


def test_granted_and_revoked_role_show_at_once(client, newcomer, district, department):
    _token, clear = do_issue_api_token(newcomer, name="kiosk", actor=None)
    assert me(client, clear).json()["kind"] == "citizen"

    assignment = do_grant_role(newcomer, department("04"), "officer", actor=None)
    body = me(client, clear).json()
    assert body["kind"] == "staff" and [r["role"] for r in body["roles"]] == ["officer"]

    do_revoke_role(assignment, actor=None)
    assert me(client, clear).json()["roles"] == []


def test_new_enterprise_shows_at_once(client, app_token, li_wei, wang_fang):
    _token, clear = app_token
    assert me(client, clear).json()["enterprises"] == []

    enterprise = do_register_enterprise(
        user=wang_fang,
        name="重庆缓存测试有限公司",
        credit_code=make_credit_code("91500103MA5U00777"),
        legal_representative="王芳",
    )
    do_add_enterprise_agent(enterprise, li_wei, actor=wang_fang)

    assert [e["name"] for e in me(client, clear).json()["enterprises"]] == ["重庆缓存测试有限公司"]


def test_renamed_department_shows_at_once(client, newcomer, district, department):
    _token, clear = do_issue_api_token(newcomer, name="kiosk", actor=None)
    do_grant_role(newcomer, department("04"), "officer", actor=None)
    assert me(client, clear).json()["roles"][0]["department_name"] == "渝中区市场监督管理局"

    do_change_department(department("04"), name="渝中区市场监管局", actor=None)

    assert me(client, clear).json()["roles"][0]["department_name"] == "渝中区市场监管局"


def test_cache_can_be_switched_off(client, app_token, settings):
    settings.YIWANG_AUTH_CACHE_SECONDS = 0
    _token, clear = app_token
    me(client, clear)

    with CaptureQueriesContext(connection) as queries:
        assert me(client, clear).status_code == 200

    assert len(queries) > 0


def test_cache_holds_no_secret_or_clear_personal_data(client, app_token, li_wei):
    import pickle

    from django.core.cache import cache

    from yiwang.accounts.tokencache import _key

    token, clear = app_token
    me(client, clear)
    li_wei.refresh_from_db()

    cached = pickle.dumps(cache.get(_key(token.prefix)))

    for secret in (li_wei.person.id_number, li_wei.person.phone, li_wei.person.name, li_wei.password):
        assert secret.encode("utf-8") not in cached


def test_cached_user_cannot_be_saved(client, app_token):
    from yiwang.accounts.tokencache import get

    token, clear = app_token
    cached = get(token.prefix)

    with pytest.raises(RuntimeError):
        cached.user.save()


def test_use_is_recorded_once_a_minute(client, app_token):
    token, clear = app_token
    me(client, clear)
    token.refresh_from_db()
    first = token.last_used_at

    with CaptureQueriesContext(connection) as queries:
        me(client, clear)

    token.refresh_from_db()
    assert first is not None and token.last_used_at == first and len(queries) == 0


def test_entry_built_before_a_revocation_is_never_used(app_token):
    """A request that read the token just before it was revoked cannot put it back in the cache."""
    from django.core.cache import cache

    from yiwang.accounts import tokencache
    from yiwang.accounts.models import ApiToken

    token, clear = app_token
    generation = tokencache._generation(token.prefix)
    stale = ApiToken.objects.select_related("user").get(pk=token.pk)  # read before the revocation

    do_revoke_api_token(token, actor=None)
    cache.set(tokencache._key(token.prefix), (generation, stale), 30)  # written after it

    assert tokencache.get(token.prefix).revoked_at is not None


def test_token_stops_when_its_user_becomes_an_administrator(client, newcomer, district, department):
    _token, clear = do_issue_api_token(newcomer, name="kiosk", actor=None)
    assert me(client, clear).status_code == 200

    do_grant_role(newcomer, department("02"), "system_admin", actor=None)

    assert me(client, clear).status_code == 401


def test_cached_user_has_no_password_to_check(app_token):
    from yiwang.accounts.tokencache import get

    token, _clear = app_token

    with pytest.raises(RuntimeError):
        get(token.prefix).user.check_password("Persona-pass-1")
