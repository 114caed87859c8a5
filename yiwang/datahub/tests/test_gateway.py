"""The exchange gateway: lookup, query with paging, export, each filtered to the granted items, the
purpose and the grant checked, every call logged and every read of a person recorded."""

import json

import pytest

from conftest import department
from yiwang.datahub import sharing
from yiwang.datahub.models import DataUse, GatewayCall, Resource
from yiwang.datahub.tests import share_factories as f
from yiwang.datahub.tests.share_world import *  # noqa: F401,F403

LOOKUP = "/gateway/v1/resources/RK-001/lookup"
QUERY = "/gateway/v1/resources/RK-001/query"
EXPORT = "/gateway/v1/resources/RK-001/export"


def test_lookup_returns_only_granted_items_and_records_the_use(gw, granted, people_ids, consumer):
    response = gw.post(LOOKUP, {"key": {"id_number": people_ids[0]}})
    assert response.status_code == 200, response.content
    assert response.json() == {"resource": "RK-001", "record": {"id_number": people_ids[0], "sex": "1"}}
    use = DataUse.objects.get()
    assert (use.kind, use.consumer, use.grant_id, use.purpose) == (
        DataUse.GATEWAY_LOOKUP,
        consumer.identifier,
        granted.pk,
        "个体工商户登记核验",
    )
    call = GatewayCall.objects.get()
    assert (call.consumer, call.resource, call.grant, call.operation, call.rows, call.status) == (
        consumer,
        granted.resource,
        granted,
        GatewayCall.LOOKUP,
        1,
        200,
    )
    assert len(call.request_hash) == 64 and people_ids[0] not in call.path


def test_lookup_of_an_unknown_key_is_404_and_records_no_use(gw, granted):
    response = gw.post(LOOKUP, {"key": {"id_number": "110101199003077777"}})
    assert response.status_code == 404 and response.json()["error"]["code"] == "record_not_found"
    assert not DataUse.objects.exists()
    assert GatewayCall.objects.get().status == 404


def test_purpose_is_required_and_must_be_the_grants(gw, granted, people_ids):
    body = {"key": {"id_number": people_ids[0]}}
    assert gw.post(LOOKUP, body, purpose="").json()["error"]["code"] == "purpose_missing"
    response = gw.post(LOOKUP, body, purpose="随便看看")
    assert response.status_code == 403 and response.json()["error"]["code"] == "purpose_mismatch"
    assert not DataUse.objects.exists()


def test_no_grant_no_data(gw, consumer, population, people_ids):
    response = gw.post(LOOKUP, {"key": {"id_number": people_ids[0]}})
    assert response.status_code == 403 and response.json()["error"]["code"] == "no_grant"


def test_revoked_grant_stops_reads(gw, granted, people_ids, police_steward):
    sharing.do_revoke_grant(granted, reason="用途已结束", actor=police_steward)
    response = gw.post(LOOKUP, {"key": {"id_number": people_ids[0]}})
    assert response.status_code == 403 and response.json()["error"]["code"] == "no_grant"


def test_query_pages_and_filters_in_sql(gw, granted, people_ids):
    first = gw.post(QUERY, {"filters": {"sex": "1"}, "page": 1, "page_size": 2}).json()
    assert first["count"] == 3 and first["next_page"] == 2 and len(first["results"]) == 2
    assert all(set(row) == {"id_number", "sex"} and row["sex"] == "1" for row in first["results"])
    second = gw.post(QUERY, {"filters": {"sex": "1"}, "page": 2, "page_size": 2}).json()
    assert second["next_page"] is None and len(second["results"]) == 1
    assert DataUse.objects.filter(kind=DataUse.GATEWAY_QUERY).count() == 3  # one per person returned


def test_query_by_key_item_uses_the_key_index(gw, granted, people_ids):
    data = gw.post(QUERY, {"filters": {"id_number": people_ids[3]}}).json()
    assert data["count"] == 1 and data["results"][0]["id_number"] == people_ids[3]


