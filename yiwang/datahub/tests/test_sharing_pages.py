"""The sharing staff pages: consumers and keys (the secret shown once), the share-request inbox with
its deadline colour, the request form, answering, grants with revoke, the call log; and outsiders."""

import re

import pytest

from conftest import department, login
from yiwang.datahub import sharing
from yiwang.datahub.models import Consumer, ConsumerKey, GatewayCall, Grant, ShareRequest
from yiwang.datahub.tests import share_factories as f
from yiwang.datahub.tests.share_world import *  # noqa: F401,F403

S = "/staff/data/sharing/"


@pytest.fixture
def pending(consumer, population, market_steward):
    return sharing.do_request_share(
        consumer,
        population,
        purpose="登记核验",
        fields=["id_number", "name"],
        duration_days=30,
        actor=market_steward,
    )


def test_steward_registers_a_system_and_sees_its_secret_once(client, market_steward):
    login(client, market_steward)
    response = client.post(
        S + "consumers/",
        {
            "department": str(department("04").pk),
            "name": "注册系统",
            "instance": "CN-CQ",
            "member_class": "GOV",
            "member_code": "11500103MB0000004X",
            "subsystem_code": "licence-system",
            "rate_limit": "120",
        },
    )
    consumer = Consumer.objects.get(subsystem_code="licence-system")
    assert response.status_code == 302 and consumer.rate_limit == 120
    page = client.post(S + f"consumers/{consumer.code}/keys")
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    key = ConsumerKey.objects.get(consumer=consumer)
    secret = re.search(r'user-select-all">([0-9a-f]{64})<', page.content.decode()).group(1)
    assert key.secret_hash != secret and key.secret_hash == sharing.signing.secret_hash(secret)
    assert secret not in client.get(S + f"consumers/{consumer.code}/").content.decode()  # never again
    client.post(S + f"consumers/{consumer.code}/keys/{key.key_id}/revoke")
    key.refresh_from_db()
    assert key.revoked_at is not None


def test_bad_registration_shows_an_error_and_changes_nothing(client, market_steward, english):
    login(client, market_steward)
    response = client.post(
        S + "consumers/",
        {
            "department": str(department("04").pk),
            "name": "x",
            "instance": "CN CQ",
            "member_class": "GOV",
            "member_code": "1",
            "subsystem_code": "a",
            "rate_limit": "0",
        },
    )
    assert response.status_code == 200 and not Consumer.objects.exists()
    response = client.post(
        S + "consumers/",
        {
            "department": str(department("05").pk),
            "name": "x",
            "instance": "CN-CQ",
            "member_class": "GOV",
            "member_code": "1",
            "subsystem_code": "a",
            "rate_limit": "5",
        },
    )
    assert "Choose one of your departments" in response.content.decode() and not Consumer.objects.exists()


def test_rate_limit_change_and_suspension(client, market_steward, consumer):
    login(client, market_steward)
    client.post(S + f"consumers/{consumer.code}/change", {"rate_limit": "30"})
    consumer.refresh_from_db()
    assert consumer.rate_limit == 30 and not consumer.is_active
    client.post(S + f"consumers/{consumer.code}/change", {"rate_limit": "abc", "is_active": "on"})
    consumer.refresh_from_db()
    assert consumer.rate_limit == 30 and not consumer.is_active


def test_inbox_shows_the_providers_requests_with_their_deadline(client, police_steward, pending, english):
    login(client, police_steward)
    page = client.get(S).content.decode()
    assert "人口基础信息" in page and "In time" in page and "answer by" in page
    assert str(pending.code) in page


def test_request_form_for_a_consumer_department(client, market_steward, consumer, population, english):
    login(client, market_steward)
    assert "人口基础信息" in client.get(S + "requests/new").content.decode()
    form = client.get(S + "requests/new?resource=RK-001").content.decode()
    assert 'value="id_number"' in form
    response = client.post(
        S + "requests/new",
        {
            "resource": "RK-001",
            "consumer": str(consumer.code),
            "purpose": "企业登记核验",
            "fields": ["id_number", "sex"],
            "duration_days": "90",
        },
    )
    share = ShareRequest.objects.get()
    assert response.status_code == 302 and share.fields == ["id_number", "sex"] and share.status == "pending"


def test_request_form_refuses_bad_input(client, market_steward, consumer, population, english):
    login(client, market_steward)
    response = client.post(
        S + "requests/new",
        {
            "resource": "RK-001",
            "consumer": str(consumer.code),
            "purpose": "",
            "fields": ["nope"],
            "duration_days": "x",
        },
    )
    assert response.status_code == 200 and not ShareRequest.objects.exists()
    assert client.get(S + "requests/new?resource=NOPE").status_code == 200


