"""GovStack applications and documents: a case filed, followed and changed through the spec's operations."""

import pytest

from conftest import sole_trader_answers, upload
from yiwang.cases.models import Case
from yiwang.cases.tests.api_client import bearer
from yiwang.cases.tests.govstack_spec import REGISTRATION, assert_conforms
from yiwang.core.models import Event

BASE = "/govstack/registration"
MEDIATOR = {"Information-Mediator-Client": "eGovStack/GOV/90000009/yiwang-test"}


@pytest.fixture
def citizen(li_wei):
    return {**bearer(li_wei), **MEDIATOR}


def document(client, headers, metadata="", name="lease.pdf", content=None):
    kwargs = {"content": content} if content is not None else {}
    url = f"{BASE}/documents" + (f"?additionalMetadata={metadata}" if metadata else "")
    return client.post(url, {"file": upload(name, **kwargs)}, headers=headers)


def file_application(client, headers, item, applicant_id, urls=(), answers=None, **extra):
    answers = sole_trader_answers() if answers is None else answers
    body = {
        "applicantId": applicant_id,
        "formData": {"data": {k: {"value": v} for k, v in answers.items()}},
        "documentUrls": list(urls),
        **extra,
    }
    return client.post(
        f"{BASE}/services/{item.code}/applications", body, content_type="application/json", headers=headers
    )


def lease_url(client, headers, item):
    lease = item.current.materials.get(source="applicant")
    return document(client, headers, lease.pk).json()["url"]


def test_citizen_files_an_application_with_a_document(client, citizen, li_wei, sole_trader_item):
    url = lease_url(client, citizen, sole_trader_item)

    response = file_application(client, citizen, sole_trader_item, str(li_wei.code), [url])

    assert response.status_code == 200, response.content
    case = Case.objects.get()
    assert response.json()["fileId"] == str(case.code) and case.status == Case.SUBMITTED
    assert case.materials.get(material__source="applicant").original_name == "lease.pdf"
    assert case.owner == li_wei


def test_bare_values_are_accepted_in_form_data(client, citizen, li_wei, sole_trader_item):
    url = lease_url(client, citizen, sole_trader_item)
    body = {
        "applicantId": str(li_wei.person.code),
        "formData": {"data": sole_trader_answers()},
        "documentUrls": [url],
    }

    response = client.post(
        f"{BASE}/services/{sole_trader_item.code}/applications",
        body,
        content_type="application/json",
        headers=citizen,
    )

    assert response.status_code == 200, response.content


def test_missing_document_names_the_material(client, citizen, li_wei, sole_trader_item):
    response = file_application(client, citizen, sole_trader_item, str(li_wei.code))

    assert response.status_code == 400
    assert "materials" in response.json()["details"]
    assert Case.objects.count() == 0


def test_a_document_is_used_once(
    client, citizen, li_wei, sole_trader_item, django_capture_on_commit_callbacks
):
    url = lease_url(client, citizen, sole_trader_item)
    with django_capture_on_commit_callbacks(execute=True):
        file_application(client, citizen, sole_trader_item, str(li_wei.code), [url])

    again = file_application(client, citizen, sole_trader_item, str(li_wei.code), [url])

    assert again.status_code == 400 and Case.objects.count() == 1


def test_another_users_document_cannot_be_named(client, citizen, wang_fang, sole_trader_item):
    url = lease_url(client, citizen, sole_trader_item)
    other = {**bearer(wang_fang), **MEDIATOR}

    response = file_application(client, other, sole_trader_item, str(wang_fang.code), [url])

    assert response.status_code == 400 and Case.objects.count() == 0


def test_retry_with_an_idempotency_key_files_once(client, citizen, li_wei, sole_trader_item):
    url = lease_url(client, citizen, sole_trader_item)
    headers = {**citizen, "Idempotency-Key": "govstack-0001"}

    first = file_application(client, headers, sole_trader_item, str(li_wei.code), [url])
    second = file_application(client, headers, sole_trader_item, str(li_wei.code), [url])

    assert first.status_code == second.status_code == 200
    assert first.json() == second.json() and Case.objects.count() == 1


