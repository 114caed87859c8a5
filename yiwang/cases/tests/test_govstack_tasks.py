"""GovStack tasks: what a case waits for, offered to the staff who may do it; completing one is the action."""

import pytest

from conftest import sole_trader_answers, upload
from yiwang.cases.actions import do_request_supplement
from yiwang.cases.models import Case
from yiwang.cases.tests.api_client import bearer
from yiwang.cases.tests.govstack_spec import REGISTRATION, assert_conforms

BASE = "/govstack/registration"


def complete(client, headers, task_id, data):
    return client.post(
        f"{BASE}/tasks/{task_id}/complete", {"data": data}, content_type="application/json", headers=headers
    )


def only_task(client, headers):
    tasks = client.get(f"{BASE}/tasks", headers=headers).json()
    assert len(tasks) == 1, tasks
    return tasks[0]


def test_the_chain_as_tasks(client, calendar, officer, head, submitted_case):
    staff, boss = bearer(officer), bearer(head)

    accept = only_task(client, staff)
    assert accept["taskId"] == f"{submitted_case.code}:accept" and accept["roleId"] == "window_clerk"
    assert complete(client, staff, accept["taskId"], {"outcome": {"value": "accept"}}).status_code == 200
    review = only_task(client, staff)
    assert review["name"] == "审查"
    assert complete(client, staff, review["taskId"], {"opinion": {"value": "符合条件"}}).status_code == 200
    decide = only_task(client, boss)
    detail = client.get(f"{BASE}/tasks/{decide['taskId']}", headers=boss).json()
    assert set(detail["data"]) == {"opinion", "decision"}
    done = complete(client, boss, decide["taskId"], {"opinion": "准予", "decision": "approved"})
    assert done.json()["status"]["code"] == "APPROVED"
    finish = only_task(client, staff)
    assert complete(client, staff, finish["taskId"], {}).status_code == 200
    deliver = only_task(client, staff)
    delivered = complete(client, staff, deliver["taskId"], {"method": {"value": "counter"}})

    assert delivered.status_code == 200
    assert_conforms(REGISTRATION, "/tasks/{taskId}/complete", "post", delivered)
    submitted_case.refresh_from_db()
    assert submitted_case.status == Case.DELIVERED
    assert client.get(f"{BASE}/tasks", headers=staff).json() == []


def test_a_task_done_is_no_longer_found(client, calendar, officer, submitted_case):
    staff = bearer(officer)
    task_id = only_task(client, staff)["taskId"]
    complete(client, staff, task_id, {})

    again = complete(client, staff, task_id, {})

    assert again.status_code == 404 and again.json()["code"] == "task_not_found"
    assert_conforms(REGISTRATION, "/tasks/{taskId}/complete", "post", again)


def test_refusal_through_the_task_needs_a_reason(client, officer, submitted_case):
    staff = bearer(officer)
    task_id = f"{submitted_case.code}:accept"

    missing = complete(client, staff, task_id, {"outcome": {"value": "refuse"}})
    refused = complete(
        client, staff, task_id, {"outcome": {"value": "refuse"}, "reason": {"value": "不属于本部门"}}
    )

    assert missing.status_code == 400 and "reason" in missing.json()["details"]
    assert refused.json()["status"]["code"] == "REJECTED"


@pytest.mark.parametrize(
    "data",
    [
        {"outcome": {"value": "maybe"}},
        {"outcome": "refuse", "reason": 7},
        {"outcome": "supplement", "items": "x"},
        "not an object",
    ],
)
def test_bad_completion_data_is_400_and_changes_nothing(client, officer, submitted_case, data):
    response = complete(client, bearer(officer), f"{submitted_case.code}:accept", data)

    assert response.status_code == 400
    submitted_case.refresh_from_db()
    assert submitted_case.status == Case.SUBMITTED


def test_bad_json_is_400(client, officer, submitted_case):
    response = client.post(
        f"{BASE}/tasks/{submitted_case.code}:accept/complete",
        "{",
        content_type="application/json",
        headers=bearer(officer),
    )

    assert response.status_code == 400 and response.json()["code"] == "invalid_json"


