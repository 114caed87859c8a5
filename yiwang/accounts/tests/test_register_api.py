"""POST /api/v1/accounts: citizen registration for apps, with an Idempotency-Key header."""

import pytest
from django.utils import translation

from yiwang.accounts.models import Person, User
from yiwang.core.events import EventCode
from yiwang.core.identifiers import make_citizen_id
from yiwang.core.models import Event

URL = "/api/v1/accounts"
NEW_ID = make_citizen_id("11010519491231002")


def body(**changes):
    data = {"real_name": "赵敏", "id_number": NEW_ID, "phone": "13900000011", "password": "Fresh-start-77"}
    data.update(changes)
    return data


def post(client, data, key="api-key-0001", language="en"):
    headers = {"Accept-Language": language} if language else {}
    if key is not None:
        headers["Idempotency-Key"] = key
    return client.post(URL, data, content_type="application/json", headers=headers)


def assert_error_shape(response, status, code):
    assert response.status_code == status
    error = response.json()["error"]
    assert error["code"] == code
    assert isinstance(error["message"], str) and error["message"]
    return error


BAD_FIELDS = [
    (
        "bad_name",
        {"real_name": "Z"},
        "real_name",
        "Enter your name as it appears on your ID card (2 to 40 characters).",
    ),
    (
        "id_checksum",
        {"id_number": "110105194912310021"},
        "id_number",
        "The check character of this citizen ID number is wrong; please check for typing errors.",
    ),
    (
        "id_impossible_date",
        {"id_number": make_citizen_id("11010519490230002")},
        "id_number",
        "The birth date in this citizen ID number is not a real date.",
    ),
    (
        "id_wrong_length",
        {"id_number": "1101051949123100"},
        "id_number",
        "A citizen ID number has 18 characters.",
    ),
    (
        "id_fullwidth_digits",
        {"id_number": "１１０１０５１９４９１２３１００２X"},
        "id_number",
        "A citizen ID number has 17 digits followed by a digit or X.",
    ),
    (
        "phone_bad",
        {"phone": "2390000001"},
        "phone",
        "Enter an 11-digit mainland mobile number such as 13812345678.",
    ),
    (
        "phone_fullwidth_digits",
        {"phone": "139００００００１１"},
        "phone",
        "Enter an 11-digit mainland mobile number such as 13812345678.",
    ),
    ("phone_missing", {"phone": ""}, "phone", "Enter your mobile number."),
    (
        "weak_password",
        {"password": "zqxjkvbnmwrt"},
        "password",
        "Your password must contain at least 3 of these",
    ),
]


@pytest.mark.parametrize(
    ("changes", "field", "message"), [case[1:] for case in BAD_FIELDS], ids=[case[0] for case in BAD_FIELDS]
)
def test_bad_field_gives_422_with_message_on_that_field(client, row_counts, changes, field, message):
    before = row_counts()

    response = post(client, body(**changes))

    error = assert_error_shape(response, 422, "invalid_input")
    assert error["message"] == "The request is not valid."
    assert any(message in text for text in error["details"][field]), error["details"]
    assert row_counts() == before


def test_already_registered_id_number_is_refused(client, row_counts, li_wei):
    before = row_counts()

    response = post(client, body(id_number=make_citizen_id("50010319880314231")))

    error = assert_error_shape(response, 422, "invalid_input")
    assert error["details"]["id_number"] == [
        "This citizen ID number is already registered. Log in, or reset your password at a service counter."
    ]
    assert row_counts() == before


def test_phone_of_another_account_is_refused(client, row_counts, li_wei):
    before = row_counts()

    response = post(client, body(phone="13800000001"))

    error = assert_error_shape(response, 422, "invalid_input")
    assert error["details"]["phone"] == ["This mobile number is already used by another account."]
    assert row_counts() == before


