"""Signed requests: a valid signature passes; a wrong key, a changed body or path, a stale timestamp,
a replayed nonce, a revoked key or a suspended system are refused with a clear JSON error; rate limits."""

import json
import time

import pytest

from yiwang.datahub import sharing, signing
from yiwang.datahub.models import GatewayCall, GatewayNonce
from yiwang.datahub.tests import share_factories as f
from yiwang.datahub.tests.share_world import *  # noqa: F401,F403

LOOKUP = "/gateway/v1/resources/RK-001/lookup"


def _post(client, headers, body):
    return client.generic("POST", LOOKUP, body, content_type="application/json", headers=headers)


def _body(people_ids):
    return json.dumps({"key": {"id_number": people_ids[0]}}).encode()


def _signed(issued_key, body, **kwargs):
    key, secret = issued_key
    headers = signing.signed_headers(key.key_id, secret, "POST", kwargs.pop("path", LOOKUP), body, **kwargs)
    headers["X-Yiwang-Purpose"] = (
        "%E4%B8%AA%E4%BD%93%E5%B7%A5%E5%95%86%E6%88%B7%E7%99%BB%E8%AE%B0%E6%A0%B8%E9%AA%8C"
    )
    return headers


def test_a_valid_signature_passes(client, granted, issued_key, people_ids):
    assert _post(client, _signed(issued_key, _body(people_ids)), _body(people_ids)).status_code == 200


def test_the_secret_is_derived_and_only_its_hash_is_kept(issued_key):
    key, secret = issued_key
    assert signing.secret_for(key.key_id) == secret and secret not in key.secret_hash
    assert key.secret_hash == signing.secret_hash(secret)


def _code(response):
    return response.status_code, response.json()["error"]["code"]


def test_a_wrong_secret_is_refused(client, granted, issued_key, people_ids):
    key, _ = issued_key
    headers = signing.signed_headers(key.key_id, "0" * 64, "POST", LOOKUP, _body(people_ids))
    assert _code(_post(client, headers, _body(people_ids))) == (401, "signature_invalid")


def test_an_unknown_key_id_is_refused(client, granted, issued_key, people_ids):
    headers = signing.signed_headers(
        "yk_" + "a" * 24, signing.secret_for("yk_" + "a" * 24), "POST", LOOKUP, _body(people_ids)
    )
    assert _code(_post(client, headers, _body(people_ids))) == (401, "unknown_key")


def test_a_changed_body_is_refused(client, granted, issued_key, people_ids):
    headers = _signed(issued_key, _body(people_ids))
    other = json.dumps({"key": {"id_number": people_ids[1]}}).encode()
    assert _code(_post(client, headers, other)) == (401, "signature_invalid")


def test_a_changed_path_is_refused(client, granted, issued_key, people_ids):
    headers = _signed(issued_key, _body(people_ids), path="/gateway/v1/resources/RK-002/lookup")
    assert _code(_post(client, headers, _body(people_ids))) == (401, "signature_invalid")


def test_a_changed_query_string_is_refused(client, granted, issued_key):
    key, secret = issued_key
    headers = signing.signed_headers(key.key_id, secret, "GET", "/gateway/v1/resources?a=1")
    assert _code(client.get("/gateway/v1/resources?a=2", headers=headers)) == (401, "signature_invalid")
    headers = signing.signed_headers(key.key_id, secret, "GET", "/gateway/v1/resources?a=1")
    assert client.get("/gateway/v1/resources?a=1", headers=headers).status_code == 200


def test_a_stale_request_is_refused(client, granted, issued_key, people_ids):
    for skew in (-301, 301):
        headers = _signed(issued_key, _body(people_ids), timestamp=int(time.time()) + skew)
        assert _code(_post(client, headers, _body(people_ids))) == (401, "stale_request")


def test_a_replayed_request_is_refused(client, granted, issued_key, people_ids):
    headers = _signed(issued_key, _body(people_ids))
    assert _post(client, headers, _body(people_ids)).status_code == 200
    assert _code(_post(client, headers, _body(people_ids))) == (401, "replayed_request")


def test_nonces_are_forgotten_after_their_window(granted, issued_key):
    from django.utils import timezone

    key, _ = issued_key
    GatewayNonce.objects.create(key_id=key.key_id, nonce="n" * 10, expires_at=timezone.now())
    assert signing.purge_nonces(timezone.now() + timezone.timedelta(seconds=1)) == 1


def test_a_revoked_key_is_refused(client, granted, issued_key, people_ids, market_steward):
    sharing.do_revoke_consumer_key(issued_key[0], actor=market_steward)
    assert _code(_post(client, _signed(issued_key, _body(people_ids)), _body(people_ids))) == (
        401,
        "unknown_key",
    )


def test_a_suspended_system_is_refused(client, granted, issued_key, people_ids, market_steward, consumer):
    sharing.do_change_consumer(consumer, rate_limit=600, is_active=False, actor=market_steward)
    assert _code(_post(client, _signed(issued_key, _body(people_ids)), _body(people_ids))) == (
        403,
        "consumer_inactive",
    )


@pytest.mark.parametrize(
    "headers, code",
    [
        ({}, "signature_missing"),
        ({"Authorization": "Bearer x"}, "signature_malformed"),
        ({"Authorization": "YW-HMAC-SM3 Credential=yk_1, Signature=" + "a" * 64}, "timestamp_invalid"),
        (
            {
                "Authorization": "YW-HMAC-SM3 Credential=yk_1, Signature=" + "a" * 64,
                "X-Yiwang-Timestamp": "１２",
            },
            "timestamp_invalid",
        ),
        (
            {
                "Authorization": "YW-HMAC-SM3 Credential=yk_1, Signature=" + "a" * 64,
                "X-Yiwang-Timestamp": str(int(time.time())),
                "X-Yiwang-Nonce": "short",
            },
            "nonce_invalid",
        ),
    ],
)
def test_malformed_signature_headers_get_clear_errors(client, granted, headers, code):
    response = _post(client, headers, b"{}")
    assert _code(response) == (401, code) and response.json()["error"]["message"]
    assert GatewayCall.objects.get().status == 401  # refused calls are logged too


def test_rate_limit_answers_429_with_retry_after(
    client, granted, issued_key, people_ids, market_steward, consumer
):
    sharing.do_change_consumer(consumer, rate_limit=2, is_active=True, actor=market_steward)
    key, secret = issued_key
    gw = f.GatewayClient(client, key.key_id, secret, purpose="个体工商户登记核验")
    # Five calls span at most two one-minute windows, so one window sees a third call: refused.
    responses = [gw.post(LOOKUP, {"key": {"id_number": people_ids[0]}}) for _ in range(5)]
    assert [r.status_code for r in responses[:2]] == [200, 200]
    response = next(r for r in responses if r.status_code == 429)
    assert response.json()["error"]["code"] == "rate_limited"
    assert 1 <= int(response["Retry-After"]) <= 60


def test_rate_limits_are_per_system(client, granted, issued_key, people_ids, market_steward, consumer):
    sharing.do_change_consumer(consumer, rate_limit=1, is_active=True, actor=market_steward)
    other = f.consumer_of(consumer.department, market_steward, subsystem="other-system")
    other_key, other_secret = sharing.do_issue_consumer_key(other, actor=market_steward)
    key, secret = issued_key
    mine = f.GatewayClient(client, key.key_id, secret)
    theirs = f.GatewayClient(client, other_key.key_id, other_secret)
    mine.get("/gateway/v1/resources")
    mine.get("/gateway/v1/resources")
    assert theirs.get("/gateway/v1/resources").status_code == 200
