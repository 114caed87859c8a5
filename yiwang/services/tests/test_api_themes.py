"""GET /api/v1/themes and /api/v1/departments-with-services: the ways into the catalogue."""

from conftest import department


def test_themes_with_counts(client, catalogue):
    body = client.get("/api/v1/themes").json()

    assert [(t["code"], t["count"]) for t in body] == [("E01", 2), ("P01", 1), ("P02", 2)]
    assert client.get("/api/v1/themes", {"audience": "person"}).json()[0]["code"] == "P01"
    english = client.get("/api/v1/themes", HTTP_ACCEPT_LANGUAGE="en").json()
    assert english[0]["name"] == "Starting and changing a business"


def test_departments_with_published_items_only(client, catalogue):
    body = client.get("/api/v1/departments-with-services").json()

    assert [(d["code"], d["count"]) for d in body] == [
        (department("03").code, 1),
        (department("04").code, 2),
        (department("05").code, 2),
    ]
    enterprise = client.get("/api/v1/departments-with-services", {"audience": "enterprise"}).json()
    assert [d["code"] for d in enterprise] == [department("04").code]


def test_bad_audience_is_refused(client, catalogue):
    for url in ["/api/v1/themes", "/api/v1/departments-with-services"]:
        response = client.get(url, {"audience": "martians"})
        assert response.status_code == 422 and response.json()["error"]["code"] == "invalid_input"


def test_endpoints_are_in_the_openapi_document(client, district):
    paths = client.get("/api/v1/openapi.json").json()["paths"]

    for path in [
        "/api/v1/services",
        "/api/v1/services/{code}",
        "/api/v1/themes",
        "/api/v1/departments-with-services",
    ]:
        assert "get" in paths[path]
