"""The CKAN Action API as CKAN clients call it: every action's answer and its errors, in CKAN's
envelope, at both prefixes, by GET and by POST JSON, with API keys in either header."""

import json

import pytest

from conftest import department
from yiwang.accounts.actions import do_issue_api_token
from yiwang.opendata import actions, search
from yiwang.opendata.tests.factories import air_quality, population
from yiwang.opendata.tests.test_publishing import AIR


@pytest.fixture
def air(steward):
    return actions.do_publish_dataset(air_quality(department("02")), AIR, actor=steward)


@pytest.fixture
def people(steward):
    resource = population(department("02"), opening="conditional")
    return actions.do_publish_dataset(
        resource,
        {
            **AIR,
            "name": "street-population",
            "title": "各街道户籍人口数",
            "theme": "society",
            "tags": ["人口"],
            "aggregate_by": ["street", "sex"],
            "notes": "各街道户籍人口按性别统计的人数。",
        },
        actor=steward,
    )


def call(client, name, prefix="/api/3/action/", method="get", headers=None, **params):
    if method == "post":
        response = client.post(
            prefix + name, data=json.dumps(params), content_type="application/json", headers=headers or {}
        )
    else:
        response = client.get(prefix + name, params, headers=headers or {})
    return response.status_code, response.json()


@pytest.mark.parametrize("prefix", ["/api/3/action/", "/api/action/"])
def test_status_show_at_both_prefixes(client, db, prefix):
    status, body = call(client, "status_show", prefix)
    assert status == 200 and body["success"] is True
    assert body["result"]["ckan_version"].startswith("2.") and "help" in body


def test_package_list_and_show_by_name_and_id(client, air, people):
    status, body = call(client, "package_list")
    assert body["result"] == ["air-quality", "street-population"]
    status, body = call(client, "package_show", id="air-quality")
    package = body["result"]
    assert package["title"] == "空气质量监测日报" and package["organization"]["name"] == "500103-02"
    assert {r["format"] for r in package["resources"]} == {"CSV", "JSON", "XLSX"}
    assert [t["name"] for t in package["tags"]] == ["空气", "环境"]
    assert call(client, "package_show", id=package["id"])[1]["result"]["name"] == "air-quality"
    assert call(client, "package_show", method="post", id="air-quality")[1]["result"]["id"] == package["id"]


def test_package_show_of_an_unknown_or_withdrawn_dataset_is_not_found(client, air, steward):
    status, body = call(client, "package_show", id="nothing-here")
    assert status == 404 and body["success"] is False and body["error"]["__type"] == "Not Found Error"
    actions.do_withdraw_dataset(air, actor=steward, reason="调整")
    assert call(client, "package_show", id="air-quality")[0] == 404
    assert call(client, "package_list")[1]["result"] == []


def test_package_show_without_an_id_is_a_validation_error(client, db):
    status, body = call(client, "package_show")
    assert status == 409 and body["error"]["__type"] == "Validation Error" and "id" in body["error"]


def test_package_search_words_filters_facets_paging_and_sort(client, air, people):
    status, body = call(client, "package_search", q="空气")
    assert body["result"]["count"] == 1 and body["result"]["results"][0]["name"] == "air-quality"
    body = call(client, "package_search", fq='groups:"society"')[1]
    assert [p["name"] for p in body["result"]["results"]] == ["street-population"]
    body = call(client, "package_search", fq="-groups:society organization:500103-02")[1]
    assert [p["name"] for p in body["result"]["results"]] == ["air-quality"]
    body = call(
        client,
        "package_search",
        **{"facet.field": json.dumps(["groups", "res_format"]), "rows": 1, "sort": "name desc"},
    )[1]["result"]
    assert body["count"] == 2 and [p["name"] for p in body["results"]] == ["street-population"]
    assert body["facets"]["groups"] == {"environment": 1, "society": 1}
    assert body["facets"]["res_format"] == {"CSV": 2, "JSON": 2, "XLSX": 2}
    assert {item["name"] for item in body["search_facets"]["groups"]["items"]} == {"environment", "society"}
    second = call(client, "package_search", rows=1, start=1, sort="name desc")[1]["result"]
    assert [p["name"] for p in second["results"]] == ["air-quality"]
    assert call(client, "package_search", q="tags:人口")[1]["result"]["count"] == 1
    assert call(client, "package_search", method="post", q="人口", rows=5)[1]["result"]["count"] == 1


@pytest.mark.parametrize(
    "params, kind",
    [
        ({"fq": "colour:red"}, "Search Query Error"),
        ({"fq": "just words"}, "Search Query Error"),
        ({"sort": "weight desc"}, "Search Query Error"),
        ({"facet.field": '["colour"]'}, "Search Query Error"),
        ({"rows": "many"}, "Validation Error"),
        ({"rows": "5000"}, "Validation Error"),
        ({"start": "-1"}, "Validation Error"),
    ],
)
def test_bad_searches_get_ckan_errors(client, air, params, kind):
    status, body = call(client, "package_search", **params)
    assert status == 409 and body["success"] is False and body["error"]["__type"] == kind