@pytest.mark.parametrize(
    ("headers", "status", "code"),
    [
        ({}, 400, "information_mediator_client_missing"),
        ({"Information-Mediator-Client": "just-one-part"}, 400, "information_mediator_client_missing"),
        (MEDIATOR, 401, "not_authenticated"),
        ({**MEDIATOR, "Authorization": "Bearer yw_nope_nope"}, 401, "not_authenticated"),
    ],
)
def test_header_and_token_are_required(client, li_wei, sole_trader_item, headers, status, code):
    response = file_application(client, headers, sole_trader_item, str(li_wei.code))

    assert response.status_code == status and response.json()["code"] == code
    assert Case.objects.count() == 0


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ("{", None),
        ("[]", None),
        ('{"formData": {}}', "applicantId"),
        ('{"applicantId": 7}', "applicantId"),
        ('{"applicantId": "%(me)s", "formData": []}', "formData"),
        ('{"applicantId": "%(me)s", "formData": {"data": []}}', "formData"),
        ('{"applicantId": "%(me)s", "documentUrls": "x"}', "documentUrls"),
        ('{"applicantId": "%(me)s", "documentUrls": ["https://elsewhere.example/x"]}', "documentUrls"),
        ('{"applicantId": "%(me)s", "formData": {"eFormId": "other-v9"}}', "eFormId"),
        ('{"applicantId": "%(me)s", "formData": {"data": {"capital": {"value": "lots"}}}}', "capital"),
        ('{"applicantId": "%(me)s", "formData": {"data": {"trade_name": "\\ud800"}}}', None),
    ],
)
def test_bad_bodies_are_400_and_change_nothing(client, citizen, li_wei, sole_trader_item, raw, field):
    before = Event.objects.count()

    response = client.post(
        f"{BASE}/services/{sole_trader_item.code}/applications",
        raw % {"me": li_wei.code},
        content_type="application/json",
        headers=citizen,
    )

    assert response.status_code == 400, response.content
    if field:
        assert field in response.json()["details"]
    assert Case.objects.count() == 0 and Event.objects.count() == before


def test_applicant_that_is_not_the_user_is_refused(client, citizen, wang_fang, sole_trader_item):
    response = file_application(client, citizen, sole_trader_item, str(wang_fang.code))

    assert response.status_code == 400 and "applicantId" in response.json()["details"]


def test_unknown_service_is_404(client, citizen, li_wei, district):
    response = client.post(
        f"{BASE}/services/00000000-0000-0000-0000-000000000000/applications",
        {"applicantId": str(li_wei.code)},
        content_type="application/json",
        headers=citizen,
    )

    assert response.status_code == 404
    assert_conforms(REGISTRATION, "/services/{serviceId}/applications", "post", response)


def test_document_that_is_not_a_document_is_400(client, citizen):
    response = document(client, citizen, content=b"MZ\x90 not a pdf")

    assert response.status_code == 400 and response.json()["code"] == "file_refused"
    assert_conforms(REGISTRATION, "/documents", "post", response)


def test_document_without_file_or_token(client, citizen):
    assert client.post(f"{BASE}/documents", {}, headers=citizen).status_code == 400
    assert document(client, MEDIATOR).status_code == 401


def test_applications_list_is_the_users_own(client, citizen, li_wei, wang_fang, submitted_case):
    other = {**bearer(wang_fang), **MEDIATOR}

    mine = client.get(f"{BASE}/applications", headers=citizen).json()
    theirs = client.get(f"{BASE}/applications", headers=other).json()

    assert [row["fileId"] for row in mine] == [str(submitted_case.code)] and theirs == []
    assert client.get(f"{BASE}/applications/{submitted_case.code}", headers=other).status_code == 404


def test_operator_sees_the_departments_applications_and_the_view_is_recorded(
    client, officer, other_officer, submitted_case
):
    staff, outsider = {**bearer(officer), **MEDIATOR}, {**bearer(other_officer), **MEDIATOR}

    listed = client.get(f"{BASE}/applications", headers=staff).json()
    one = client.get(f"{BASE}/applications/{submitted_case.code}", headers=staff)

    assert [row["fileId"] for row in listed] == [str(submitted_case.code)]
    assert listed[0]["taskTitle"] == "受理" or listed[0]["roleId"] == "window_clerk"
    assert one.status_code == 200 and Event.objects.filter(code=217, actor=officer).exists()
    assert client.get(f"{BASE}/applications", headers=outsider).json() == []
    assert client.get(f"{BASE}/applications/{submitted_case.code}", headers=outsider).status_code == 404


@pytest.mark.parametrize(
    "params",
    [
        {"firstResult": "x"},
        {"maxResult": 0},
        {"maxResult": 1000},
        {"sortBy": "created"},
        {"sortBy": "colour", "sortOrder": "asc"},
        {"serviceId": "nope"},
    ],
)
def test_bad_list_parameters_are_400(client, citizen, submitted_case, params):
    assert client.get(f"{BASE}/applications", params, headers=citizen).status_code == 400