def test_query_refuses_a_personal_non_key_filter_and_an_ungranted_item(gw, granted):
    response = gw.post(QUERY, {"filters": {"name": "测试1"}})
    assert response.status_code == 400 and response.json()["error"]["code"] == "filter_not_allowed"
    response = gw.post(QUERY, {"filters": {"district": "渝中区"}})
    assert response.status_code == 403 and response.json()["error"]["code"] == "filter_not_granted"


@pytest.mark.parametrize(
    "body, code",
    [
        ({"page": 0}, "page_invalid"),
        ({"page_size": 501}, "page_size_invalid"),
        ({"page": "1"}, "page_invalid"),
        ({"filters": []}, "filters_invalid"),
        ({"filters": {"nope": 1}}, "unknown_item"),
        ({"filters": {"sex": {"a": 1}}}, "filter_value_invalid"),
        ({"filters": {"sex": "x\x00"}}, "invalid_text"),
        ({"filters": {"sex": 10**30}}, "filter_value_invalid"),
        ({"filters": {"sex": None}}, "filter_value_invalid"),
    ],
)
def test_malformed_queries_get_clear_errors(gw, granted, body, code):
    response = gw.post(QUERY, body)
    assert response.status_code == 400 and response.json()["error"]["code"] == code
    assert response.json()["error"]["message"]


@pytest.mark.parametrize(
    "raw, code",
    [
        (b"{", "body_invalid"),
        (b"[1]", "body_invalid"),
        (b"\xff\xfe", "body_invalid"),
        (b'{"filters": {"sex": NaN}}', "body_invalid"),
        (b'{"key": {"id_number": "\\ud800"}}', "invalid_text"),
    ],
)
def test_malformed_bodies_get_clear_errors(gw, granted, raw, code):
    response = gw.post(LOOKUP, raw=raw)
    assert response.status_code == 400 and response.json()["error"]["code"] == code


@pytest.mark.parametrize(
    "body",
    [{}, {"key": "x"}, {"key": {}}, {"key": {"id_number": "1", "name": "x"}}, {"key": {"id_number": ["1"]}}],
)
def test_malformed_keys_get_clear_errors(gw, granted, body):
    response = gw.post(LOOKUP, body)
    assert response.status_code == 400 and response.json()["error"]["code"] in ("key_missing", "key_invalid")


def test_unknown_resource_is_404(gw, granted):
    response = gw.post("/gateway/v1/resources/NOPE/lookup", {"key": {"id_number": "1"}})
    assert response.status_code == 404 and response.json()["error"]["code"] == "resource_not_found"


def test_wrong_method_is_405_in_the_error_shape(gw, granted):
    response = gw.get(LOOKUP)
    assert response.status_code == 405 and response.json()["error"]["code"] == "method_not_allowed"


def test_export_streams_json_lines_of_granted_items(gw, granted, people_ids):
    response = gw.post(EXPORT, {"format": "jsonl"})
    assert response.status_code == 200 and response.streaming
    lines = [json.loads(line) for line in b"".join(response.streaming_content).decode().splitlines()]
    assert sorted(row["id_number"] for row in lines) == sorted(people_ids)
    assert all(set(row) == {"id_number", "sex"} for row in lines)
    call = GatewayCall.objects.get()
    assert call.operation == GatewayCall.EXPORT and call.rows == 5
    assert DataUse.objects.filter(kind=DataUse.GATEWAY_EXPORT).count() == 5


def test_export_csv_with_a_filter(gw, granted, people_ids):
    response = gw.post(EXPORT, {"format": "csv", "filters": {"sex": "2"}})
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0] == "id_number,sex" and len(lines) == 3 and all(line.endswith(",2") for line in lines[1:])


def test_export_refuses_an_unknown_format(gw, granted):
    response = gw.post(EXPORT, {"format": "xml"})
    assert response.status_code == 400 and response.json()["error"]["code"] == "format_invalid"


