"""Every path and method of the GovStack Registration specs is served, and answers as the spec says."""

import pytest
from django.urls import Resolver404, resolve

from conftest import sole_trader_answers, upload
from yiwang.cases.models import Case
from yiwang.cases.tests.api_client import bearer
from yiwang.cases.tests.govstack_spec import REGISTRATION, STATISTICS, assert_conforms, operations

BASE = "/govstack/registration"
MEDIATOR = {"Information-Mediator-Client": "eGovStack/GOV/90000009/yiwang-test"}


@pytest.mark.parametrize(
    ("spec", "path", "method"), operations(), ids=[f"{m.upper()} {p}" for _, p, m in operations()]
)
def test_every_operation_of_the_spec_has_a_route(client, db, spec, path, method):
    concrete = path.replace("{", "").replace("}", "")  # {serviceId} → serviceId: any segment will do
    try:
        resolve(BASE + concrete)
    except Resolver404:
        pytest.fail(f"{method.upper()} {path} is not served")
    answer = getattr(client, method)(BASE + concrete)

    assert answer.status_code not in (405, 500), f"{method.upper()} {path}: {answer.content[:200]}"
    assert answer["Content-Type"].startswith("application/json")


class Tour:
    """Calls each operation once with good input, checks it against the spec, and notes it."""

    def __init__(self, client):
        self.client, self.seen = client, set()

    def call(self, spec, path, method, url, headers=None, **kwargs):
        response = getattr(self.client, method)(BASE + url, headers=headers or {}, **kwargs)
        assert response.status_code == 200, (method, url, response.content)
        assert_conforms(spec, path, method, response)
        self.seen.add((path, method))
        return response.json()


def test_the_whole_spec_answers_as_written(client, calendar, li_wei, officer, sole_trader_item):
    tour = Tour(client)
    citizen, staff = {**bearer(li_wei), **MEDIATOR}, {**bearer(officer), **MEDIATOR}
    service_id = str(sole_trader_item.code)
    lease = sole_trader_item.current.materials.get(source="applicant")

    services = tour.call(REGISTRATION, "/services", "get", "/services")
    tour.call(REGISTRATION, "/services/{serviceId}", "get", f"/services/{service_id}")
    forms = tour.call(REGISTRATION, "/services/{serviceId}/eForms", "get", f"/services/{service_id}/eForms")
    form = tour.call(REGISTRATION, "/eForms/{eFormId}", "get", f"/eForms/{forms[0]['eFormId']}")
    document = tour.call(
        REGISTRATION,
        "/documents",
        "post",
        f"/documents?additionalMetadata={lease.pk}",
        headers=citizen,
        data={"file": upload()},
    )
    answers = {key: {"value": value} for key, value in sole_trader_answers().items()}
    filed = tour.call(
        REGISTRATION,
        "/services/{serviceId}/applications",
        "post",
        f"/services/{service_id}/applications",
        headers=citizen,
        content_type="application/json",
        data={
            "applicantId": str(li_wei.code),
            "applicationName": "李记小面",
            "formData": {"eFormId": form["eFormId"], "data": answers},
            "documentUrls": [document["url"]],
        },
    )
    listed = tour.call(REGISTRATION, "/applications", "get", "/applications", headers=citizen)
    tour.call(
        REGISTRATION, "/applications/{fileId}", "get", f"/applications/{filed['fileId']}", headers=citizen
    )
    tasks = tour.call(REGISTRATION, "/tasks", "get", "/tasks", headers=staff)
    task = tour.call(REGISTRATION, "/tasks/{taskId}", "get", f"/tasks/{tasks[0]['taskId']}", headers=staff)
    done = tour.call(
        REGISTRATION,
        "/tasks/{taskId}/complete",
        "post",
        f"/tasks/{task['taskId']}/complete",
        headers=staff,
        content_type="application/json",
        data={"data": {"outcome": {"value": "supplement"}, "items": {"value": ["租赁合同盖章页"]}}},
    )
    changed = tour.call(
        REGISTRATION,
        "/applications/{fileId}",
        "put",
        f"/applications/{filed['fileId']}",
        headers=citizen,
        content_type="application/json",
        data={"applicantId": str(li_wei.code), "formData": {"data": {"trade_name": {"value": "李记面馆"}}}},
    )
    numbers = tour.call(STATISTICS, "/data/statistics", "get", "/data/statistics", headers=MEDIATOR)

    every = {(path, method) for _, path, method in operations()}
    assert tour.seen == every
    assert [s["id"] for s in services] == [service_id]
    assert filed["status"]["code"] == "PENDING" and filed["applicationData"]["documentUrls"]
    assert [row["fileId"] for row in listed] == [filed["fileId"]]
    assert done["status"]["code"] == "SENDBACK"
    assert changed["applicationData"]["formData"]["data"]["trade_name"]["value"] == "李记面馆"
    assert numbers == [
        {"processed": 1, "approved": 0, "sentBack": 1, "rejected": 0, "references": numbers[0]["references"]}
    ]
    assert Case.objects.get().status == Case.SUPPLEMENT
