"""POST /api/v1/cases: apply in one request, once per Idempotency-Key."""

import threading

import pytest
from django.db import connection

from yiwang.cases import actions
from yiwang.cases.models import Case
from yiwang.cases.tests.api_client import assert_error, fetched_only_item
from yiwang.core.identifiers import make_credit_code
from yiwang.core.models import Event, IdempotencyKey

URL = "/api/v1/cases"
ANSWERS = {
    "trade_name": "李记小面",
    "business_scope": "餐饮服务",
    "address": "重庆市渝中区民族路 88 号",
    "capital": "5",
}


@pytest.fixture
def item(district):
    return fetched_only_item()


def body(service, **changes):
    data = {"item": str(service.code), "applicant": "self", "answers": dict(ANSWERS)}
    data.update(changes)
    return data


def counts():
    return Case.objects.count(), Event.objects.count(), IdempotencyKey.objects.count()


def test_citizen_applies_in_one_request(as_user, li_wei, item):
    response = as_user(li_wei).post(URL, body(item), headers={"Idempotency-Key": "apply-0001"})

    assert response.status_code == 201, response.content
    case = Case.objects.get()
    data = response.json()
    assert data["code"] == str(case.code) and data["number"] == case.number
    assert data["status"] == "submitted" and case.status == Case.SUBMITTED
    assert case.owner == li_wei and case.channel == "api"
    assert data["answers"]["operator_name"] == "李伟"  # prefilled from the person
    assert data["item"]["implementation_code"] == item.implementation_code
    assert [step["name"] for step in data["timeline"]] == ["申请", "受理"]
    assert data["materials"][0]["status"] == "awaiting"


def test_item_may_be_named_by_implementation_code(as_user, li_wei, item):
    response = as_user(li_wei).post(
        URL, body(item, item=item.implementation_code), headers={"Idempotency-Key": "apply-0002"}
    )

    assert response.status_code == 201, response.content


def test_retry_with_the_same_key_returns_the_same_case(as_user, li_wei, item):
    api = as_user(li_wei)
    first = api.post(URL, body(item), headers={"Idempotency-Key": "apply-0003"})
    before = counts()

    again = api.post(URL, body(item), headers={"Idempotency-Key": "apply-0003"})

    assert again.status_code == 201
    assert again.json() == first.json()
    assert counts() == before
    assert Case.objects.count() == 1


def test_same_key_with_another_body_is_a_conflict(as_user, li_wei, item):
    api = as_user(li_wei)
    api.post(URL, body(item), headers={"Idempotency-Key": "apply-0004"})
    before = counts()

    response = api.post(
        URL, body(item, answers={**ANSWERS, "capital": "6"}), headers={"Idempotency-Key": "apply-0004"}
    )

    assert_error(response, 409, "idempotency_key_reused")
    assert counts() == before


def test_another_user_may_use_the_same_key(as_user, li_wei, wang_fang, item):
    as_user(li_wei).post(URL, body(item), headers={"Idempotency-Key": "apply-0005"})

    response = as_user(wang_fang).post(URL, body(item), headers={"Idempotency-Key": "apply-0005"})

    assert response.status_code == 201
    assert Case.objects.filter(owner=wang_fang).count() == 1


@pytest.mark.parametrize(
    ("key", "code"),
    [
        (None, "idempotency_key_missing"),
        ("short", "idempotency_key_invalid"),
        ("has space 123", "idempotency_key_invalid"),
    ],
)
def test_missing_or_malformed_key_is_refused(as_user, li_wei, item, key, code):
    api = as_user(li_wei)
    before = counts()
    headers = {"Idempotency-Key": key} if key else {}

    response = api.post(URL, body(item), headers=headers)

    assert_error(response, 400, code)
    assert counts() == before


def test_bad_json_is_refused(as_user, li_wei, item):
    response = as_user(li_wei).post(URL, raw='{"item": ', headers={"Idempotency-Key": "apply-0006"})

    assert_error(response, 400, "invalid_json")
    assert Case.objects.count() == 0


@pytest.mark.parametrize(
    "changes",
    [{"item": 7}, {"answers": ["a"]}, {"applicant": None}, {"answers": "x"}, {"item": "x" * 41}],
    ids=["item_int", "answers_list", "applicant_null", "answers_text", "item_too_long"],
)
def test_wrong_types_are_refused(as_user, li_wei, item, changes):
    response = as_user(li_wei).post(URL, body(item, **changes), headers={"Idempotency-Key": "apply-0007"})

    assert_error(response, 422, "invalid_input")
    assert Case.objects.count() == 0


def test_missing_item_is_refused(as_user, li_wei, item):
    data = body(item)
    del data["item"]

    error = assert_error(
        as_user(li_wei).post(URL, data, headers={"Idempotency-Key": "apply-0008"}), 422, "invalid_input"
    )

    assert error["details"][0]["loc"][-1] == "item"


def test_lone_surrogate_in_answers_is_refused(as_user, li_wei, item):
    raw = f'{{"item": "{item.code}", "answers": {{"trade_name": "\\ud800"}}}}'

    response = as_user(li_wei).post(URL, raw=raw, headers={"Idempotency-Key": "apply-0009"})

    assert_error(response, 400, "invalid_text")


