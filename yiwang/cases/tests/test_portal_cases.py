"""/cases/ and /cases/<code>/: my cases, the case page, supplement, withdraw, the letter and files."""

import pytest

from conftest import upload
from yiwang.cases.actions import do_accept_case, do_request_supplement, do_start_case
from yiwang.cases.models import Case, CaseMaterial
from yiwang.cases.tests.portal_world import decided, enterprise_of, published_item, submitted_for
from yiwang.core.events import EventCode
from yiwang.core.models import Event


def test_my_cases_lists_status_due_date_and_step(client, calendar, li_wei, login_as, submitted_case, officer):
    do_accept_case(submitted_case, actor=officer)
    login_as(li_wei)

    response = client.get("/cases/")

    row = response.context["rows"][0]
    assert row["case"] == submitted_case and row["current"] == "审查"
    assert row["due"] is not None and row["remaining"] is not None
    assert row["due"].isoformat() in response.content.decode()


def test_my_cases_uses_a_bounded_number_of_queries(
    client, calendar, li_wei, login_as, sole_trader_item, officer, django_assert_max_num_queries
):
    for _ in range(3):
        do_accept_case(submitted_for(li_wei, li_wei.person, sole_trader_item), actor=officer)
    login_as(li_wei)
    client.get("/cases/")  # warm the session and calendar caches

    with django_assert_max_num_queries(12) as few:
        client.get("/cases/")
    for _ in range(12):
        do_accept_case(submitted_for(li_wei, li_wei.person, sole_trader_item), actor=officer)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/cases/")
    assert len(response.context["rows"]) == 15


def test_others_cases_are_not_listed(client, li_wei, wang_fang, login_as, submitted_case):
    login_as(wang_fang)

    response = client.get("/cases/")

    assert response.context["rows"] == [] and submitted_case.number not in response.content.decode()


@pytest.mark.parametrize(
    "query", ["?status=nope", "?page=-1", "?page=abc", "?page=99999999999", "?status=%00"]
)
def test_odd_list_queries_never_500(client, li_wei, login_as, submitted_case, query):
    login_as(li_wei)

    assert client.get("/cases/" + query).status_code == 200


def test_case_page_shows_the_timeline_and_due_date(
    client, calendar, li_wei, login_as, submitted_case, officer
):
    do_accept_case(submitted_case, actor=officer, opinion="材料齐全")
    login_as(li_wei)

    response = client.get(f"/cases/{submitted_case.code}/")

    page = response.content.decode()
    assert response.status_code == 200 and submitted_case.number in page
    assert [step.name for step in response.context["timeline"]] == ["申请", "受理", "审查"]
    assert "材料齐全" in page and li_wei.person.id_number not in page


OUTSIDER_PATHS = ["/", "/form/", "/materials/", "/review/", "/letter.pdf"]


@pytest.mark.parametrize("suffix", OUTSIDER_PATHS)
def test_another_citizen_gets_404(client, wang_fang, login_as, submitted_case, suffix):
    login_as(wang_fang)

    assert client.get(f"/cases/{submitted_case.code}{suffix}").status_code == 404


@pytest.mark.parametrize("suffix", ["/supplement/", "/withdraw/", "/materials/upload/"])
def test_another_citizen_cannot_act(client, wang_fang, login_as, submitted_case, suffix):
    login_as(wang_fang)

    response = client.post(f"/cases/{submitted_case.code}{suffix}", {"reason": "x", "file": upload()})

    submitted_case.refresh_from_db()
    assert response.status_code == 404 and submitted_case.status == Case.SUBMITTED


def test_another_citizen_cannot_fetch_or_remove_a_file(client, wang_fang, login_as, submitted_case):
    row = submitted_case.materials.get(status=CaseMaterial.UPLOADED)
    login_as(wang_fang)

    assert client.get(f"/cases/{submitted_case.code}/files/{row.code}/").status_code == 404
    assert client.post(f"/cases/{submitted_case.code}/files/{row.code}/remove/").status_code == 404
    assert CaseMaterial.objects.filter(pk=row.pk).exists()


