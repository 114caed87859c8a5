"""SMS intake through the gateway adapter: the secret is checked, the message becomes a ticket."""

import pytest

from yiwang.hotline.models import Ticket

pytestmark = pytest.mark.usefixtures("calendar", "categories")


def test_sms_becomes_a_ticket(client, settings):
    settings.YIWANG_HOTLINE_SMS_SECRET = "s3cret"

    response = client.post(
        "/hotline/sms/",
        {"from": "+8613900000009", "text": "石油路街道渝州路社区路灯坏了一周。"},
        content_type="application/json",
        HTTP_X_YIWANG_SMS_SECRET="s3cret",
    )

    assert response.status_code == 201
    ticket = Ticket.objects.get()
    assert (
        ticket.channel == "sms"
        and ticket.caller_phone == "13900000009"
        and ticket.street.name == "石油路街道"
    )


def test_wrong_secret_or_body_is_refused(client, settings):
    settings.YIWANG_HOTLINE_SMS_SECRET = "s3cret"

    assert (
        client.post(
            "/hotline/sms/",
            {"from": "1", "text": "x"},
            content_type="application/json",
            HTTP_X_YIWANG_SMS_SECRET="guess",
        ).status_code
        == 403
    )
    assert (
        client.post(
            "/hotline/sms/", "not json", content_type="application/json", HTTP_X_YIWANG_SMS_SECRET="s3cret"
        ).status_code
        == 400
    )
    assert (
        client.post(
            "/hotline/sms/",
            {"from": "13900000009", "text": ""},
            content_type="application/json",
            HTTP_X_YIWANG_SMS_SECRET="s3cret",
        ).status_code
        == 422
    )
    assert not Ticket.objects.exists()


def test_intake_is_off_without_a_secret(client):
    assert client.post("/hotline/sms/", {}, content_type="application/json").status_code == 404
