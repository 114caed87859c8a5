"""/api/v1/openapi.json and /api/v1/docs are public."""


def test_openapi_schema_lists_the_endpoints(client):
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/me" in paths
    assert "/api/v1/accounts" in paths


def test_docs_page_renders(client):
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    assert "openapi.json" in response.content.decode()


def test_unknown_api_path_is_404(client):
    assert client.get("/api/v1/nothing-here").status_code == 404


def test_docs_page_loads_nothing_from_the_internet(client):
    body = client.get("/api/v1/docs").content.decode()

    assert "swagger-ui-bundle.js" in body
    assert "cdn." not in body and "https://" not in body.split("</head>")[0]