@pytest.mark.parametrize(
    "payload",
    [{"real_name": "赵敏"}, [], {**body(), "phone": 13900000011}, "null"],
    ids=["missing_fields", "list", "number_for_text", "null"],
)
def test_malformed_body_gives_422_schema_errors(client, row_counts, payload):
    before = row_counts()

    response = post(client, payload)

    error = assert_error_shape(response, 422, "invalid_input")
    assert error["details"] and all({"loc", "message"} <= set(detail) for detail in error["details"])
    assert row_counts() == before


def test_unparsable_body_is_a_client_error(client, row_counts):
    before = row_counts()

    response = client.post(
        URL, "{not json", content_type="application/json", headers={"Idempotency-Key": "api-key-0001"}
    )

    assert response.status_code == 400
    assert "error" in response.json()
    assert row_counts() == before


def test_error_is_in_chinese_by_default(client, row_counts):
    before = row_counts()
    english = "The check character of this citizen ID number is wrong; please check for typing errors."

    response = post(client, body(id_number="110105194912310021"), language=None)

    error = assert_error_shape(response, 422, "invalid_input")
    with translation.override("zh-hans"):
        assert error["message"] == translation.gettext("The request is not valid.")
        assert error["details"]["id_number"] == [translation.gettext(english)]
    assert row_counts() == before


def test_valid_registration_returns_the_account_code(client):
    response = post(client, body())

    assert response.status_code == 201
    user = User.objects.get()
    assert response.json() == {"code": str(user.code)}
    assert user.person.id_number == NEW_ID
    event = Event.objects.get(code=EventCode.USER_REGISTERED)
    assert event.channel == "api"


def test_same_key_twice_creates_one_account_and_returns_the_same_code(client):
    first = post(client, body())
    second = post(client, body())

    assert second.status_code == 201
    assert second.json() == first.json()
    assert User.objects.count() == 1
    assert Person.objects.count() == 1


def test_same_key_with_other_data_is_409(client, row_counts):
    post(client, body())
    before = row_counts()

    response = post(
        client, body(real_name="钱多多", id_number=make_citizen_id("11010519800101001"), phone="13900000099")
    )

    error = assert_error_shape(response, 409, "idempotency_key_reused")
    assert error["message"] == "This idempotency key was already used for a different request."
    assert row_counts() == before


def test_missing_key_is_400(client, row_counts):
    before = row_counts()

    response = post(client, body(), key=None)

    error = assert_error_shape(response, 400, "idempotency_key_missing")
    assert "Idempotency-Key" in error["message"]
    assert row_counts() == before


def test_malformed_key_is_400(client, row_counts):
    before = row_counts()

    response = post(client, body(), key="bad key!")

    assert_error_shape(response, 400, "idempotency_key_invalid")
    assert row_counts() == before


def test_refused_request_can_be_retried_with_same_key(client):
    post(client, body(phone="123"))

    response = post(client, body())

    assert response.status_code == 201
    assert User.objects.count() == 1


def test_registration_needs_no_authentication_but_other_methods_are_refused(client):
    assert client.get(URL).status_code == 405


@pytest.mark.parametrize("field", ["real_name", "password"])
def test_text_that_is_not_unicode_is_refused_as_bad_input(client, field):
    from yiwang.accounts.models import User

    body = (
        '{"real_name": "赵敏", "id_number": "11010519491231002X", "phone": "13900000011", '
        '"password": "Fresh-start-77"}'.replace(
            '"赵敏"' if field == "real_name" else '"Fresh-start-77"', '"\\ud800"'
        )
    )
    response = client.post(
        "/api/v1/accounts",
        body,
        content_type="application/json",
        headers={"Idempotency-Key": "surrogate-key-01"},
    )

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_text"
    assert not User.objects.exists()


def test_overlong_password_is_refused(client):
    body = {
        "real_name": "赵敏",
        "id_number": "11010519491231002X",
        "phone": "13900000011",
        "password": "Aa1-" * 300,
    }

    response = client.post(
        "/api/v1/accounts",
        body,
        content_type="application/json",
        headers={"Idempotency-Key": "long-key-0001"},
    )

    assert response.status_code == 422
