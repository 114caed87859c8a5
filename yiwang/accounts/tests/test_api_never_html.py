"""Whatever goes wrong under /api/, the answer is JSON in the API's error shape, never an HTML page."""

import pytest

from yiwang.accounts.actions import do_issue_api_token

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/api/v1/nope", "/api/v1/me/", "/api/unknown"])
def test_unknown_api_path_is_json_404(client, path):
    response = client.get(path)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == "not_found"


def test_oversized_body_is_json_400(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000

    response = client.post(
        "/api/v1/accounts",
        "{" + " " * 5000 + "}",
        content_type="application/json",
        headers={"Idempotency-Key": "big-body-0001"},
    )

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "request_rejected"


def test_a_bug_is_json_500_and_logged(client, li_wei, monkeypatch, caplog):
    def broken(user):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(type(li_wei), "masked_person", broken)  # stands in for any bug in an endpoint
    _token, clear = do_issue_api_token(li_wei, name="app", actor=None)

    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {clear}"})

    assert response.status_code == 500
    assert response.json()["error"]["code"] == "internal_error"
    assert "a bug" in caplog.text
