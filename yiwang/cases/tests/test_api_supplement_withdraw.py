"""POST /api/v1/cases/{code}/supplement and /withdraw: the applicant answers a 补正 or withdraws."""

from conftest import upload
from yiwang.cases.actions import do_accept_case, do_request_supplement
from yiwang.cases.models import Case
from yiwang.cases.tests.api_client import assert_error


def test_applicant_supplies_what_was_asked(as_user, li_wei, officer, submitted_case):
    do_request_supplement(submitted_case, actor=officer, items=["租赁合同盖章页"], note="请补充盖章页")
    api = as_user(li_wei)
    url = f"/api/v1/cases/{submitted_case.code}"
    lease = submitted_case.version.materials.get(source="applicant").pk

    asked = api.get(url).json()
    uploaded = api.upload(f"{url}/materials", {"file": upload("stamped.pdf"), "material": lease})
    answered = api.post(f"{url}/supplement")

    assert asked["status"] == "supplement"
    assert asked["supplement"] == {"items": ["租赁合同盖章页"], "note": "请补充盖章页"}
    assert uploaded.status_code == 201
    assert answered.status_code == 200 and answered.json()["status"] == "submitted"
    assert submitted_case.materials.get(material_id=lease).original_name == "stamped.pdf"


def test_supplement_when_nothing_was_asked_is_a_wrong_state(as_user, li_wei, submitted_case):
    assert_error(as_user(li_wei).post(f"/api/v1/cases/{submitted_case.code}/supplement"), 409, "wrong_state")


def test_supplement_with_answers_still_wrong_is_refused(as_user, li_wei, officer, submitted_case):
    do_request_supplement(submitted_case, actor=officer, items=["经营场所"])
    lease = submitted_case.version.materials.get(source="applicant")
    submitted_case.materials.filter(material=lease).delete()

    error = assert_error(
        as_user(li_wei).post(f"/api/v1/cases/{submitted_case.code}/supplement"), 422, "invalid_input"
    )

    assert "materials" in error["details"]
    submitted_case.refresh_from_db()
    assert submitted_case.status == Case.SUPPLEMENT


def test_applicant_withdraws_before_a_decision(as_user, li_wei, submitted_case):
    response = as_user(li_wei).post(f"/api/v1/cases/{submitted_case.code}/withdraw", {"reason": "不开了"})

    assert response.status_code == 200 and response.json()["status"] == "withdrawn"
    assert response.json()["timeline"][-1]["opinion"] == "不开了"


def test_withdrawing_a_decided_case_is_a_wrong_state(
    as_user, li_wei, calendar, officer, head, submitted_case
):
    from yiwang.cases.actions import do_complete_step

    do_accept_case(submitted_case, actor=officer)
    do_complete_step(submitted_case, actor=officer, opinion="符合条件")
    do_complete_step(submitted_case, actor=head, opinion="准予", decision=Case.APPROVE)

    assert_error(
        as_user(li_wei).post(f"/api/v1/cases/{submitted_case.code}/withdraw", {}), 409, "wrong_state"
    )
    submitted_case.refresh_from_db()
    assert submitted_case.status == Case.APPROVED


def test_withdraw_with_a_reason_of_the_wrong_type_is_refused(as_user, li_wei, submitted_case):
    assert_error(
        as_user(li_wei).post(f"/api/v1/cases/{submitted_case.code}/withdraw", {"reason": ["x"]}),
        422,
        "invalid_input",
    )
    submitted_case.refresh_from_db()
    assert submitted_case.status == Case.SUBMITTED


def test_others_cannot_withdraw_or_supplement(as_user, wang_fang, officer, submitted_case):
    for user in (wang_fang, officer):
        api = as_user(user)
        assert_error(api.post(f"/api/v1/cases/{submitted_case.code}/withdraw", {}), 404, "not_found")
        assert_error(api.post(f"/api/v1/cases/{submitted_case.code}/supplement"), 404, "not_found")
    submitted_case.refresh_from_db()
    assert submitted_case.status == Case.SUBMITTED
