"""GET /api/v1/services: search the public catalogue from any channel."""

import pytest

from conftest import department


def test_search_answers_without_a_token_best_first(client, catalogue):
    body = client.get("/api/v1/services", {"q": "sfz"}).json()

    assert body["query"] == "sfz" and body["count"] == 3 and body["page"] == 1
    first = body["results"][0]
    assert first["name"] == "居民身份证换领" and first["code"] == str(catalogue["id_card"].code)
    assert first["department"] == {"code": department("03").code, "name": "重庆市公安局渝中区分局"}
    assert first["online_depth"] == 4 and first["visits"] == 0 and first["promised_limit"] == 3
    assert first["score"] > body["results"][1]["score"]


def test_filters_and_facets(client, catalogue):
    body = client.get("/api/v1/services", {"audience": "enterprise"}).json()

    assert {r["name"] for r in body["results"]} == {"个体工商户设立登记", "食品经营许可"}
    assert {f["code"]: f["count"] for f in body["facets"]["audiences"]} == {"person": 4, "enterprise": 2}
    assert {f["code"] for f in body["facets"]["themes"]} == {"E01"}

    by_department = client.get("/api/v1/services", {"department": department("05").code}).json()
    assert by_department["count"] == 2
    assert client.get("/api/v1/services", {"theme": "P01"}).json()["count"] == 1


def test_drafts_and_withdrawn_items_never_appear(client, catalogue):
    names = {r["name"] for r in client.get("/api/v1/services", {"page_size": 100}).json()["results"]}

    assert "户外广告设置许可" not in names and "烟草专卖零售许可" not in names and len(names) == 5


def test_paging(client, catalogue):
    body = client.get("/api/v1/services", {"page_size": 2, "page": 3}).json()

    assert body["count"] == 5 and body["pages"] == 3 and len(body["results"]) == 1


def test_zh_hant_content(client, catalogue):
    body = client.get("/api/v1/services", {"q": "身份證"}, HTTP_ACCEPT_LANGUAGE="zh-Hant").json()

    assert body["results"][0]["name"] == "居民身份證換領"


@pytest.mark.parametrize(
    "params",
    [
        {"page": "abc"},
        {"page": "0"},
        {"page_size": "1000"},
        {"audience": "robot"},
        {"department": "x" * 100},
        {"q": "身" * 5000},
    ],
)
def test_bad_parameters_are_refused_in_the_shared_error_shape(client, catalogue, params):
    response = client.get("/api/v1/services", params)

    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_input"


@pytest.mark.parametrize(
    "q",
    [
        "\x00\x01sfz\x7f",
        "<script>",
        "'; DROP TABLE services_serviceitem; --",
        "%",
        "😀" * 50,
        "\u202e\u200b",
        " " * 1000,
    ],
)
def test_odd_queries_answer(client, catalogue, q):
    response = client.get("/api/v1/services", {"q": q})

    assert response.status_code == 200
    assert response.json()["count"] >= 0


def test_only_reading_is_allowed(client, catalogue):
    response = client.post("/api/v1/services", {}, content_type="application/json")

    assert response.status_code == 405 and response.json()["error"]["code"] == "method_not_allowed"


def test_the_list_uses_a_bounded_number_of_queries(client, catalogue, django_assert_max_num_queries):
    client.get("/api/v1/services")  # builds the index

    with django_assert_max_num_queries(1):
        client.get("/api/v1/services", {"page_size": 100})