def test_list_pages_sorts_and_filters(client, citizen, li_wei, submitted_case, sole_trader_item):
    from yiwang.cases.actions import do_start_case

    draft = do_start_case(sole_trader_item, applicant=li_wei.person, owner=li_wei, actor=li_wei)

    ascending = client.get(
        f"{BASE}/applications", {"sortBy": "created", "sortOrder": "asc"}, headers=citizen
    ).json()
    second = client.get(
        f"{BASE}/applications",
        {"firstResult": 1, "maxResult": 1, "sortBy": "created", "sortOrder": "asc"},
        headers=citizen,
    ).json()
    other_service = client.get(
        f"{BASE}/applications", {"serviceId": "00000000-0000-0000-0000-000000000000"}, headers=citizen
    ).json()

    assert [row["fileId"] for row in ascending] == [str(submitted_case.code), str(draft.code)]
    assert [row["fileId"] for row in second] == [str(draft.code)]
    assert other_service == []


def test_list_queries_are_bounded(client, citizen, li_wei, sole_trader_item, django_assert_max_num_queries):
    from yiwang.cases.actions import do_start_case

    for _ in range(8):
        do_start_case(sole_trader_item, applicant=li_wei.person, owner=li_wei, actor=li_wei)
    client.get(f"{BASE}/applications", headers=citizen)

    with django_assert_max_num_queries(4):
        assert len(client.get(f"{BASE}/applications", {"maxResult": 2}, headers=citizen).json()) == 2
    with django_assert_max_num_queries(4):
        assert len(client.get(f"{BASE}/applications", {"maxResult": 8}, headers=citizen).json()) == 8


def test_put_changes_a_draft_and_refuses_a_submitted_case(
    client, citizen, li_wei, submitted_case, sole_trader_item
):
    from yiwang.cases.actions import do_start_case

    draft = do_start_case(sole_trader_item, applicant=li_wei.person, owner=li_wei, actor=li_wei)
    body = {"applicantId": str(li_wei.code), "formData": {"data": {"trade_name": {"value": "新字号"}}}}

    changed = client.put(
        f"{BASE}/applications/{draft.code}", body, content_type="application/json", headers=citizen
    )
    refused = client.put(
        f"{BASE}/applications/{submitted_case.code}", body, content_type="application/json", headers=citizen
    )

    assert changed.status_code == 200
    draft.refresh_from_db()
    assert draft.data["trade_name"] == "新字号"
    assert refused.status_code == 409 and refused.json()["code"] == "wrong_state"


def test_operator_cannot_put_and_outsider_gets_404(client, officer, wang_fang, submitted_case):
    body = {"applicantId": "x", "formData": {"data": {}}}
    staff, other = {**bearer(officer), **MEDIATOR}, {**bearer(wang_fang), **MEDIATOR}

    assert (
        client.put(
            f"{BASE}/applications/{submitted_case.code}", body, content_type="application/json", headers=staff
        ).status_code
        == 403
    )
    assert (
        client.put(
            f"{BASE}/applications/{submitted_case.code}", body, content_type="application/json", headers=other
        ).status_code
        == 404
    )


def test_applicant_sees_personal_answers_masked_and_the_operator_in_full(
    client, citizen, officer, submitted_case
):
    staff = {**bearer(officer), **MEDIATOR}

    mine = client.get(f"{BASE}/applications/{submitted_case.code}", headers=citizen).json()
    theirs = client.get(f"{BASE}/applications/{submitted_case.code}", headers=staff).json()

    id_number = submitted_case.data["operator_id"]
    assert mine["applicationData"]["formData"]["data"]["operator_id"]["value"] != id_number
    assert theirs["applicationData"]["formData"]["data"]["operator_id"] == {
        "value": id_number,
        "label": "经营者身份证号",
    }


def test_a_refused_application_keeps_the_uploaded_document(client, citizen, li_wei, sole_trader_item):
    url = lease_url(client, citizen, sole_trader_item)

    refused = file_application(
        client, citizen, sole_trader_item, str(li_wei.code), [url], answers={"capital": "x"}
    )
    filed = file_application(client, citizen, sole_trader_item, str(li_wei.code), [url])

    assert refused.status_code == 400 and filed.status_code == 200, filed.content
    assert Case.objects.count() == 1


def test_a_body_too_large_is_400(client, citizen, li_wei, sole_trader_item, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = {"applicantId": str(li_wei.code), "applicationName": "x" * 2000}

    response = client.post(
        f"{BASE}/services/{sole_trader_item.code}/applications",
        body,
        content_type="application/json",
        headers=citizen,
    )

    assert response.status_code == 400 and response.json()["code"] == "request_rejected"
