"""/api/v1/bundles and /api/v1/my-bundles: read, apply once with an Idempotency-Key, follow; outsiders
get 401 or 404, bad input a 4xx in the shared shape."""

import pytest

from yiwang.bundles.models import BundleCase
from yiwang.bundles.tests.world import BIRTH_ANSWERS, DEATH_ANSWERS, submit
from yiwang.cases.models import Case
from yiwang.cases.tests.api_client import ApiClient

pytestmark = pytest.mark.usefixtures("demo_bundles")


def test_bundles_are_public_with_their_form_and_guide(client):
    api = ApiClient(client, None)
    listing = api.get("/api/v1/bundles").json()
    assert len(listing) >= 8 and all(row["savings"]["days"] >= 0 for row in listing)
    detail = api.get("/api/v1/bundles/restaurant").json()
    assert [q["key"] for q in detail["questions"]] == ["for_whom", "sign"]
    assert any(i["waits_for"] for i in detail["items"])
    assert api.get("/api/v1/bundles/nothing").status_code == 404


def test_apply_once_with_a_key(client, li_wei):
    api = ApiClient(client, li_wei)
    body = {"answers": BIRTH_ANSWERS}
    first = api.post("/api/v1/bundles/birth/applications", body, headers={"Idempotency-Key": "birth-0001"})
    assert first.status_code == 201, first.content
    again = api.post("/api/v1/bundles/birth/applications", body, headers={"Idempotency-Key": "birth-0001"})
    assert again.status_code == 201 and again.json()["code"] == first.json()["code"]
    assert BundleCase.objects.count() == 1 and Case.objects.count() == 3
    other = api.post(
        "/api/v1/bundles/birth/applications",
        {"answers": {**BIRTH_ANSWERS, "child_sex": "男"}},
        headers={"Idempotency-Key": "birth-0001"},
    )
    assert other.status_code == 409 and other.json()["error"]["code"] == "idempotency_key_reused"
    mine = api.get(f"/api/v1/my-bundles/{first.json()['code']}").json()
    assert sorted(p["state"] for p in mine["parts"]) == ["running", "running", "waiting"]
    assert mine["timeline"]


def test_apply_needs_a_key(client, li_wei):
    response = ApiClient(client, li_wei).post(
        "/api/v1/bundles/after-death/applications", {"answers": DEATH_ANSWERS}
    )
    assert response.status_code == 400 and response.json()["error"]["code"] == "idempotency_key_missing"
    assert BundleCase.objects.count() == 0


@pytest.mark.parametrize(
    "body",
    [
        {"answers": "not an object"},
        {"answers": {**DEATH_ANSWERS, "deceased_id": "123"}},
        {"guide": {"x": 1}},
        {"applicant": "some enterprise", "answers": DEATH_ANSWERS},
    ],
)
def test_bad_input_is_a_clear_422(client, li_wei, body):
    response = ApiClient(client, li_wei).post(
        "/api/v1/bundles/after-death/applications", body, headers={"Idempotency-Key": "bad-input-1"}
    )
    assert response.status_code == 422 and response.json()["error"]["code"] == "invalid_input"
    assert BundleCase.objects.count() == 0


def test_text_with_a_lone_surrogate_is_a_clear_400(client, li_wei):
    response = ApiClient(client, li_wei).post(
        "/api/v1/bundles/after-death/applications",
        {"answers": {"deceased_name": "\ud800"}},
        headers={"Idempotency-Key": "bad-input-2"},
    )
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid_text"
    assert BundleCase.objects.count() == 0


def test_uploads_are_named_when_the_situation_needs_them(client, li_wei):
    response = ApiClient(client, li_wei).post(
        "/api/v1/bundles/restaurant/applications",
        {"answers": {}, "guide": {"for_whom": "self", "sign": "no"}},
        headers={"Idempotency-Key": "restaurant-1"},
    )
    assert response.status_code == 422
    assert "material:经营场所使用证明" in response.json()["error"]["details"]


def test_outsiders(client, li_wei, wang_fang):
    bundle_case = submit("after-death", li_wei, DEATH_ANSWERS)
    anonymous = ApiClient(client, None)
    assert anonymous.get("/api/v1/my-bundles").status_code == 401
    assert (
        anonymous.post(
            "/api/v1/bundles/after-death/applications",
            {"answers": DEATH_ANSWERS},
            headers={"Idempotency-Key": "anon-00001"},
        ).status_code
        == 401
    )
    other = ApiClient(client, wang_fang)
    assert other.get(f"/api/v1/my-bundles/{bundle_case.code}").status_code == 404
    assert other.get("/api/v1/my-bundles/not-a-uuid").status_code == 404
    assert other.get("/api/v1/my-bundles").json()["count"] == 0
