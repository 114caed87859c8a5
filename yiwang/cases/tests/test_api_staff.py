"""/api/v1/staff/cases: department systems see their worklist and act with the roles of the actions."""

import pytest

from conftest import _staff, department, sole_trader_answers
from yiwang.cases.actions import do_accept_case
from yiwang.cases.models import Case
from yiwang.cases.tests.api_client import assert_error
from yiwang.core.models import Event

LIST = "/api/v1/staff/cases"


def act(api, case, action, data=None):
    return api.post(f"{LIST}/{case.code}/{action}", data or {})


def test_whole_chain_through_the_api(as_user, calendar, officer, head, submitted_case):
    clerk_api, head_api = as_user(officer), as_user(head)

    accepted = act(clerk_api, submitted_case, "accept", {"opinion": "材料齐全"})
    reviewed = act(clerk_api, submitted_case, "complete-step", {"opinion": "符合条件"})
    decided = act(head_api, submitted_case, "complete-step", {"opinion": "准予登记", "decision": "approved"})
    finished = act(clerk_api, submitted_case, "finish")
    delivered = act(clerk_api, submitted_case, "deliver", {"method": "counter"})

    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["status"] == "in_review" and accepted.json()["due_date"]
    assert reviewed.json()["current_step"] == "决定"
    assert decided.json()["status"] == "approved" and decided.json()["result"] == "approved"
    assert finished.json()["status"] == "finished" and finished.json()["letter_number"]
    assert delivered.status_code == 200 and delivered.json()["status"] == "delivered"
    recorded = set(Event.objects.filter(channel="api").values_list("code", flat=True))
    assert recorded >= {203, 207, 208, 210, 211}


def test_refusal_needs_a_reason(as_user, officer, submitted_case):
    api = as_user(officer)

    missing = act(api, submitted_case, "refuse", {})
    empty = act(api, submitted_case, "refuse", {"reason": "  "})
    refused = act(api, submitted_case, "refuse", {"reason": "不属于本部门受理范围"})

    assert_error(missing, 422, "invalid_input")
    assert assert_error(empty, 422, "invalid_input")["details"]["reason"]
    assert refused.status_code == 200 and refused.json()["status"] == "not_accepted"
    assert refused.json()["result_reason"] == "不属于本部门受理范围"


def test_request_supplement_lists_the_items(as_user, officer, submitted_case):
    api = as_user(officer)

    assert_error(act(api, submitted_case, "request-supplement", {"items": []}), 422, "invalid_input")
    assert_error(act(api, submitted_case, "request-supplement", {"items": "租赁合同"}), 422, "invalid_input")
    response = act(api, submitted_case, "request-supplement", {"items": ["租赁合同盖章页"], "note": "盖章"})

    assert response.status_code == 200 and response.json()["supplement"]["items"] == ["租赁合同盖章页"]


def test_worklist_by_status_of_my_department_only(
    as_user, calendar, officer, other_officer, submitted_case, li_wei, sole_trader_item
):
    from yiwang.cases.actions import do_start_case

    # a draft: not listed
    do_start_case(sole_trader_item, applicant=li_wei.person, owner=li_wei, actor=li_wei)
    api = as_user(officer)

    waiting = api.get(LIST).json()
    do_accept_case(submitted_case, actor=officer)
    in_review = api.get(LIST, {"status": "in_review"}).json()

    assert [row["code"] for row in waiting["results"]] == [str(submitted_case.code)]
    assert in_review["count"] == 1 and api.get(LIST).json()["count"] == 0
    assert api.get(LIST, {"status": "all"}).json()["count"] == 1
    assert as_user(other_officer).get(LIST, {"status": "all"}).json()["count"] == 0


def test_worklist_queries_are_bounded(
    as_user, calendar, officer, li_wei, district, django_assert_max_num_queries
):
    from yiwang.cases.actions import do_apply
    from yiwang.cases.tests.api_client import fetched_only_item

    item = fetched_only_item()
    for _ in range(10):
        do_accept_case(
            do_apply(
                item, applicant=li_wei.person, owner=li_wei, actor=li_wei, answers=sole_trader_answers()
            ),
            actor=officer,
        )
    api = as_user(officer)
    api.get(LIST)

    with django_assert_max_num_queries(6):
        assert len(api.get(LIST, {"status": "in_review", "page_size": 2}).json()["results"]) == 2
    with django_assert_max_num_queries(6):
        assert len(api.get(LIST, {"status": "in_review", "page_size": 10}).json()["results"]) == 10