def test_staff_are_not_applicants(client, officer, login_as, submitted_case):
    login_as(officer)

    assert client.get(f"/cases/{submitted_case.code}/").status_code == 404


@pytest.mark.parametrize("code", ["x", "00000000-0000-0000-0000-000000000000", "%20", "1" * 200])
def test_odd_codes_are_404(client, li_wei, login_as, code):
    login_as(li_wei)

    assert client.get(f"/cases/{code}/").status_code == 404
    assert client.get(f"/cases/{code}/files/{code}/").status_code == 404


def test_the_applicant_downloads_their_file(client, li_wei, login_as, submitted_case):
    row = submitted_case.materials.get(status=CaseMaterial.UPLOADED)
    login_as(li_wei)

    response = client.get(f"/cases/{submitted_case.code}/files/{row.code}/")

    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF-")
    assert (
        response["Content-Disposition"].startswith("attachment")
        and response["X-Content-Type-Options"] == "nosniff"
    )


def test_a_placeholder_has_no_file(client, li_wei, login_as, submitted_case):
    row = submitted_case.materials.get(status=CaseMaterial.AWAITING)
    login_as(li_wei)

    assert client.get(f"/cases/{submitted_case.code}/files/{row.code}/").status_code == 404


def test_a_draft_of_another_agent_of_the_same_enterprise_stays_private(
    client, li_wei, wang_fang, login_as, district
):
    from yiwang.accounts.actions import do_add_enterprise_agent

    enterprise = enterprise_of(li_wei)
    do_add_enterprise_agent(enterprise, wang_fang, actor=li_wei)
    item = published_item(service_objects=["1", "2"])
    draft = do_start_case(item, applicant=enterprise, owner=li_wei, actor=li_wei)
    submitted = submitted_for(li_wei, enterprise, item)
    login_as(wang_fang)

    assert client.get(f"/cases/{draft.code}/form/").status_code == 404
    assert client.get(f"/cases/{submitted.code}/").status_code == 200  # the enterprise's case is theirs too
    assert [row["case"] for row in client.get("/cases/").context["rows"]] == [submitted]


# Supplement ---------------------------------------------------------------------------------------


@pytest.fixture
def asked(calendar, submitted_case, officer):
    do_accept_case(submitted_case, actor=officer)
    return do_request_supplement(
        submitted_case, actor=officer, items=["经营场所使用证明（清晰扫描件）"], note="原件模糊"
    )


def test_the_case_page_says_what_is_missing_and_takes_the_supplement(client, li_wei, login_as, asked):
    login_as(li_wei)
    page = client.get(f"/cases/{asked.code}/").content.decode()
    lease = asked.version.materials.get(source="applicant")

    client.post(f"/cases/{asked.code}/materials/upload/", {"material": lease.pk, "file": upload("clear.pdf")})
    response = client.post(f"/cases/{asked.code}/supplement/")

    assert "经营场所使用证明（清晰扫描件）" in page and "原件模糊" in page
    asked.refresh_from_db()
    assert response["Location"] == f"/cases/{asked.code}/" and asked.status == Case.IN_REVIEW
    assert asked.materials.get(material=lease).original_name == "clear.pdf"
    assert Event.objects.filter(code=EventCode.CASE_SUPPLEMENTED).count() == 1


def test_the_form_can_be_corrected_during_a_supplement(client, li_wei, login_as, asked):
    login_as(li_wei)

    data = {
        "go": "next",
        "phone": "13800000001",
        "business_scope": "零售",
        "address": "重庆市渝中区解放碑 1 号",
        "capital": "8",
    }
    response = client.post(f"/cases/{asked.code}/form/", data)

    asked.refresh_from_db()
    assert response["Location"] == f"/cases/{asked.code}/" and asked.data["capital"] == "8"


def test_a_supplement_with_a_missing_answer_is_refused_with_the_reason(
    client, li_wei, login_as, asked, english
):
    login_as(li_wei)
    client.post(
        f"/cases/{asked.code}/form/",
        {"go": "save", "phone": "13800000001", "business_scope": "零售", "address": "", "capital": "8"},
    )

    response = client.post(f"/cases/{asked.code}/supplement/", follow=True)

    asked.refresh_from_db()
    assert asked.status == Case.SUPPLEMENT and "is required" in response.content.decode()


