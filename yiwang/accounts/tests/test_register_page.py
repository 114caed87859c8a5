"""The registration form at /accounts/register/ (实名注册)."""

import pytest
from django.test import Client
from django.utils import translation
from django.utils.html import escape

from yiwang.accounts.models import Person, User
from yiwang.core.events import EventCode
from yiwang.core.identifiers import make_citizen_id
from yiwang.core.models import Event

URL = "/accounts/register/"

LI_WEI_ID = make_citizen_id("50010319880314231")
NEW_ID_CLEAR = make_citizen_id("11010519491231002")  # the conftest registration's ID number

BAD_FIELDS = [
    # (case, changes, field with the message, the English message or a part of it)
    (
        "name_too_short",
        {"real_name": "赵"},
        "real_name",
        "Enter your name as it appears on your ID card (2 to 40 characters).",
    ),
    (
        "name_with_digits",
        {"real_name": "赵敏2"},
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
        "id_future_date",
        {"id_number": make_citizen_id("11010521490101002")},
        "id_number",
        "The birth date in this citizen ID number is not possible.",
    ),
    (
        "id_too_short",
        {"id_number": "11010519491231002"},
        "id_number",
        "A citizen ID number has 18 characters.",
    ),
    (
        "id_letters",
        {"id_number": "1101051949123100AX"},
        "id_number",
        "A citizen ID number has 17 digits followed by a digit or X.",
    ),
    (
        "id_fullwidth_digits",
        {"id_number": "１１０１０５１９４９１２３１００２X"},
        "id_number",
        "A citizen ID number has 17 digits followed by a digit or X.",
    ),
    (
        "id_superscript_digits",
        {"id_number": "²" * 17 + "X"},
        "id_number",
        "A citizen ID number has 17 digits followed by a digit or X.",
    ),
    (
        "phone_short",
        {"phone": "1390000001"},
        "phone",
        "Enter an 11-digit mainland mobile number such as 13812345678.",
    ),
    (
        "phone_landline",
        {"phone": "02363800001"},
        "phone",
        "Enter an 11-digit mainland mobile number such as 13812345678.",
    ),
    (
        "phone_arabic_indic_digits",
        {"phone": "139" + "٠" * 8},
        "phone",
        "Enter an 11-digit mainland mobile number such as 13812345678.",
    ),
    (
        "password_one_class",
        {"password1": "zqxjkvbnmwrt", "password2": "zqxjkvbnmwrt"},
        "password1",
        "Your password must contain at least 3 of these",
    ),
    (
        "password_too_short",
        {"password1": "Ab-1", "password2": "Ab-1"},
        "password1",
        "This password is too short.",
    ),
    ("passwords_differ", {"password2": "Fresh-start-78"}, "password2", "The two passwords differ."),
    ("agree_missing", {"agree": None}, "agree", "This field is required."),
    ("name_missing", {"real_name": ""}, "real_name", "This field is required."),
]


@pytest.mark.parametrize(
    ("changes", "field", "message"), [case[1:] for case in BAD_FIELDS], ids=[case[0] for case in BAD_FIELDS]
)
def test_bad_field_is_refused_on_that_field_and_creates_nothing(
    english, registration, row_counts, changes, field, message
):
    before = row_counts()

    response = english.post(URL, registration(**changes))

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert any(message in error for error in errors[field]), errors
    assert escape(message) in response.content.decode()
    assert row_counts() == before
    assert not response.wsgi_request.user.is_authenticated


def test_already_registered_id_number_is_refused(english, registration, row_counts, li_wei):
    before = row_counts()

    response = english.post(URL, registration(id_number=LI_WEI_ID.lower()))

    assert response.status_code == 200
    assert response.context["form"].errors["id_number"] == [
        "This citizen ID number is already registered. Log in, or reset your password at a service counter."
    ]
    assert row_counts() == before


def test_phone_of_another_account_is_refused(english, registration, row_counts, li_wei):
    before = row_counts()

    response = english.post(URL, registration(phone="138 0000 0001"))

    assert response.status_code == 200
    assert response.context["form"].errors["phone"] == [
        "This mobile number is already used by another account."
    ]
    assert row_counts() == before


def test_error_is_shown_in_chinese_by_default(client, registration, row_counts):
    """Without a language choice the page is Chinese; the message is the catalogue's, whatever it holds."""
    before = row_counts()
    english_message = (
        "The check character of this citizen ID number is wrong; please check for typing errors."
    )

    response = client.post(URL, registration(id_number="110105194912310021"))

    assert response.status_code == 200
    assert 'lang="zh-hans"' in response.content.decode()
    with translation.override("zh-hans"):
        expected = translation.gettext(english_message)
    assert response.context["form"].errors["id_number"] == [expected]
    assert escape(expected) in response.content.decode()
    if expected != english_message:  # once the catalogue translates it, the English text is gone
        assert english_message not in response.content.decode()
    assert row_counts() == before


