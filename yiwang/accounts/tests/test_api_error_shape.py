"""Every /api/v1/ error, ninja's own included, has one shape: a stable code, a translated message."""

import json

import pytest
from django.test import RequestFactory
from django.utils import translation
from ninja.errors import HttpError

from yiwang.api import SessionAuth, api, schema_message

URL = "/api/v1/accounts"


def post(client, data, **kwargs):
    return client.post(
        URL,
        data,
        content_type="application/json",
        headers={"Idempotency-Key": "api-key-0001", "Accept-Language": "en"},
        **kwargs,
    )


def error_of(response, status, code):
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    error = json.loads(response.content)["error"]
    assert error["code"] == code
    return error


def test_missing_fields_are_named_with_a_translated_message(client, row_counts):
    before = row_counts()

    error = error_of(post(client, {"real_name": "赵敏"}), 422, "invalid_input")

    assert {tuple(d["loc"]): (d["type"], d["message"]) for d in error["details"]} == {
        ("body", "payload", field): ("missing", "This field is required.")
        for field in ("id_number", "phone", "password")
    }
    assert row_counts() == before


@pytest.mark.parametrize(
    "payload",
    [
        {"real_name": "赵敏", "id_number": "x", "password": "x", "phone": 13900000011},
        {"real_name": ["赵敏"], "id_number": "x", "password": "x", "phone": "13900000011"},
    ],
    ids=["number_for_text", "list_for_text"],
)
def test_a_value_of_the_wrong_type_is_named(client, payload):
    error = error_of(post(client, payload), 422, "invalid_input")

    assert [d["message"] for d in error["details"]] == ["This value has the wrong type."]
    assert error["details"][0]["type"].endswith("_type")


def test_schema_messages_are_not_pydantics_english(client):
    with translation.override("zh-hans"):
        error = error_of(
            client.post(
                URL, {}, content_type="application/json", headers={"Idempotency-Key": "api-key-0001"}
            ),
            422,
            "invalid_input",
        )

    assert "Field required" not in str(error)


@pytest.mark.parametrize(
    "error_type, message",
    [
        ("missing", "This field is required."),
        ("string_type", "This value has the wrong type."),
        ("int_type", "This value has the wrong type."),
        ("int_parsing", "This value has the wrong type."),
        ("bool_type", "This value has the wrong type."),
        ("model_attributes_type", "This value has the wrong type."),
        ("string_too_long", "This value is too long."),
        ("json_invalid", "The request body is not valid JSON."),
        ("string_pattern_mismatch", "This value is not valid."),
        ("value_error", "This value is not valid."),
    ],
)
def test_each_pydantic_error_type_has_a_message(error_type, message):
    with translation.override("en"):
        assert str(schema_message(error_type)) == message


def test_unparsable_body_is_invalid_json(client, row_counts):
    before = row_counts()

    error = error_of(post(client, "{not json"), 400, "invalid_json")

    assert error["message"] == "The request body is not valid JSON."
    assert row_counts() == before


def test_unparsable_body_in_debug_is_still_invalid_json(client, settings):
    settings.DEBUG = True  # ninja then appends the parser's complaint to its text

    error_of(post(client, "{not json"), 400, "invalid_json")


def test_a_session_write_without_the_csrf_token_is_csrf_failed(li_wei):
    request = RequestFactory().post("/api/v1/anything", {}, content_type="application/json")
    request.COOKIES["sessionid"] = "a-session"
    request.user = li_wei

    with pytest.raises(HttpError) as refused:  # ninja's cookie auth, as it runs before a session write
        SessionAuth()(request)
    with translation.override("en"):
        response = api.on_exception(request, refused.value)

    error = error_of(response, 403, "csrf_failed")
    assert error["message"] == "The CSRF check failed: send the CSRF token with this request."


@pytest.mark.parametrize(
    "method, url, allowed",
    [
        ("get", URL, "POST"),
        ("delete", "/api/v1/me", "GET"),
        ("put", "/api/v1/me", "GET"),
    ],
    ids=["get_on_post_only", "delete_on_get_only", "put_on_get_only"],
)
def test_wrong_method_is_a_json_405_keeping_allow(client, li_wei, login_as, method, url, allowed):
    login_as(li_wei)

    response = getattr(client, method)(url, headers={"Accept-Language": "en"})

    error = error_of(response, 405, "method_not_allowed")
    assert error["message"] == f"The method {method.upper()} is not allowed here."
    assert response["Allow"] == allowed


def test_wrong_method_for_an_outsider_changes_nothing(client, row_counts):
    before = row_counts()

    error_of(client.get(URL), 405, "method_not_allowed")

    assert row_counts() == before


def test_right_method_is_untouched(client, li_wei, login_as):
    login_as(li_wei)

    assert client.get("/api/v1/me").status_code == 200
