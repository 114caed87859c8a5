"""The GovStack Digital Registries and Information Mediator directory APIs, checked against the copied
specs with the cases app's small schema checker."""

import json
from pathlib import Path

import pytest

from yiwang.cases.tests.govstack_spec import assert_conforms, schema_errors
from yiwang.datahub import sharing
from yiwang.datahub.models import DataUse, GatewayCall
from yiwang.datahub.tests import share_factories as f
from yiwang.datahub.tests.share_world import *  # noqa: F401,F403

SPECS = Path(__file__).resolve().parent.parent / "specs"
DATA = json.loads((SPECS / "digital-registries-Data_API_template-1.3.0.json").read_text(encoding="utf-8"))
DATABASE = json.loads(
    (SPECS / "digital-registries-Database_API_template-1.3.0.json").read_text(encoding="utf-8")
)
# The published Database template refers to DatabaseInfo / DatabasesSchema but defines them in lower
# case (specs/README.md): the checker reads them under both names.
DATABASE["components"]["schemas"]["DatabaseInfo"] = DATABASE["components"]["schemas"]["databaseInfo"]
DATABASE["components"]["schemas"]["DatabasesSchema"] = DATABASE["components"]["schemas"]["databasesSchema"]
IM = json.loads((SPECS / "information-mediator-Directory_Services_API.json").read_text(encoding="utf-8"))
R = "/govstack/registries"


@pytest.fixture
def gs(gw, consumer):
    gw.purpose = ""  # GovStack clients need not state it: the only grant's purpose is taken
    gw.client_header = consumer.identifier
    return gw


def test_yaml_and_json_copies_agree():
    assert DATA["paths"].keys() >= {"/data/{registryName}/{versionNumber}", "/data/myPersonalDataUsage"}
    assert "/r1/{instanceId}/{memberClass}/{memberCode}/{applicationCode}/listMethods" in IM["paths"]


def test_list_pages_with_query_fields_and_conforms(gs, granted, people_ids):
    response = gs.get(f"{R}/data/RK-001/1.0?query.sex=1&pageSize=2")
    assert response.status_code == 200, response.content
    assert_conforms(DATA, "/data/{registryName}/{versionNumber}", "get", response)
    data = response.json()
    assert data["count"] == 3 and len(data["results"]) == 2 and "page=2" in data["next"]
    assert all(set(row) == {"id_number", "sex"} for row in data["results"])
    assert DataUse.objects.filter(kind=DataUse.GATEWAY_QUERY).count() == 2
    last = gs.get(f"{R}/data/RK-001/1.0?query.sex=1&pageSize=2&page=2&ordering=descending").json()
    assert len(last["results"]) == 1 and "next" not in last and "page=1" in last["previous"]


def test_search_on_a_granted_item(gs, granted, people_ids):
    data = gs.get(f"{R}/data/RK-001/1.0?search=1&filter=sex").json()
    assert data["count"] == 3
    response = gs.get(f"{R}/data/RK-001/1.0?search=x&filter=name")
    assert response.status_code == 400 and response.json()["detail"]


def test_read_and_exists(gs, granted, people_ids):
    body = {"query": {"content": {"id_number": people_ids[1]}}}
    response = gs.post(f"{R}/data/RK-001/1.0/read", body)
    assert_conforms(DATA, "/data/{registryName}/{versionNumber}/read", "post", response)
    assert response.json() == {"content": {"id_number": people_ids[1], "sex": "2"}}
    missing = gs.post(
        f"{R}/data/RK-001/1.0/read", {"query": {"content": {"id_number": "110101199003077777"}}}
    )
    assert missing.status_code == 404 and missing.json() == {"detail": "no record found"}
    assert_conforms(DATA, "/data/{registryName}/{versionNumber}/read", "post", missing)
    exists = gs.post(f"{R}/data/RK-001/1.0/exists", body)
    assert_conforms(DATA, "/data/{registryName}/{versionNumber}/exists", "post", exists)
    assert exists.json()["answer"]["status"] is True
    assert (
        gs.post(f"{R}/data/RK-001/1.0/exists", {"query": {"content": {"sex": "9"}}}).json()["answer"][
            "status"
        ]
        is False
    )


def test_read_value(gs, granted, people_ids):
    response = gs.get(f"{R}/data/RK-001/1.0/{people_ids[0]}/readValue/sex.json")
    assert response.status_code == 200 and response.json() == {"value": "1"}
    assert (
        gs.get(f"{R}/data/RK-001/1.0/{people_ids[0]}/readValue/name.json").status_code == 403
    )  # not granted
    assert gs.get(f"{R}/data/RK-001/1.0/{people_ids[0]}/readValue/sex.xml").status_code == 400


