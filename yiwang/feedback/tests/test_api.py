"""/api/v1/evaluations: rate with an Idempotency-Key, list one's own; outsiders and bad input refused."""

import pytest

from yiwang.cases.tests.api_client import ApiClient
from yiwang.feedback.models import Evaluation

URL = "/api/v1/evaluations"


def body(case, **changes):
    return {
        "target": "case",
        "code": str(case.code),
        "stage": "accept",
        "level": 2,
        "indicators": ["efficiency"],
        "comment": "材料要求说明不清。",
        **changes,
    }


@pytest.fixture
def api(client, li_wei):
    return ApiClient(client, li_wei)


def test_rate_once_and_a_retry_gets_the_same_evaluation(api, accepted_case):
    first = api.post(URL, body(accepted_case), headers={"Idempotency-Key": "rate-accept-0001"})
    assert first.status_code == 201, first.json()
    data = first.json()
    assert data["bad"] is True and data["loop_status"] == "visit" and data["channel_code"] == "1"
    again = api.post(URL, body(accepted_case), headers={"Idempotency-Key": "rate-accept-0001"})
    assert again.status_code == 201 and again.json()["code"] == data["code"]
    other_key = api.post(URL, body(accepted_case, level=5), headers={"Idempotency-Key": "rate-accept-0002"})
    assert other_key.status_code == 422 and Evaluation.objects.count() == 1


def test_a_token_of_the_mobile_app_rates_as_mobile(client, li_wei, accepted_case):
    from yiwang.accounts.actions import do_issue_api_token

    _token, clear = do_issue_api_token(li_wei, name="app", channel="mobile", actor=None)
    response = client.post(
        URL,
        body(accepted_case),
        content_type="application/json",
        headers={"Authorization": f"Bearer {clear}", "Idempotency-Key": "mobile-rate-1"},
    )
    assert response.status_code == 201 and Evaluation.objects.get().channel_code == "2"


def test_list_my_evaluations(api, client, accepted_case, wang_fang):
    api.post(URL, body(accepted_case, level=5), headers={"Idempotency-Key": "rate-accept-0003"})
    mine = api.get(URL).json()
    assert [e["number"] for e in mine] == [accepted_case.number]
    assert ApiClient(client, wang_fang).get(URL).json() == []


def test_outsiders_get_401_or_404(client, accepted_case, wang_fang, officer):
    anonymous = ApiClient(client, None)
    assert (
        anonymous.post(URL, body(accepted_case), headers={"Idempotency-Key": "anon-key-01"}).status_code
        == 401
    )
    assert anonymous.get(URL).status_code == 401
    for outsider in (wang_fang, officer):
        response = ApiClient(client, outsider).post(
            URL, body(accepted_case), headers={"Idempotency-Key": "x-key-001"}
        )
        assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    assert not Evaluation.objects.exists()


@pytest.mark.parametrize(
    "change",
    [
        {"level": 0},
        {"level": 6},
        {"level": "five"},
        {"target": "dataset"},
        {"stage": "later"},
        {"channel_code": "3"},
        {"channel_code": "9"},
        {"indicators": ["attitude"]},
        {"indicators": "efficiency"},
        {"comment": "x" * 501},
        {"comment": "\ud800"},
        {"code": "x" * 65},
        {"code": None},
    ],
)
def test_malformed_requests_are_refused(api, accepted_case, change):
    response = api.post(URL, body(accepted_case, **change), headers={"Idempotency-Key": "bad-input-01"})
    assert response.status_code in (400, 404, 422) and "error" in response.json()  # 400: a refused character
    assert not Evaluation.objects.exists()


def test_not_yet_and_malformed_bodies(api, accepted_case):
    response = api.post(URL, body(accepted_case, stage="result"), headers={"Idempotency-Key": "too-early-01"})
    assert response.status_code == 422
    assert api.post(URL, raw="{not json", headers={"Idempotency-Key": "bad-json-01"}).status_code == 400
    assert api.post(URL, body(accepted_case)).status_code == 400  # no Idempotency-Key
    assert api.post(URL, body(accepted_case), headers={"Idempotency-Key": "short"}).status_code == 400
    assert not Evaluation.objects.exists()


def test_documented_in_openapi(client, db):
    spec = client.get("/api/v1/openapi.json").json()
    assert {"get", "post"} <= set(spec["paths"]["/api/v1/evaluations"])