def test_supplement_when_nothing_was_asked_changes_nothing(client, li_wei, login_as, submitted_case):
    login_as(li_wei)

    response = client.post(f"/cases/{submitted_case.code}/supplement/")

    submitted_case.refresh_from_db()
    assert response.status_code == 302 and submitted_case.status == Case.SUBMITTED


# Withdraw -------------------------------------------------------------------------------------------


def test_the_applicant_withdraws_before_a_decision(client, li_wei, login_as, submitted_case):
    login_as(li_wei)

    response = client.post(f"/cases/{submitted_case.code}/withdraw/", {"reason": "不开了"})

    submitted_case.refresh_from_db()
    assert response["Location"] == "/cases/" and submitted_case.status == Case.WITHDRAWN


def test_no_withdrawal_under_review(client, calendar, li_wei, login_as, submitted_case, officer):
    do_accept_case(submitted_case, actor=officer)
    login_as(li_wei)

    page = client.get(f"/cases/{submitted_case.code}/")
    response = client.post(f"/cases/{submitted_case.code}/withdraw/", {"reason": ""})

    submitted_case.refresh_from_db()
    assert not page.context["can_withdraw"] and submitted_case.status == Case.IN_REVIEW
    assert response.status_code == 302


def test_a_novel_as_reason_is_refused(client, li_wei, login_as, submitted_case):
    login_as(li_wei)

    client.post(f"/cases/{submitted_case.code}/withdraw/", {"reason": "长" * 5000})

    submitted_case.refresh_from_db()
    assert submitted_case.status == Case.SUBMITTED


# The letter -----------------------------------------------------------------------------------------


@pytest.fixture
def finished(calendar, submitted_case, officer, head):
    return decided(submitted_case, officer, head)


def test_the_first_download_by_the_owner_records_delivery_once(client, li_wei, login_as, finished):
    login_as(li_wei)

    first = client.get(f"/cases/{finished.code}/letter.pdf")
    second = client.get(f"/cases/{finished.code}/letter.pdf")

    finished.refresh_from_db()
    assert first.status_code == second.status_code == 200 and first["Content-Type"] == "application/pdf"
    assert first.content.startswith(b"%PDF-") and b"/FontFile2" in first.content
    assert finished.status == Case.DELIVERED and finished.delivered_at is not None
    assert Event.objects.filter(code=EventCode.CASE_DELIVERED).count() == 1
    assert finished.steps.get(name="送达").action == "electronic"


def test_the_case_page_offers_the_letter(client, li_wei, login_as, finished):
    login_as(li_wei)

    page = client.get(f"/cases/{finished.code}/").content.decode()

    assert f"/cases/{finished.code}/letter.pdf" in page and finished.letter_number in page


def test_an_other_agent_downloading_does_not_deliver(
    client, li_wei, wang_fang, login_as, calendar, officer, head
):
    from yiwang.accounts.actions import do_add_enterprise_agent

    enterprise = enterprise_of(li_wei)
    do_add_enterprise_agent(enterprise, wang_fang, actor=li_wei)
    case = decided(submitted_for(li_wei, enterprise, published_item(service_objects=["2"])), officer, head)
    login_as(wang_fang)

    response = client.get(f"/cases/{case.code}/letter.pdf")

    case.refresh_from_db()
    assert response.status_code == 200 and case.status == Case.FINISHED


def test_no_letter_before_the_decision(client, li_wei, login_as, submitted_case):
    login_as(li_wei)

    assert client.get(f"/cases/{submitted_case.code}/letter.pdf").status_code == 404


def test_outsiders_get_no_letter_and_nothing_is_delivered(client, wang_fang, login_as, finished):
    login_as(wang_fang)

    assert client.get(f"/cases/{finished.code}/letter.pdf").status_code == 404
    finished.refresh_from_db()
    assert finished.status == Case.FINISHED
