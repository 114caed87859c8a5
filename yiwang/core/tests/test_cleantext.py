"""The one text cleaner: what it keeps, what it refuses, and the same refusal at each door."""

import json
import unicodedata

import pytest
from django import forms
from hypothesis import given
from hypothesis import strategies as st

from yiwang.core.cleantext import INVALID_TEXT, TextField, TextRefused, clean_text

ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=60)


@given(value=ANY_TEXT, multiline=st.booleans())
def test_clean_text_gives_storable_nfc_text_within_the_limit_or_refuses(value, multiline):
    try:
        cleaned = clean_text(value, max_length=30, multiline=multiline)
    except TextRefused as error:
        assert error.messages and error.error_list[0].code in (INVALID_TEXT, "max_length")
        return
    assert unicodedata.is_normalized("NFC", cleaned) and len(cleaned) <= 30
    cleaned.encode("utf-8")
    assert not any(unicodedata.category(c) == "Cc" and c not in "\t\n" for c in cleaned)
    assert multiline or ("\n" not in cleaned and "\t" not in cleaned)


@pytest.mark.parametrize("value", ["a\x00b", "\x1b[31m", "a\x85b", "\x7f", "\ud800", "x\udfff"])
def test_control_characters_and_lone_surrogates_are_refused(value):
    with pytest.raises(TextRefused) as caught:
        clean_text(value, max_length=100, multiline=True)
    assert caught.value.error_list[0].code == INVALID_TEXT


def test_text_is_composed_stripped_and_keeps_its_lines():
    assert clean_text("  e\u0301\r\n\tx ", max_length=10, multiline=True) == "é\n\tx"
    with pytest.raises(TextRefused):
        clean_text("two\nlines", max_length=100)


def test_refusals_name_the_field_and_say_why(english_messages):
    with pytest.raises(TextRefused) as caught:
        clean_text("x" * 11, field="title", max_length=10)
    assert caught.value.message_dict == {"title": ["At most 10 characters."]}
    with pytest.raises(TextRefused) as caught:
        clean_text(7, field="title", max_length=10)
    assert caught.value.message_dict == {"title": ["Enter text."]}
    with pytest.raises(TextRefused):
        clean_text("  ", field="title", max_length=10, required=True)


class NoteForm(forms.Form):
    title = TextField(max_length=20)
    note = TextField(widget=forms.Textarea, required=False)


def test_a_form_field_refuses_with_its_own_translated_error():
    form = NoteForm({"title": "路灯\x01坏了", "note": "第一行\r\n第二行"})

    assert not form.is_valid()
    assert form.errors["title"] == ["文字中含有不允许的字符。"]
    assert "note" not in form.errors
    assert NoteForm({"title": "路灯", "note": "第一行\r\n第二行"}).is_valid()


def test_ticket_api_refuses_a_nul_with_a_clear_400_and_creates_nothing(client, calendar, li_wei):
    from yiwang.accounts.actions import do_issue_api_token
    from yiwang.hotline.models import Ticket

    bearer = do_issue_api_token(li_wei, name="app", actor=None)[1]
    response = client.post(
        "/api/v1/tickets",
        {"kind": "help", "text": "路灯坏了\x00"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {bearer}", "Idempotency-Key": "nul-ticket-0001"},
    )

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == INVALID_TEXT and error["message"] == "请求中含有不允许的字符。"
    assert not Ticket.objects.exists()


def test_sms_intake_refuses_a_lone_surrogate_with_a_clear_400(client, calendar, settings):
    from yiwang.hotline.models import Ticket

    settings.YIWANG_HOTLINE_SMS_SECRET = "sms-secret"
    response = client.post(
        "/hotline/sms/",
        json.dumps({"from": "13800000001", "text": "路灯\ud800坏了"}),
        content_type="application/json",
        headers={"X-Yiwang-Sms-Secret": "sms-secret"},
    )

    assert response.status_code == 400 and response.json()["error"]["code"] == INVALID_TEXT
    assert not Ticket.objects.exists()


def test_open311_refuses_a_control_character_in_its_error_list(client, calendar, district):
    from yiwang.hotline.actions import do_issue_open311_key, do_save_category
    from yiwang.hotline.models import Ticket

    do_save_category(name="城乡建设", code="urban", actor=None)
    key = do_issue_open311_key("app", actor=None)[1]
    response = client.post(
        "/open311/v2/requests.json",
        {"api_key": key, "service_code": "urban", "address_string": "解放碑", "description": "路灯\x1b坏了"},
    )

    assert response.status_code == 400
    assert response.json() == [{"code": 400, "description": "文字中含有不允许的字符。"}]
    assert not Ticket.objects.exists()


@pytest.mark.parametrize("content_type", ["application/json", "application/x-www-form-urlencoded"])
def test_ckan_api_refuses_a_nul_in_its_envelope(client, db, content_type):
    body = '{"q": "a\\u0000b"}' if content_type == "application/json" else "q=a%00b"
    response = client.post("/api/3/action/package_search", body, content_type=content_type)

    assert response.status_code == 400
    assert response.json()["success"] is False
    assert response.json()["error"]["code"] == INVALID_TEXT


def test_query_strings_with_nul_reach_no_database(client, db):
    assert client.get("/api/v1/services", {"q": "\x00sfz", "department": "\x00"}).status_code == 200