def test_the_call_log_keeps_no_identifier_from_the_path(gs, granted, people_ids):
    assert gs.get(f"{R}/data/RK-001/1.0/{people_ids[0]}/readValue/sex.json").status_code == 200
    assert gs.get(f"{R}/data/RK-001/1.0/{people_ids[1]}/readValue/name.json").status_code == 403
    gs.client.generic(
        "DELETE",
        f"{R}/data/RK-001/1.0/{people_ids[2]}/delete",
        headers=gs.headers("DELETE", f"{R}/data/RK-001/1.0/{people_ids[2]}/delete"),
    )

    paths = list(GatewayCall.objects.order_by("created_at", "pk").values_list("path", flat=True))
    assert paths[:2] == [
        f"{R}/data/RK-001/1.0/{{key}}/readValue/sex.json",
        f"{R}/data/RK-001/1.0/{{key}}/readValue/name.json",
    ]
    assert len(paths) == 3 and paths[2] == f"{R}/data/RK-001/1.0/{{record_id}}/delete"
    assert not any(number in path for path in paths for number in people_ids)


@pytest.mark.parametrize(
    "method, path",
    [
        ("POST", "/data/RK-001/1.0/create"),
        ("PUT", "/data/RK-001/1.0/update"),
        ("PUT", "/data/RK-001/1.0/updateEntries"),
        ("POST", "/data/RK-001/1.0/updateOrCreate"),
        ("DELETE", "/data/RK-001/1.0/X1/delete"),
        ("POST", "/database/modify"),
        ("DELETE", "/database/1"),
    ],
)
def test_writes_are_refused(gs, granted, method, path):
    body = b'{"write": {"content": {"sex": "1"}}}'
    headers = gs.headers(method, R + path, body)
    response = gs.client.generic(method, R + path, body, content_type="application/json", headers=headers)
    assert response.status_code == 403 and response.json()["detail"]


def test_information_mediator_client_header_is_required_and_must_be_the_signer(gw, granted, consumer):
    gw.purpose = ""
    response = gw.get(f"{R}/data/RK-001/1.0")
    assert response.status_code == 400 and "Information-Mediator-Client" in response.json()["detail"]
    gw.client_header = "eGovStack/GOV/90000009/digitalregistries"
    assert gw.get(f"{R}/data/RK-001/1.0").status_code == 403


def test_unsigned_and_ungranted_calls_are_refused(client, gs, consumer, population, people_ids):
    response = client.get(
        f"{R}/data/RK-001/1.0", headers={"Information-Mediator-Client": consumer.identifier}
    )
    assert response.status_code == 401 and response.json()["detail"]
    assert gs.get(f"{R}/data/RK-001/1.0").status_code == 403  # signed, but no grant
    assert not DataUse.objects.exists()


def test_unknown_version_and_bad_paging(gs, granted):
    assert gs.get(f"{R}/data/RK-001/2.0").status_code == 404
    for query in ("page=0", "pageSize=501", "page=x", "ordering=up", "query.nope=1"):
        response = gs.get(f"{R}/data/RK-001/1.0?{query}")
        assert response.status_code == 400 and response.json()["detail"], query


def test_personal_data_usage(gs, granted, people_ids):
    gs.post(f"{R}/data/RK-001/1.0/read", {"query": {"content": {"id_number": people_ids[2]}}})
    response = gs.get(f"{R}/data/myPersonalDataUsage?userId={people_ids[2]}&databaseId=RK-001")
    assert response.status_code == 200
    assert (
        schema_errors(
            DATA,
            DATA["paths"]["/data/myPersonalDataUsage"]["get"]["responses"]["200"]["content"][
                "application/json"
            ]["schema"],
            response.json(),
        )
        == []
    )
    assert response.json()[0]["readerId"].endswith("/case-system")
    assert gs.get(f"{R}/data/myPersonalDataUsage?userId=123&databaseId=RK-001").status_code == 400
    assert gs.get(f"{R}/data/myPersonalDataUsage?userId={people_ids[4]}&databaseId=RK-001").status_code == 404