def test_steward_approves_a_subset(client, police_steward, pending):
    login(client, police_steward)
    client.post(S + f"requests/{pending.code}/approve", {"fields": ["id_number"], "duration_days": "10"})
    grant = Grant.objects.get()
    assert grant.fields == ["id_number"]
    assert "id_number" in client.get(S + f"requests/{pending.code}/").content.decode()


def test_steward_refuses_with_reasons_only(client, police_steward, pending, english):
    login(client, police_steward)
    client.post(S + f"requests/{pending.code}/refuse", {"reason": ""})
    pending.refresh_from_db()
    assert pending.status == ShareRequest.PENDING
    client.post(S + f"requests/{pending.code}/refuse", {"reason": "目的不明确"})
    pending.refresh_from_db()
    assert pending.status == ShareRequest.REFUSED


def test_grants_list_and_revoke(client, police_steward, granted, english):
    login(client, police_steward)
    assert "Revoke" in client.get(S + "grants/").content.decode()
    client.post(S + f"grants/{granted.code}/revoke", {"reason": "停止使用"})
    granted.refresh_from_db()
    assert granted.revoked_at is not None


def test_call_log_per_resource_and_consumer(
    client, police_steward, market_steward, gw, granted, people_ids, consumer
):
    gw.post("/gateway/v1/resources/RK-001/lookup", {"key": {"id_number": people_ids[0]}})
    login(client, police_steward)
    page = client.get(S + "calls/?resource=RK-001").content.decode()
    assert consumer.identifier in page
    assert consumer.identifier not in client.get(S + "calls/?resource=OTHER").content.decode()
    login(client, market_steward)
    assert consumer.identifier in client.get(S + f"calls/?consumer={consumer.identifier}").content.decode()


def test_supervisor_reads_requests(client, supervisor, pending):
    login(client, supervisor)
    assert client.get(S + "?tab=all").status_code == 200
    assert client.get(S + f"requests/{pending.code}/").status_code == 200
    assert (
        client.post(
            S + f"requests/{pending.code}/approve", {"fields": ["id_number"], "duration_days": "5"}
        ).status_code
        == 404
    )


# Outsiders -------------------------------------------------------------------------------------


def _pages(consumer, pending, granted):
    return [
        ("get", S),
        ("get", S + "requests/new"),
        ("get", S + f"requests/{pending.code}/"),
        ("post", S + f"requests/{pending.code}/approve"),
        ("post", S + f"requests/{pending.code}/refuse"),
        ("get", S + "grants/"),
        ("post", S + f"grants/{granted.code}/revoke"),
        ("get", S + "consumers/"),
        ("get", S + f"consumers/{consumer.code}/"),
        ("post", S + f"consumers/{consumer.code}/change"),
        ("post", S + f"consumers/{consumer.code}/keys"),
        ("post", S + f"consumers/{consumer.code}/keys/yk_x/revoke"),
        ("get", S + "calls/"),
    ]


@pytest.fixture
def objects(consumer, population, market_steward, police_steward, granted):
    pending = sharing.do_request_share(
        consumer, population, purpose="另一用途", fields=["id_number"], duration_days=5, actor=market_steward
    )
    return consumer, pending, granted


def test_anonymous_is_sent_to_login(client, objects):
    for method, path in _pages(*objects):
        response = getattr(client, method)(path)
        assert response.status_code == 302 and "/accounts/login" in response["Location"], path


def test_citizen_and_officer_are_forbidden(client, objects, li_wei, other_officer):
    for user in (li_wei, other_officer):
        login(client, user)
        for method, path in _pages(*objects):
            assert getattr(client, method)(path).status_code == 403, (user, path)


def test_steward_of_another_department_sees_nothing(client, objects):
    other = f.steward_of(department("07"), "steward07")
    login(client, other)
    consumer, pending, granted = objects
    for method, path in _pages(*objects):
        response = getattr(client, method)(path)
        assert response.status_code in (200, 404), path
        if response.status_code == 200:
            page = response.content.decode()
            assert (
                consumer.identifier not in page
                and "人口基础信息" not in page
                or path.endswith("requests/new")
            )
    assert not ConsumerKey.objects.exists()  # no key issued by the outsider
    assert Grant.objects.filter(revoked_at__isnull=True).count() == 1
    assert not GatewayCall.objects.exists()
