"""Whatever is typed into registration and login, the answer is a refusal or a success, never a 500."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yiwang.accounts.models import User

ANY_TEXT = st.text(max_size=60)  # control characters and NUL included
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(
    name=ANY_TEXT,
    id_number=ANY_TEXT,
    phone=ANY_TEXT,
    password=ANY_TEXT,
    key=st.text(min_size=1, max_size=140),
)
def test_registration_form_never_fails(client, name, id_number, phone, password, key):
    response = client.post(
        "/accounts/register/",
        {
            "real_name": name,
            "id_number": id_number,
            "phone": phone,
            "password1": password,
            "password2": password,
            "agree": "on",
            "idempotency_key": key,
        },
    )

    assert response.status_code in (200, 302)
    client.logout()


@FUZZ
@given(
    name=ANY_TEXT,
    id_number=ANY_TEXT,
    phone=ANY_TEXT,
    password=ANY_TEXT,
    key=st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), min_size=1, max_size=140),
)
def test_registration_api_never_fails(client, name, id_number, phone, password, key):
    before = User.objects.count()

    response = client.post(
        "/api/v1/accounts",
        {"real_name": name, "id_number": id_number, "phone": phone, "password": password},
        content_type="application/json",
        headers={"Idempotency-Key": key},
    )

    assert response.status_code in (201, 400, 409, 422)
    assert User.objects.count() == before + (response.status_code == 201)


@FUZZ
@given(identifier=ANY_TEXT, password=ANY_TEXT)
def test_login_form_never_fails(client, li_wei, identifier, password):
    response = client.post("/accounts/login/", {"identifier": identifier, "password": password})

    assert response.status_code == 200


@FUZZ
@given(code=ANY_TEXT)
def test_second_factor_form_never_fails(client, officer, password, code):
    client.post("/accounts/login/", {"identifier": "officer", "password": password})
    response = client.post("/accounts/login/second-factor/", {"code": code})

    assert response.status_code in (200, 302)