def test_databases(gs, granted, population):
    response = gs.get(f"{R}/databases")
    schemas = DATABASE["components"]["schemas"]
    assert schema_errors(DATABASE, schemas["databasesSchema"], response.json()) == []
    one = gs.get(f"{R}/database/{population.pk}")
    assert schema_errors(DATABASE, schemas["databaseInfo"], one.json()) == []
    assert one.json()["schema"]["properties"]["id_number"]["primaryKey"] is True
    assert gs.get(f"{R}/database/999999").status_code == 404


def test_specs_are_served(client, db):
    assert client.get(f"{R}/specs/digital-registries-Data_API_template-1.3.0.yaml").status_code == 200
    response = client.get("/govstack/im/specs/information-mediator-Directory_Services_API.json")
    assert json.loads(b"".join(response.streaming_content))["paths"]
    assert client.get(f"{R}/specs/..%2Fsharing.py").status_code == 404


# Information Mediator directory -------------------------------------------------------------------


def _provider_path(provider):
    return f"/govstack/im/r1/CN-CQ/GOV/{provider.credit_code}/datahub"


def test_list_clients(gs, granted, consumer, provider):
    response = gs.get("/govstack/im/listClients")
    assert response.status_code == 200
    assert_conforms(IM, "/listClients", "get", response)
    ids = [m["id"] for m in response.json()["member"]]
    assert {
        "objectType": "APPLICATION",
        "instanceId": "CN-CQ",
        "memberClass": "GOV",
        "memberCode": consumer.member_code,
        "applicationCode": "case-system",
    } in ids
    assert {
        "objectType": "MEMBER",
        "instanceId": "CN-CQ",
        "memberClass": "GOV",
        "memberCode": provider.credit_code,
    } in ids
    assert gs.get("/govstack/im/listClients?instanceId=EE").json() == {"member": []}


def test_list_and_allowed_methods(gs, granted, consumer, provider):
    other = f.population(provider, code="RK-002", name="流动人口信息")
    path = _provider_path(provider)
    gs.client_header = consumer.identifier
    listed = gs.get(f"{path}/listMethods", **{"X-GovStack-Client": consumer.identifier})
    assert_conforms(
        IM, "/r1/{instanceId}/{memberClass}/{memberCode}/{applicationCode}/listMethods", "get", listed
    )
    assert [s["serviceCode"] for s in listed.json()["member"]] == ["RK-001", "RK-002"]
    allowed = gs.get(f"{path}/allowedMethods", **{"X-GovStack-Client": consumer.identifier})
    assert_conforms(
        IM, "/r1/{instanceId}/{memberClass}/{memberCode}/{applicationCode}/allowedMethods", "get", allowed
    )
    assert [s["serviceCode"] for s in allowed.json()["member"]] == ["RK-001"]
    assert allowed.json()["member"][0]["endpointList"]["member"][0] == {
        "method": "POST",
        "path": "/gateway/v1/resources/RK-001/lookup",
    }
    assert other.code not in json.dumps(allowed.json())


def test_get_openapi(gs, granted, consumer, provider):
    path = _provider_path(provider)
    response = gs.get(f"{path}/getOpenAPI?serviceCode=RK-001")
    assert response.status_code == 200
    doc = response.json()
    assert (
        "/resources/RK-001/lookup" in doc["paths"]
        and "id_number" in doc["components"]["schemas"]["Record"]["properties"]
    )
    assert gs.get(f"{path}/getOpenAPI").status_code == 400
    assert gs.get(f"{path}/getOpenAPI?serviceCode=NOPE").status_code == 400


def test_directory_needs_the_client_header_and_a_known_provider(gw, granted, consumer, provider):
    path = _provider_path(provider)
    assert gw.get(f"{path}/listMethods").status_code == 400  # no X-GovStack-Client
    gw.client_header = consumer.identifier  # sent as Information-Mediator-Client: taken too
    assert gw.get(f"{path}/listMethods").status_code == 200
    assert gw.get("/govstack/im/r1/CN-CQ/GOV/NOPE/datahub/listMethods").status_code == 400
    assert gw.get(f"{path}/listMethods", **{"X-GovStack-Client": "CN-CQ/GOV/X/y"}).status_code == 403


def test_directory_refuses_unsigned_calls(client, db):
    assert client.get("/govstack/im/listClients").status_code == 401
    assert GatewayCall.objects.get().status == 401


def test_revoked_grant_disappears_from_allowed_methods(gs, granted, consumer, provider, police_steward):
    sharing.do_revoke_grant(granted, reason="结束", actor=police_steward)
    allowed = gs.get(
        f"{_provider_path(provider)}/allowedMethods", **{"X-GovStack-Client": consumer.identifier}
    )
    assert allowed.json() == {"member": []}