def test_officer_cannot_take_the_heads_decision(client, calendar, officer, submitted_case):
    staff = bearer(officer)
    complete(client, staff, f"{submitted_case.code}:accept", {})
    complete(client, staff, only_task(client, staff)["taskId"], {"opinion": "符合条件"})
    decide = only_task(client, staff)  # offered to the department; the step's role decides

    response = complete(client, staff, decide["taskId"], {"opinion": "准予", "decision": "approved"})

    assert response.status_code == 403
    submitted_case.refresh_from_db()
    assert submitted_case.status == Case.IN_REVIEW


def test_other_department_and_citizens_see_no_task(client, other_officer, wang_fang, li_wei, submitted_case):
    task_id = f"{submitted_case.code}:accept"
    for user in (other_officer, wang_fang, li_wei):
        headers = bearer(user)
        assert client.get(f"{BASE}/tasks", headers=headers).json() == []
        assert client.get(f"{BASE}/tasks/{task_id}", headers=headers).status_code == 404
        assert complete(client, headers, task_id, {}).status_code == 404
    submitted_case.refresh_from_db()
    assert submitted_case.status == Case.SUBMITTED


def test_applicant_completes_the_supplement_task(client, li_wei, officer, submitted_case):
    do_request_supplement(submitted_case, actor=officer, items=["租赁合同盖章页"])
    citizen = bearer(li_wei)
    lease = submitted_case.version.materials.get(source="applicant")
    url = client.post(
        f"{BASE}/documents?additionalMetadata={lease.name}", {"file": upload("stamped.pdf")}, headers=citizen
    ).json()["url"]

    task = only_task(client, citizen)
    detail = client.get(f"{BASE}/tasks/{task['taskId']}", headers=citizen).json()
    done = complete(client, citizen, task["taskId"], {"documentUrls": {"value": [url]}})

    assert task["roleId"] == "applicant" and detail["data"]["items"]["value"] == ["租赁合同盖章页"]
    assert done.status_code == 200 and done.json()["status"]["code"] == "PENDING"
    assert submitted_case.materials.get(material=lease).original_name == "stamped.pdf"


def test_task_filters_and_bad_parameters(client, officer, submitted_case):
    staff = bearer(officer)

    assert len(client.get(f"{BASE}/tasks", {"fileId": str(submitted_case.code)}, headers=staff).json()) == 1
    assert client.get(f"{BASE}/tasks", {"mainTaskId": "nope"}, headers=staff).json() == []
    assert client.get(f"{BASE}/tasks", {"assigneeId": "someone-else"}, headers=staff).json() == []
    assert len(client.get(f"{BASE}/tasks", {"assigneeId": str(officer.code)}, headers=staff).json()) == 1
    assert client.get(f"{BASE}/tasks", {"maxResult": "many"}, headers=staff).status_code == 400
    assert client.get(f"{BASE}/tasks", {"sortBy": "dueDate"}, headers=staff).status_code == 400
    assert client.get(f"{BASE}/tasks").status_code == 401


def test_task_list_queries_are_bounded(
    client, calendar, officer, li_wei, district, django_assert_max_num_queries
):
    from yiwang.cases.actions import do_accept_case, do_apply
    from yiwang.cases.tests.api_client import fetched_only_item

    item = fetched_only_item()
    for _ in range(8):
        do_accept_case(
            do_apply(
                item, applicant=li_wei.person, owner=li_wei, actor=li_wei, answers=sole_trader_answers()
            ),
            actor=officer,
        )
    staff = bearer(officer)
    client.get(f"{BASE}/tasks", headers=staff)

    with django_assert_max_num_queries(4):
        assert len(client.get(f"{BASE}/tasks", {"maxResult": 2}, headers=staff).json()) == 2
    with django_assert_max_num_queries(4):
        assert len(client.get(f"{BASE}/tasks", {"maxResult": 8}, headers=staff).json()) == 8