def test_valid_registration_creates_account_logs_in_and_records_event(client, registration):
    response = client.post(URL, registration())

    assert response.status_code == 302
    assert response["Location"] == "/me/"
    person = Person.objects.get()
    assert person.name == "赵敏"
    assert person.id_number == NEW_ID_CLEAR
    assert person.user.check_password("Fresh-start-77")
    assert response.wsgi_request.user == person.user
    assert Event.objects.filter(code=EventCode.USER_REGISTERED, actor=person.user).count() == 1


def test_id_number_and_phone_are_not_stored_in_clear(client, registration):
    from django.db import connection

    client.post(URL, registration())

    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, phone, id_number_index FROM accounts_person")
        stored = " ".join(cursor.fetchone())
    assert NEW_ID_CLEAR not in stored
    assert "13900000011" not in stored


def test_repeated_submit_with_same_key_creates_one_account_and_sends_to_login(registration):
    first, second = Client(), Client()  # a double click: the second request still has no session

    first.post(URL, registration())
    response = second.post(URL, registration())

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert User.objects.count() == 1
    assert Event.objects.filter(code=EventCode.USER_REGISTERED).count() == 1


def test_replayed_registration_tells_the_user_to_log_in(registration):
    Client().post(URL, registration())
    replay = Client()
    replay.cookies["yiwang_language"] = "en"

    response = replay.post(URL, registration(), follow=True)

    assert "Your registration is complete. Please log in." in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated


def test_same_key_with_other_data_is_refused(english, registration, row_counts):
    Client().post(URL, registration())
    before = row_counts()
    other = registration(
        real_name="钱多多", id_number=make_citizen_id("11010519800101001"), phone="13900000099"
    )

    response = english.post(URL, other)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "This idempotency key was already used for a different request."
    ]
    assert row_counts() == before


def test_missing_idempotency_key_says_the_form_expired_and_creates_nothing(english, registration, row_counts):
    before = row_counts()

    response = english.post(URL, registration(idempotency_key=None))

    assert response.status_code == 200
    form = response.context["form"]
    assert form.non_field_errors() == ["This form has expired. Please check the fields and send it again."]
    assert "This form has expired" in response.content.decode()
    assert len(form["idempotency_key"].value()) == 32  # a fresh key, so the next submit can succeed
    assert row_counts() == before


def test_malformed_idempotency_key_is_refused(english, registration, row_counts):
    before = row_counts()

    response = english.post(URL, registration(idempotency_key="short"))

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "The idempotency key must be 8 to 128 letters, digits or . _ : -"
    ]
    assert row_counts() == before


def test_refused_registration_can_be_corrected_with_same_key(client, registration):
    client.post(URL, registration(phone="123"))

    response = client.post(URL, registration())

    assert response.status_code == 302
    assert User.objects.count() == 1


def test_person_known_from_the_counter_is_taken_over_by_the_account(client, registration):
    from yiwang.accounts.actions import do_create_person

    known = do_create_person(name="赵敏", id_number=NEW_ID_CLEAR, actor=None)

    client.post(URL, registration())

    known.refresh_from_db()
    assert known.user is not None
    assert known.phone == "13900000011"
    assert Person.objects.count() == 1


def test_person_known_under_another_name_is_refused(english, registration, row_counts):
    from yiwang.accounts.actions import do_create_person

    do_create_person(name="赵明", id_number=NEW_ID_CLEAR, actor=None)
    before = row_counts()

    response = english.post(URL, registration())

    assert response.context["form"].errors["id_number"] == [
        "These details do not match what is recorded for this ID number. "
        "Please register at a service counter with your ID card."
    ]
    assert row_counts() == before


def test_person_known_with_another_phone_is_refused_alike(english, registration, row_counts):
    """Knowing someone's name and ID number is not enough to take over their record online."""
    from yiwang.accounts.actions import do_create_person

    do_create_person(name="赵敏", id_number=NEW_ID_CLEAR, phone="13700000001", actor=None)
    before = row_counts()

    response = english.post(URL, registration())

    assert response.context["form"].errors["id_number"][0].startswith("These details do not match")
    assert row_counts() == before


def test_page_renders_for_outsider(client):
    response = client.get(URL)

    assert response.status_code == 200
    assert 'name="idempotency_key"' in response.content.decode()


def test_logged_in_user_is_sent_to_centre(client, li_wei, login_as, registration, row_counts):
    login_as(li_wei)
    before = row_counts()

    response = client.post(URL, registration())

    assert response.status_code == 302
    assert response["Location"] == "/me/"
    assert row_counts() == before


def test_other_methods_are_not_allowed(client):
    assert client.put(URL).status_code == 405


def test_every_mistake_shows_at_once(english, registration, row_counts):
    before = row_counts()

    response = english.post(
        URL, registration(id_number="500103199001011235", phone="1380000", password1=None, password2=None)
    )

    errors = response.context["form"].errors
    assert {"id_number", "phone", "password1", "password2"} <= set(errors)
    assert row_counts() == before
