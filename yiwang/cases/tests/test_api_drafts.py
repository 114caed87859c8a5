"""The save-draft flow of /api/v1/cases: start, save answers, upload, submit; others' drafts are 404."""

import pytest

from conftest import sole_trader_answers, upload
from yiwang.cases.models import Case, CaseMaterial
from yiwang.cases.tests.api_client import assert_error

DRAFTS = "/api/v1/cases/drafts"


@pytest.fixture
def draft(as_user, li_wei, sole_trader_item):
    response = as_user(li_wei).post(DRAFTS, {"item": str(sole_trader_item.code)})
    assert response.status_code == 201, response.content
    return Case.objects.get(code=response.json()["code"])


def lease_id(case):
    return case.version.materials.get(source="applicant").pk


def test_draft_flow_reaches_the_department(as_user, li_wei, draft):
    api = as_user(li_wei)
    url = f"/api/v1/cases/{draft.code}"

    saved = api.put(f"{url}/answers", {"answers": sole_trader_answers()})
    uploaded = api.upload(f"{url}/materials", {"file": upload(), "material": lease_id(draft)})
    submitted = api.post(f"{url}/submit")

    assert saved.status_code == 200 and saved.json()["answers"]["trade_name"] == "李记小面"
    assert uploaded.status_code == 201, uploaded.content
    assert uploaded.json()["content_type"] == "application/pdf"
    assert uploaded.json()["file_name"] == "lease.pdf"
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    draft.refresh_from_db()
    assert draft.status == Case.SUBMITTED


def test_draft_starts_with_what_the_government_holds(draft):
    assert draft.status == Case.DRAFT
    assert draft.data["operator_name"] == "李伟"


def test_partial_answers_are_kept_and_wrong_ones_refused(as_user, li_wei, draft):
    api = as_user(li_wei)
    url = f"/api/v1/cases/{draft.code}/answers"

    assert api.put(url, {"answers": {"trade_name": "李记"}}).status_code == 200
    error = assert_error(
        api.put(url, {"answers": {"capital": "lots", "opening_date": "someday"}}), 422, "invalid_input"
    )

    assert set(error["details"]) == {"capital", "opening_date"}
    draft.refresh_from_db()
    assert draft.data["trade_name"] == "李记" and "capital" not in draft.data


def test_submitting_an_incomplete_draft_names_everything_missing(as_user, li_wei, draft):
    error = assert_error(as_user(li_wei).post(f"/api/v1/cases/{draft.code}/submit"), 422, "invalid_input")

    assert {"materials", "business_scope", "address", "capital"} <= set(error["details"])
    draft.refresh_from_db()
    assert draft.status == Case.DRAFT


def test_submitting_twice_is_a_wrong_state(as_user, li_wei, submitted_case):
    assert_error(as_user(li_wei).post(f"/api/v1/cases/{submitted_case.code}/submit"), 409, "wrong_state")


def test_changing_a_submitted_case_is_a_wrong_state(as_user, li_wei, submitted_case):
    api = as_user(li_wei)
    url = f"/api/v1/cases/{submitted_case.code}"

    assert_error(api.put(f"{url}/answers", {"answers": {"trade_name": "新"}}), 409, "wrong_state")
    assert_error(api.upload(f"{url}/materials", {"file": upload()}), 409, "wrong_state")
    submitted_case.refresh_from_db()
    assert submitted_case.data["trade_name"] == "李记小面"


def test_upload_that_is_not_a_document_is_refused(as_user, li_wei, draft):
    response = as_user(li_wei).upload(
        f"/api/v1/cases/{draft.code}/materials", {"file": upload("lease.pdf", b"MZ\x90\x00 not a pdf")}
    )

    error = assert_error(response, 422, "invalid_input")
    assert error["details"]["file"] == ["Upload a PDF, JPEG, PNG or OFD file."]
    assert CaseMaterial.objects.filter(case=draft).count() == 0


def test_upload_without_a_file_is_refused(as_user, li_wei, draft):
    assert_error(
        as_user(li_wei).upload(f"/api/v1/cases/{draft.code}/materials", {"material": lease_id(draft)}),
        422,
        "invalid_input",
    )


@pytest.mark.parametrize("material", ["999999", "lease"])
def test_upload_for_a_material_of_another_service_is_refused(as_user, li_wei, draft, material):
    response = as_user(li_wei).upload(
        f"/api/v1/cases/{draft.code}/materials", {"file": upload(), "material": material}
    )

    assert_error(response, 422, "invalid_input")
    assert CaseMaterial.objects.filter(case=draft).count() == 0


def test_answers_of_the_wrong_type_are_refused(as_user, li_wei, draft):
    api = as_user(li_wei)
    url = f"/api/v1/cases/{draft.code}/answers"

    assert_error(api.put(url, {"answers": ["x"]}), 422, "invalid_input")
    assert_error(api.put(url, raw="{"), 400, "invalid_json")


def test_draft_of_unknown_item_is_refused(as_user, li_wei, district):
    error = assert_error(
        as_user(li_wei).post(DRAFTS, {"item": "11500103MB0000004X099999"}), 422, "invalid_input"
    )

    assert "item" in error["details"]
    assert Case.objects.count() == 0


def test_other_citizen_cannot_touch_the_draft(as_user, wang_fang, draft):
    api = as_user(wang_fang)
    url = f"/api/v1/cases/{draft.code}"

    assert_error(api.get(url), 404, "not_found")
    assert_error(api.put(f"{url}/answers", {"answers": {"trade_name": "王"}}), 404, "not_found")
    assert_error(api.upload(f"{url}/materials", {"file": upload()}), 404, "not_found")
    assert_error(api.post(f"{url}/submit"), 404, "not_found")
    assert_error(api.post(f"{url}/withdraw", {}), 404, "not_found")
    draft.refresh_from_db()
    assert draft.status == Case.DRAFT and "trade_name" not in draft.data
    assert not draft.materials.exists()


def test_officer_does_not_see_drafts(as_user, officer, draft):
    assert_error(as_user(officer).get(f"/api/v1/staff/cases/{draft.code}/accept"), 405, "method_not_allowed")
    assert_error(as_user(officer).post(f"/api/v1/staff/cases/{draft.code}/accept", {}), 404, "not_found")


def test_malformed_case_code_is_404(as_user, li_wei, district):
    assert_error(as_user(li_wei).get("/api/v1/cases/not-a-code"), 404, "not_found")
