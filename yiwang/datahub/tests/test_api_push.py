"""POST /api/v1/data/resources/{code}/records: stewards push rows; idempotent; outsiders refused."""

import pytest

from conftest import _staff, department, login
from yiwang.accounts.actions import do_issue_api_token
from yiwang.datahub.models import ImportBatch, Record
from yiwang.datahub.tests.factories import people, registry

pytestmark = pytest.mark.usefixtures("district")


def token_for(user):
    return do_issue_api_token(user, name="system", actor=None)[1]


def push(client, code, records, token, key="push-key-0001", mode="all_or_nothing"):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    if key:
        headers["Idempotency-Key"] = key
    return client.post(
        f"/api/v1/data/resources/{code}/records",
        {"mode": mode, "records": records},
        content_type="application/json",
        headers=headers,
    )


@pytest.fixture
def population():
    return registry()["人口基础信息"]


def test_steward_pushes_and_a_retry_loads_nothing_twice(client, steward, population):
    token = token_for(steward)
    rows = people(3)
    first = push(client, population.code, rows, token)
    assert first.status_code == 201 and first.json()["created"] == 3
    again = push(client, population.code, rows, token)
    assert again.status_code == 201 and again.json() == first.json()
    assert ImportBatch.objects.count() == 1 and Record.objects.count() == 3
    other = push(client, population.code, people(1), token)
    assert other.status_code == 409 and other.json()["error"]["code"] == "idempotency_key_reused"
    assert push(client, population.code, rows, token, key="").status_code == 400
    assert ImportBatch.objects.get().source == ImportBatch.API


def test_bad_rows_refuse_the_push_with_row_errors(client, steward, population):
    token = token_for(steward)
    rows = people(2)
    rows[1]["sex"] = "9x"
    response = push(client, population.code, rows, token)
    assert response.status_code == 422
    body = response.json()["error"]
    assert body["code"] == "rows_invalid" and body["details"]["errors"][0]["column"] == "sex"
    assert Record.objects.count() == 0
    response = push(client, population.code, rows, token, key="push-key-0002", mode="good_rows")
    assert response.status_code == 201 and response.json()["bad"] == 1


def test_malformed_bodies_get_clear_errors(client, steward, population):
    token = token_for(steward)
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": "push-key-0003"}
    url = f"/api/v1/data/resources/{population.code}/records"
    assert client.post(url, "{nope", content_type="application/json", headers=headers).status_code == 400
    assert (
        client.post(url, {"records": "x"}, content_type="application/json", headers=headers).status_code
        == 422
    )
    nested = push(client, population.code, [{**people(1)[0], "name": {"a": 1}}], token, key="push-key-0004")
    assert nested.status_code == 422
    surrogate = client.post(
        url,
        '{"records": [{"name": "\\ud800"}]}',
        content_type="application/json",
        headers={**headers, "Idempotency-Key": "push-key-0005"},
    )
    assert surrogate.status_code == 400 and surrogate.json()["error"]["code"] == "invalid_text"


@pytest.mark.parametrize("who", ["anonymous", "citizen", "other_steward", "sysadmin"])
def test_outsiders_cannot_push(client, who, population, li_wei, sysadmin):
    token = None
    if who == "citizen":
        token = token_for(li_wei)
    elif who == "other_steward":
        token = token_for(_staff("steward6", "吴霞", department("06"), "data_steward"))
    elif who == "sysadmin":
        login(client, sysadmin)  # administrators have no tokens: their session
    response = push(
        client, population.code, people(1), token or ("yw_invalid" if who == "anonymous" else None)
    )
    assert (
        response.status_code == {"anonymous": 401, "citizen": 404, "other_steward": 404, "sysadmin": 403}[who]
    )
    assert Record.objects.count() == 0