@pytest.mark.parametrize("params", [{"status": "lost"}, {"page_size": 0}, {"page": "x"}])
def test_bad_worklist_query_is_refused(as_user, officer, params):
    assert_error(as_user(officer).get(LIST, params), 422, "invalid_input")


def test_citizen_has_no_worklist(as_user, li_wei, submitted_case):
    api = as_user(li_wei)

    assert_error(api.get(LIST), 403, "forbidden")
    assert_error(act(api, submitted_case, "accept"), 404, "not_found")
    submitted_case.refresh_from_db()
    assert submitted_case.status == Case.SUBMITTED


def test_other_department_gets_404_and_nothing_changes(as_user, other_officer, submitted_case):
    api = as_user(other_officer)

    for action, data in [
        ("accept", {}),
        ("refuse", {"reason": "不受理"}),
        ("request-supplement", {"items": ["x"]}),
        ("complete-step", {"opinion": "x"}),
        ("finish", {}),
        ("deliver", {"method": "post"}),
    ]:
        assert_error(act(api, submitted_case, action, data), 404, "not_found")
    submitted_case.refresh_from_db()
    assert submitted_case.status == Case.SUBMITTED


def test_supervisor_may_watch_but_not_act(as_user, submitted_case):

    watcher = _staff("watcher", "钱坤", department("04"), "supervisor")
    api = as_user(watcher)

    assert api.get(LIST).json()["count"] == 1
    assert_error(act(api, submitted_case, "accept"), 403, "forbidden")
    assert_error(act(api, submitted_case, "refuse", {"reason": "x"}), 403, "forbidden")
    submitted_case.refresh_from_db()
    assert submitted_case.status == Case.SUBMITTED


def test_officer_cannot_take_the_heads_decision(as_user, calendar, officer, submitted_case):
    api = as_user(officer)
    act(api, submitted_case, "accept")
    act(api, submitted_case, "complete-step", {"opinion": "符合条件"})

    response = act(api, submitted_case, "complete-step", {"opinion": "准予", "decision": "approved"})

    assert_error(response, 403, "forbidden")
    submitted_case.refresh_from_db()
    assert submitted_case.status == Case.IN_REVIEW and submitted_case.step.name == "决定"


def test_decision_outside_the_last_step_and_bad_decisions_are_refused(
    as_user, calendar, officer, submitted_case
):
    api = as_user(officer)
    act(api, submitted_case, "accept")

    early = act(api, submitted_case, "complete-step", {"opinion": "x", "decision": "approved"})
    odd = act(api, submitted_case, "complete-step", {"opinion": "x", "decision": "maybe"})

    assert assert_error(early, 422, "invalid_input")["details"]["decision"]
    assert_error(odd, 422, "invalid_input")
    submitted_case.refresh_from_db()
    assert submitted_case.step.name == "审查"


@pytest.mark.parametrize(
    ("action", "data"),
    [("complete-step", {"opinion": "x"}), ("finish", {}), ("deliver", {"method": "counter"})],
)
def test_actions_in_the_wrong_state_are_409(as_user, officer, submitted_case, action, data):
    assert_error(act(as_user(officer), submitted_case, action, data), 409, "wrong_state")
    submitted_case.refresh_from_db()
    assert submitted_case.status == Case.SUBMITTED


def test_accepting_twice_is_409(as_user, calendar, officer, submitted_case):
    api = as_user(officer)
    act(api, submitted_case, "accept")

    assert_error(act(api, submitted_case, "accept"), 409, "wrong_state")
    assert_error(act(api, submitted_case, "refuse", {"reason": "晚了"}), 409, "wrong_state")


def test_electronic_delivery_is_not_a_staff_method(as_user, officer, submitted_case):
    assert_error(
        act(as_user(officer), submitted_case, "deliver", {"method": "electronic"}), 422, "invalid_input"
    )


def test_bad_json_to_an_action_is_400(as_user, officer, submitted_case):
    response = as_user(officer).post(f"{LIST}/{submitted_case.code}/accept", raw="{nope")

    assert_error(response, 400, "invalid_json")
