"""GovStack services and eForms: the published catalogue, each item's form as a JSON Schema."""

import pytest

from conftest import department, item_spec
from yiwang.cases.tests.govstack_spec import REGISTRATION, assert_conforms

BASE = "/govstack/registration"


def test_only_published_items_are_services(client, sole_trader_item, district):
    from yiwang.services.actions import do_create_item

    do_create_item(
        implementation_code="11500103MB0000004X017002",
        department=department("04"),
        spec=item_spec(name="未发布的事项"),
        actor=None,
    )

    services = client.get(f"{BASE}/services").json()

    assert [s["name"] for s in services] == ["个体工商户设立登记"]
    body = {entry["code"]: entry["value"] for entry in services[0]["serviceBody"]}
    assert body["implementationCode"] == sole_trader_item.implementation_code
    assert body["promisedLimitWorkingDays"] == "3"


def test_services_filter_by_name(client, sole_trader_item):
    assert len(client.get(f"{BASE}/services", {"name": "个体"}).json()) == 1
    assert client.get(f"{BASE}/services", {"name": "护照"}).json() == []


def test_traditional_chinese_reader_gets_the_service_in_traditional(client, sole_trader_item):
    service = client.get(
        f"{BASE}/services/{sole_trader_item.code}", headers={"Accept-Language": "zh-Hant"}
    ).json()

    assert service["name"] == "個體工商戶設立登記"


@pytest.mark.parametrize("service_id", ["00000000-0000-0000-0000-000000000000", "not-a-uuid"])
def test_unknown_service_is_404_in_the_spec_error_shape(client, district, service_id):
    response = client.get(f"{BASE}/services/{service_id}")

    assert response.status_code == 404
    assert set(response.json()) >= {"traceId", "code", "message", "localizedMessage"}
    assert_conforms(REGISTRATION, "/services/{serviceId}", "get", response)


def test_eforms_of_unknown_service_is_an_empty_list(client, district):
    assert client.get(f"{BASE}/services/00000000-0000-0000-0000-000000000000/eForms").json() == []


def test_every_published_version_is_an_eform_and_the_current_one_is_latest(client, sole_trader_item):
    from yiwang.services.actions import do_draft_version, do_publish_version

    do_publish_version(do_draft_version(sole_trader_item, actor=None), actor=None)

    forms = client.get(f"{BASE}/services/{sole_trader_item.code}/eForms").json()

    assert [(f["version"], f["latest"]) for f in forms] == [("2", True), ("1", False)]
    assert client.get(f"{BASE}/eForms/{forms[1]['eFormId']}").json()["latest"] is False


def test_eform_schema_maps_field_kinds(client, sole_trader_item):
    form = client.get(f"{BASE}/eForms/{sole_trader_item.code}-v1").json()
    properties = form["schema"]["properties"]

    assert form["schema"]["type"] == "object" and form["schema"]["additionalProperties"] is False
    assert properties["business_scope"] == {
        "title": "经营范围",
        "x-kind": "choice",
        "type": "string",
        "enum": ["餐饮服务", "零售", "理发美容"],
    }
    assert properties["opening_date"]["format"] == "date"
    assert properties["operator_id"]["pattern"] == "^[0-9]{17}[0-9Xx]$"
    assert properties["operator_id"]["x-prefill"] == "applicant.id_number"
    assert properties["capital"]["type"] == ["number", "string"]
    assert properties["phone"]["x-kind"] == "phone" and properties["address"]["maxLength"] == 200
    assert set(form["schema"]["required"]) == {"business_scope", "address", "capital"}
    assert [m["fetched"] for m in form["schema"]["x-materials"]] == [True, False]


@pytest.mark.parametrize("eform_id", ["nonsense", "00000000-0000-0000-0000-000000000000-v1", "x-vone"])
def test_unknown_eform_is_404(client, sole_trader_item, eform_id):
    response = client.get(f"{BASE}/eForms/{eform_id}")

    assert response.status_code == 404 and response.json()["code"] == "eform_not_found"


def test_wrong_method_is_405_with_allow(client, district):
    response = client.delete(f"{BASE}/services")

    assert response.status_code == 405 and response["Allow"] == "GET"
    assert response.json()["code"] == "method_not_allowed"


def test_the_spec_files_are_served(client):
    served = client.get(f"{BASE}/specs/registration-api.json").json()
    assert served["paths"].keys() == REGISTRATION["paths"].keys()
    assert "/data/statistics" in client.get(f"{BASE}/specs/registration-statistics-api.json").json()["paths"]