def test_a_resource_about_no_one_records_no_use(client, consumer, issued_key, market_steward):
    resource = f.air_quality(department("09"))
    f.air_record(resource, "解放碑", "2026-11-20", 42, "优")
    f.air_record(resource, "解放碑", "2026-11-21", 88, "良")
    sharing.do_request_share(
        consumer,
        resource,
        purpose="环境评估",
        fields=["station", "day", "aqi"],
        duration_days=30,
        actor=market_steward,
    )
    key, secret = issued_key
    gw = f.GatewayClient(client, key.key_id, secret, purpose="环境评估")
    data = gw.post(
        "/gateway/v1/resources/HJ-001/lookup", {"key": {"station": "解放碑", "day": "2026-11-21"}}
    ).json()
    assert data["record"] == {"station": "解放碑", "day": "2026-11-21", "aqi": 88}
    assert gw.post("/gateway/v1/resources/HJ-001/query", {"filters": {"aqi": 42}}).json()["count"] == 1
    assert not DataUse.objects.exists()


def test_resource_list_names_the_grants(gw, granted):
    data = gw.get("/gateway/v1/resources").json()
    assert data["results"][0]["code"] == "RK-001" and data["results"][0]["fields"] == ["id_number", "sex"]


def test_client_header_must_name_the_signing_system(gw, granted, people_ids, consumer):
    gw.client_header = "CN-CQ/GOV/OTHER/else"
    response = gw.post(LOOKUP, {"key": {"id_number": people_ids[0]}})
    assert response.status_code == 403 and response.json()["error"]["code"] == "client_mismatch"
    gw.client_header = consumer.identifier
    assert gw.post(LOOKUP, {"key": {"id_number": people_ids[0]}}).status_code == 200


def test_openapi_document_is_served(client, db):
    data = client.get("/gateway/v1/openapi.json").json()
    assert data["openapi"].startswith("3.") and "/resources/{code}/lookup" in data["paths"]


def test_not_shared_resource_is_unreadable_without_a_grant(gw, consumer, provider, market_steward):
    resource = f.population(provider, sharing_type=Resource.SHARE_NONE, code="RK-009", name="涉密人口")
    f.people(resource, 1)
    with pytest.raises(sharing.ShareError):
        sharing.do_request_share(
            consumer, resource, purpose="核验", fields=["id_number"], duration_days=5, actor=market_steward
        )
    response = gw.post("/gateway/v1/resources/RK-009/lookup", {"key": {"id_number": "1"}}, purpose="核验")
    assert response.status_code == 403


def test_purpose_that_is_not_utf8_is_refused(gw, granted, people_ids):
    response = gw.post(
        LOOKUP, {"key": {"id_number": people_ids[0]}}, purpose="", **{"X-Yiwang-Purpose": "%FF%FE"}
    )
    assert response.status_code == 400 and response.json()["error"]["code"] == "purpose_invalid"


def test_another_departments_system_reads_nothing_under_this_grant(client, granted, people_ids, district):
    other_steward = f.steward_of(department("05"), "steward05")
    other = f.consumer_of(department("05"), other_steward, subsystem="social-security")
    key, secret = sharing.do_issue_consumer_key(other, actor=other_steward)
    outsider = f.GatewayClient(client, key.key_id, secret, purpose="个体工商户登记核验")
    for path in (LOOKUP, QUERY, EXPORT):
        response = outsider.post(path, {"key": {"id_number": people_ids[0]}} if path == LOOKUP else {})
        assert response.status_code == 403 and response.json()["error"]["code"] == "no_grant"
    assert outsider.get("/gateway/v1/resources").json() == {"results": []}
    assert not DataUse.objects.exists()


def test_a_body_over_the_upload_limit_is_a_logged_413_in_the_gateways_shape(gw, granted, people_ids):
    body = json.dumps({"key": {"id_number": people_ids[0]}, "pad": "x" * (11 * 1024 * 1024)}).encode()

    response = gw.post(LOOKUP, raw=body)

    assert response.status_code == 413 and response["Content-Type"].startswith("application/json")
    assert response.json()["error"]["code"] == "body_too_large"
    call = GatewayCall.objects.get()
    assert (call.status, call.error, call.operation) == (413, "body_too_large", GatewayCall.LOOKUP)
    assert not DataUse.objects.exists()


def test_a_body_just_under_the_limit_is_read(gw, granted, people_ids, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 4096
    body = json.dumps({"key": {"id_number": people_ids[0]}, "pad": "x" * 3000}).encode()

    assert gw.post(LOOKUP, raw=body).status_code == 200
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 3000
    assert gw.post(LOOKUP, raw=body).status_code == 413