@pytest.mark.parametrize("reference", ["00000000-0000-0000-0000-000000000000", "nonsense"])
def test_unknown_item_is_refused(as_user, li_wei, item, reference):
    error = assert_error(
        as_user(li_wei).post(URL, body(item, item=reference), headers={"Idempotency-Key": "apply-0010"}),
        422,
        "invalid_input",
    )

    assert error["details"]["item"] == ["There is no such service."]
    assert IdempotencyKey.objects.count() == 0


def test_wrong_answers_are_named_and_nothing_is_kept(as_user, li_wei, item):
    api = as_user(li_wei)
    before = counts()

    response = api.post(
        URL,
        body(item, answers={**ANSWERS, "capital": "lots", "colour": "red"}),
        headers={"Idempotency-Key": "apply-0011"},
    )

    error = assert_error(response, 422, "invalid_input")
    assert set(error["details"]) == {"capital", "data"}
    assert counts() == before


def test_missing_required_answers_are_refused(as_user, li_wei, item):
    response = as_user(li_wei).post(URL, body(item, answers={}), headers={"Idempotency-Key": "apply-0012"})

    error = assert_error(response, 422, "invalid_input")
    assert "business_scope" in error["details"]
    assert Case.objects.count() == 0


def test_required_upload_missing_is_refused(as_user, li_wei, sole_trader_item):
    response = as_user(li_wei).post(URL, body(sole_trader_item), headers={"Idempotency-Key": "apply-0013"})

    error = assert_error(response, 422, "invalid_input")
    assert "materials" in error["details"]
    assert Case.objects.count() == 0


def test_enterprise_the_user_does_not_act_for_is_refused(as_user, li_wei, wang_fang, item):
    from yiwang.accounts.actions import do_register_enterprise

    enterprise = do_register_enterprise(
        user=wang_fang,
        name="王记商行有限公司",
        legal_representative="王芳",
        credit_code=make_credit_code("91500103MA5U00001"),
    )

    error = assert_error(
        as_user(li_wei).post(
            URL, body(item, applicant=str(enterprise.code)), headers={"Idempotency-Key": "apply-0014"}
        ),
        422,
        "invalid_input",
    )

    assert error["details"]["applicant"] == ["You do not act for this enterprise."]
    assert Case.objects.count() == 0


def test_enterprise_applicant_for_a_person_only_item_is_refused(as_user, li_wei, item):
    from yiwang.accounts.actions import do_register_enterprise

    enterprise = do_register_enterprise(
        user=li_wei,
        name="李记餐饮有限公司",
        legal_representative="李伟",
        credit_code=make_credit_code("91500103MA5U00002"),
    )

    error = assert_error(
        as_user(li_wei).post(
            URL, body(item, applicant=str(enterprise.code)), headers={"Idempotency-Key": "apply-0015"}
        ),
        422,
        "invalid_input",
    )

    assert error["details"]["applicant"] == ["This service is for persons."]


def test_staff_account_without_a_person_cannot_apply_as_self(as_user, officer, item):
    error = assert_error(
        as_user(officer).post(URL, body(item), headers={"Idempotency-Key": "apply-0016"}),
        422,
        "invalid_input",
    )

    assert "applicant" in error["details"]


def test_without_a_token_nothing_happens(as_user, item):
    assert_error(
        as_user(None).post(URL, body(item), headers={"Idempotency-Key": "apply-0017"}),
        401,
        "not_authenticated",
    )
    assert Case.objects.count() == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers (PostgreSQL)")
@pytest.mark.django_db(transaction=True)
def test_simultaneous_retries_create_one_case(client, monkeypatch, district, li_wei):
    """Both requests pass the key check before either commits: one case, and both answers name it."""
    from django.test import Client

    from yiwang.cases.tests.api_client import bearer

    item = fetched_only_item()
    headers = {**bearer(li_wei), "Idempotency-Key": "apply-race-0001"}
    both_applying = threading.Barrier(2, timeout=10)
    real_apply = actions.do_apply

    def apply_together(*args, **kwargs):
        both_applying.wait()  # each has looked for the key and found none
        return real_apply(*args, **kwargs)

    monkeypatch.setattr(actions, "do_apply", apply_together)
    answers = []

    def request():
        try:
            answers.append(Client().post(URL, body(item), content_type="application/json", headers=headers))
        finally:
            connection.close()

    threads = [threading.Thread(target=request) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert [answer.status_code for answer in answers] == [201, 201]
    assert answers[0].json()["code"] == answers[1].json()["code"]
    assert Case.objects.count() == 1
    assert Event.objects.filter(code=202).count() == 1


def test_personal_answers_are_masked_in_the_answer_and_the_stored_replay(as_user, li_wei, item):
    import json

    response = as_user(li_wei).post(URL, body(item), headers={"Idempotency-Key": "apply-0018"})

    answers = response.json()["answers"]
    stored = json.dumps(IdempotencyKey.objects.get().response, ensure_ascii=False)
    case = Case.objects.get()
    assert answers["operator_id"] == "5001**********" + case.data["operator_id"][-4:]
    assert answers["phone"] == "138****0001"
    assert answers["address"].startswith("重庆市渝中区") and "*" in answers["address"]
    for secret in (case.data["operator_id"], case.data["phone"], case.data["address"]):
        assert secret not in stored
