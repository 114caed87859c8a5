"""Acting on a case from its page: each act form's success (redirect, state changed) and refusal
(error on the form, nothing changed); outsiders get 404, a supervisor may look but not act (403)."""

import pytest
from django.urls import reverse

from conftest import PASSWORD, department, login
from yiwang.cases.actions import do_accept_case, do_complete_step, do_finish_case
from yiwang.cases.models import Case
from yiwang.core.events import EventCode
from yiwang.core.models import Event

ACTS = {
    "accept": {"accept-opinion": "材料齐全"},
    "refuse": {"refuse-reason": "不属于本部门职责"},
    "supplement": {"supplement-items": "租赁合同盖章页\n经营场所照片", "supplement-note": "请三日内补正"},
    "complete": {"complete-opinion": "同意"},
    "finish": {},
    "deliver": {"deliver-method": "counter"},
}


def act(client, case, name, data):
    return client.post(reverse(f"staff_cases:{name}", args=[case.code]), data)


def snapshot(case):
    case.refresh_from_db()
    return case.status, case.step_id, case.updated_at, Event.objects.count()


@pytest.fixture
def watching_supervisor(district):
    """A supervisor of the responsible department itself: sees its cases, acts on none."""
    from yiwang.accounts.actions import do_create_staff, do_grant_role

    user = do_create_staff(username="watcher", name="钱督", password=PASSWORD, actor=None)
    do_grant_role(user, department("04"), "supervisor", actor=None)
    return user


def test_accept(client, submitted_case, officer, calendar):
    login(client, officer)
    response = act(client, submitted_case, "accept", ACTS["accept"])
    assert response.status_code == 302
    assert response["Location"] == reverse("staff_cases:case", args=[submitted_case.code])
    submitted_case.refresh_from_db()
    assert submitted_case.status == Case.IN_REVIEW and submitted_case.clock is not None
    assert submitted_case.steps.filter(opinion="材料齐全", officer=officer).exists()


def test_refuse_needs_a_reason(client, submitted_case, officer):
    login(client, officer)
    before = snapshot(submitted_case)
    response = act(client, submitted_case, "refuse", {"refuse-reason": "   "})
    assert response.status_code == 400 and response.context["acts"]["refuse"].errors
    assert snapshot(submitted_case) == before
    response = act(client, submitted_case, "refuse", ACTS["refuse"])
    assert response.status_code == 302
    submitted_case.refresh_from_db()
    assert submitted_case.status == Case.NOT_ACCEPTED and submitted_case.result_reason == "不属于本部门职责"


def test_request_supplement_lists_each_line(client, submitted_case, officer):
    login(client, officer)
    before = snapshot(submitted_case)
    response = act(client, submitted_case, "supplement", {"supplement-items": "\n  \n"})
    assert response.status_code == 400 and response.context["acts"]["supplement"].errors
    assert snapshot(submitted_case) == before
    assert act(client, submitted_case, "supplement", ACTS["supplement"]).status_code == 302
    submitted_case.refresh_from_db()
    assert submitted_case.status == Case.SUPPLEMENT
    assert submitted_case.supplement_items == ["租赁合同盖章页", "经营场所照片"]


def test_complete_steps_then_decide_finish_and_deliver(client, submitted_case, officer, head, calendar):
    do_accept_case(submitted_case, actor=officer)
    login(client, officer)
    before = snapshot(submitted_case)
    response = act(client, submitted_case, "complete", {"complete-opinion": ""})
    assert response.status_code == 400 and "complete" in response.context["acts"]
    assert snapshot(submitted_case) == before
    assert act(client, submitted_case, "complete", ACTS["complete"]).status_code == 302
    submitted_case.refresh_from_db()
    assert submitted_case.step.name == "决定"

    # The officer cannot decide the head's step: the form is not offered and the action refuses.
    page = client.get(reverse("staff_cases:case", args=[submitted_case.code]))
    assert "complete" not in page.context["acts"]
    assert (
        act(
            client, submitted_case, "complete", {"complete-opinion": "同意", "complete-decision": "approved"}
        ).status_code
        == 403
    )

    client.logout()
    login(client, head)
    response = act(client, submitted_case, "complete", {"complete-opinion": "同意"})  # no decision
    assert response.status_code == 400 and response.context["acts"]["complete"].errors["decision"]
    response = act(
        client, submitted_case, "complete", {"complete-opinion": "同意", "complete-decision": "maybe"}
    )
    assert response.status_code == 400
    assert (
        act(
            client,
            submitted_case,
            "complete",
            {"complete-opinion": "准予登记", "complete-decision": "approved"},
        ).status_code
        == 302
    )
    submitted_case.refresh_from_db()
    assert submitted_case.status == Case.APPROVED

    assert act(client, submitted_case, "finish", {}).status_code == 302
    submitted_case.refresh_from_db()
    assert submitted_case.status == Case.FINISHED and submitted_case.letter_number

    response = act(client, submitted_case, "deliver", {"deliver-method": "electronic"})  # not offered here
    assert response.status_code == 400
    assert act(client, submitted_case, "deliver", ACTS["deliver"]).status_code == 302
    submitted_case.refresh_from_db()
    assert submitted_case.status == Case.DELIVERED


def test_acts_out_of_turn_are_refused_on_the_form(client, submitted_case, officer):
    login(client, officer)
    before = snapshot(submitted_case)
    for name in ("finish", "deliver"):
        response = act(client, submitted_case, name, ACTS[name])
        assert response.status_code == 400, name
        assert response.context["acts"][name].non_field_errors(), name
    assert snapshot(submitted_case) == before


def test_other_departments_and_citizens_get_404_on_every_act(
    client, submitted_case, other_officer, wang_fang, li_wei
):
    before = snapshot(submitted_case)
    for user in (other_officer, wang_fang, li_wei):
        client.logout()
        login(client, user)
        for name, data in ACTS.items():
            assert act(client, submitted_case, name, data).status_code == 404, (user, name)
    client.logout()
    for name, data in ACTS.items():
        assert act(client, submitted_case, name, data).status_code == 302  # to the login page
    assert snapshot(submitted_case) == before


def test_a_supervisor_may_look_but_not_act(client, submitted_case, watching_supervisor):
    login(client, watching_supervisor)
    response = client.get(reverse("staff_cases:case", args=[submitted_case.code]))
    assert response.status_code == 200 and response.context["acts"] == {}
    before = snapshot(submitted_case)
    for name in ("accept", "refuse", "supplement"):
        assert act(client, submitted_case, name, ACTS[name]).status_code == 403, name
    assert snapshot(submitted_case) == before


def test_acts_need_post(client, submitted_case, officer):
    login(client, officer)
    for name in ACTS:
        assert client.get(reverse(f"staff_cases:{name}", args=[submitted_case.code])).status_code == 405


def test_immediate_finish_from_the_page(client, submitted_case, officer, head, calendar):
    case = do_accept_case(submitted_case, actor=officer)
    do_complete_step(case, actor=officer, opinion="同意")
    do_complete_step(case, actor=head, opinion="不符合条件", decision=Case.DENY)
    do_finish_case(case, actor=head)
    login(client, officer)
    assert set(client.get(reverse("staff_cases:case", args=[case.code])).context["acts"]) == {"deliver"}
    assert Event.objects.filter(code=EventCode.CASE_FINISHED).count() == 1
