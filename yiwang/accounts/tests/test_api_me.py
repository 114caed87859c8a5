"""GET /api/v1/me: who the token or session belongs to, with personal data masked."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from yiwang.accounts.actions import (
    do_add_enterprise_agent,
    do_deactivate_user,
    do_grant_role,
    do_issue_api_token,
    do_register_enterprise,
    do_revoke_api_token,
)
from yiwang.core.identifiers import make_credit_code

URL = "/api/v1/me"


def bearer(client, token):
    return client.get(URL, headers={"Authorization": f"Bearer {token}"})


def enterprise_for(user, index):
    return do_register_enterprise(
        user=user,
        name=f"重庆测试{index}有限公司",
        credit_code=make_credit_code(f"91500103MA5U{index:05d}"),
        legal_representative=user.person.name,
    )


def test_outsider_gets_401(client):
    response = client.get(URL)

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_token_shows_the_citizen_masked(client, li_wei):
    _token, clear = do_issue_api_token(li_wei, name="app", actor=None)

    response = bearer(client, clear)

    assert response.status_code == 200
    body = response.json()
    assert body["code"] == str(li_wei.code)
    assert body["kind"] == "citizen"
    assert body["person"] == {
        "name": "李*",
        "id_number": "5001**********" + li_wei.person.id_number[-4:],
        "phone": "138****0001",
    }
    assert li_wei.person.id_number not in response.content.decode()
    assert "13800000001" not in response.content.decode()


def test_session_works_as_well(client, li_wei, login_as):
    login_as(li_wei)

    response = client.get(URL)

    assert response.status_code == 200
    assert response.json()["username"] == li_wei.username


def test_staff_member_is_shown_with_roles_and_no_person(client, officer, login_as):
    login_as(officer)

    body = client.get(URL).json()

    assert body["kind"] == "staff"
    assert body["person"] is None
    assert body["roles"] == [
        {"role": "officer", "department_code": "500103-04", "department_name": "渝中区市场监督管理局"}
    ]


def test_enterprise_is_listed_with_the_users_own_capacity(client, li_wei, wang_fang):
    enterprise = enterprise_for(li_wei, 1)
    do_add_enterprise_agent(enterprise, wang_fang, actor=li_wei)
    _token, clear = do_issue_api_token(wang_fang, name="app", actor=None)

    body = bearer(client, clear).json()

    assert body["enterprises"] == [
        {
            "code": str(enterprise.code),
            "name": enterprise.name,
            "credit_code": enterprise.credit_code,
            "capacity": "agent",
        }
    ]


def test_citizen_does_not_see_other_citizens_enterprise(client, li_wei, wang_fang):
    enterprise_for(li_wei, 1)
    _token, clear = do_issue_api_token(wang_fang, name="app", actor=None)

    assert bearer(client, clear).json()["enterprises"] == []


@pytest.mark.parametrize(
    "case", ["revoked", "expired", "deactivated_user", "wrong_secret", "garbage", "no_prefix"]
)
def test_unusable_token_gets_401(client, li_wei, case):
    expires = timezone.now() - datetime.timedelta(seconds=1) if case == "expired" else None
    token, clear = do_issue_api_token(li_wei, name="app", actor=None, expires_at=expires)
    if case == "revoked":
        do_revoke_api_token(token, actor=None)
    elif case == "deactivated_user":
        do_deactivate_user(li_wei, actor=None)
    elif case == "wrong_secret":
        clear = clear[:-4] + ("AAAA" if not clear.endswith("AAAA") else "BBBB")
    elif case == "garbage":
        clear = "yw_notatoken"
    elif case == "no_prefix":
        clear = clear.split("_", 2)[2]

    response = bearer(client, clear)

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_token_not_yet_expired_works(client, li_wei):
    _token, clear = do_issue_api_token(
        li_wei, name="app", actor=None, expires_at=timezone.now() + datetime.timedelta(hours=1)
    )

    assert bearer(client, clear).status_code == 200


def test_token_use_is_marked(client, li_wei):
    token, clear = do_issue_api_token(li_wei, name="app", actor=None)

    bearer(client, clear)

    token.refresh_from_db()
    assert token.last_used_at is not None


def test_only_the_hash_of_the_token_is_stored(li_wei):
    token, clear = do_issue_api_token(li_wei, name="app", actor=None)

    secret = clear.split("_", 2)[2]
    assert secret not in token.secret_hash
    assert clear.startswith(f"yw_{token.prefix}_")


def uncached_queries(client, clear):
    """Queries of one /api/v1/me answered from the database (the token cache emptied first)."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        body = bearer(client, clear).json()
    return len(queries), body


def test_query_count_does_not_grow_with_enterprises(client, li_wei):
    _token, clear = do_issue_api_token(li_wei, name="app", actor=None)
    bearer(client, clear)  # marks the token used: later calls do not write
    few, _body = uncached_queries(client, clear)

    for index in range(4):
        enterprise_for(li_wei, index + 10)
    many, body = uncached_queries(client, clear)

    assert len(body["enterprises"]) == 4
    assert many == few


def test_query_count_does_not_grow_with_roles(client, newcomer, secadmin, department):
    _token, clear = do_issue_api_token(newcomer, name="kiosk", actor=None)
    bearer(client, clear)
    few, _body = uncached_queries(client, clear)

    for suffix in ("04", "05", "06"):
        do_grant_role(newcomer, department(suffix), "officer", actor=secadmin)
    many, body = uncached_queries(client, clear)

    assert len(body["roles"]) == 3
    assert many == few