def test_organizations_groups_and_tags(client, air, people):
    assert call(client, "organization_list")[1]["result"] == ["500103-02"]
    full = call(client, "organization_list", all_fields="true")[1]["result"][0]
    assert full["package_count"] == 2 and full["title"]
    shown = call(client, "organization_show", id="500103-02", include_datasets="true")[1]["result"]
    assert {p["name"] for p in shown["packages"]} == {"air-quality", "street-population"}
    assert call(client, "organization_show", id="99")[0] == 404
    assert call(client, "group_list")[1]["result"] == ["environment", "society"]
    assert call(client, "group_list", all_fields="true")[1]["result"][0]["package_count"] == 1
    assert call(client, "tag_list")[1]["result"] == ["人口", "环境", "空气"]
    assert call(client, "tag_list", query="空")[1]["result"] == ["空气"]


def test_resource_show_and_datastore_search(client, air):
    package = call(client, "package_show", id="air-quality")[1]["result"]
    csv = next(r for r in package["resources"] if r["format"] == "CSV")
    assert call(client, "resource_show", id=csv["id"])[1]["result"]["url"].endswith("/download.csv")
    assert call(client, "resource_show", id="00000000-0000-0000-0000-000000000000")[0] == 404
    body = call(
        client,
        "datastore_search",
        resource_id=csv["id"],
        limit=5,
        filters=json.dumps({"station": "解放碑"}),
        sort="day desc",
    )[1]["result"]
    assert body["total"] == 10 and len(body["records"]) == 5
    assert [f["id"] for f in body["fields"]] == ["station", "day", "aqi", "level"]
    assert body["records"][0]["day"] == "2026-10-10" and all(
        r["station"] == "解放碑" for r in body["records"]
    )
    assert call(client, "datastore_search", resource_id=csv["id"], q="两路口")[1]["result"]["total"] == 10
    body = call(
        client,
        "datastore_search",
        method="post",
        resource_id=csv["id"],
        filters={"aqi": 47},
        fields=["station", "aqi"],
    )[1]["result"]
    assert body["records"] == [{"station": "两路口", "aqi": 47}]


@pytest.mark.parametrize(
    "params",
    [
        {"filters": "{not json"},
        {"filters": json.dumps({"nope": 1})},
        {"filters": json.dumps({"aqi": "high"})},
        {"sort": "aqi sideways"},
        {"limit": "100000"},
        {"fields": json.dumps(["secret"])},
        {"filters": "[1, 2]"},
    ],
)
def test_bad_datastore_searches_are_validation_errors(client, air, params):
    rid = search.resource_id(air.code, "CSV")
    status, body = call(client, "datastore_search", resource_id=rid, **params)
    assert status == 409 and body["error"]["__type"] == "Validation Error", body


def test_conditional_data_needs_an_approved_application_and_a_key(
    client, people, steward, newcomer, settings
):
    settings.YIWANG_OPENDATA_MIN_GROUP = 1  # the 12 residents make groups of 2
    rid = search.resource_id(people.code, "CSV")
    status, body = call(client, "datastore_search", resource_id=rid)
    assert status == 403 and body["error"]["__type"] == "Authorization Error"
    developer = actions.do_register_developer(
        newcomer, organisation="", purpose="人口分析", agreed=True, actor=newcomer
    )
    _token, key = do_issue_api_token(newcomer, name="open data", actor=newcomer)
    assert call(client, "datastore_search", resource_id=rid, headers={"Authorization": key})[0] == 403
    application = actions.do_apply_for_access(developer, people, purpose="研究人口分布", actor=newcomer)
    actions.do_decide_application(application, approve=True, reason="", actor=steward)
    for headers in ({"Authorization": key}, {"X-CKAN-API-Key": key}, {"Authorization": f"Bearer {key}"}):
        status, body = call(client, "datastore_search", resource_id=rid, headers=headers)
        assert status == 200 and body["result"]["fields"][-1] == {"id": "count", "type": "int"}
        assert sum(r["count"] for r in body["result"]["records"]) == 12
        assert all(set(r) == {"street", "sex", "count"} for r in body["result"]["records"])


def test_an_invalid_key_is_an_authorization_error(client, air):
    status, body = call(client, "package_list", headers={"Authorization": "yw_0000000000_" + "x" * 40})
    assert status == 403 and body["error"]["__type"] == "Authorization Error"


def test_unknown_actions_wrong_methods_and_bad_bodies(client, db):
    status, body = call(client, "package_create")
    assert status == 400 and body["success"] is False
    assert client.put("/api/3/action/package_list").status_code == 405
    response = client.post("/api/3/action/package_show", data="{oops", content_type="application/json")
    assert response.status_code == 409 and response.json()["error"]["__type"] == "Validation Error"
    response = client.post("/api/3/action/package_show", data="[1]", content_type="application/json")
    assert response.status_code == 409
    assert client.get("/api/3/action/package%00show").status_code == 404


def test_requests_beyond_the_rate_limit_wait(client, air, settings):
    settings.YIWANG_OPENDATA_RATE_ANONYMOUS = 3
    statuses = [call(client, "package_list")[0] for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/3/action/package_list")
    assert response.json()["error"]["__type"] == "Rate Limit Error" and int(response["Retry-After"]) > 0
