"""The case endpoints are documented in /api/v1/openapi.json with their inputs and answers."""

ENDPOINTS = {
    ("/api/v1/cases", "post"),
    ("/api/v1/cases", "get"),
    ("/api/v1/cases/drafts", "post"),
    ("/api/v1/cases/{code}", "get"),
    ("/api/v1/cases/{code}/answers", "put"),
    ("/api/v1/cases/{code}/materials", "post"),
    ("/api/v1/cases/{code}/submit", "post"),
    ("/api/v1/cases/{code}/supplement", "post"),
    ("/api/v1/cases/{code}/withdraw", "post"),
    ("/api/v1/staff/cases", "get"),
    *{
        (f"/api/v1/staff/cases/{{code}}/{action}", "post")
        for action in ("accept", "refuse", "request-supplement", "complete-step", "finish", "deliver")
    },
}


def test_every_case_endpoint_is_documented(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]

    documented = {
        (path, method) for path, operations in paths.items() for method in operations if "case" in path
    }
    assert documented == ENDPOINTS


def test_apply_declares_its_body_and_answers(client):
    schema = client.get("/api/v1/openapi.json").json()
    apply = schema["paths"]["/api/v1/cases"]["post"]

    assert "Idempotency-Key" in apply["description"]
    assert {"201", "400", "409", "422"} <= set(apply["responses"])
    body = apply["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert {"item", "applicant", "answers"} <= set(schema["components"]["schemas"][body]["properties"])
    upload = schema["paths"]["/api/v1/cases/{code}/materials"]["post"]["requestBody"]["content"]
    assert "multipart/form-data" in upload
