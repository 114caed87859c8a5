"""举报人保密: the handling department never sees a confidential reporter — pages, API, export."""

import pytest

from yiwang.accounts.actions import do_issue_api_token
from yiwang.hotline.actions import do_dispatch_ticket
from yiwang.hotline.tests.conftest import department, make_ticket


@pytest.fixture
def confidential(calendar, categories, operator, dispatcher):
    ticket = make_ticket(
        operator, kind="report", confidential=True, caller_name="钱多多", caller_phone="13912345678"
    )
    return do_dispatch_ticket(
        ticket, category=categories["商贸旅游"], department=department("04"), actor=dispatcher
    )


SECRETS = ("钱多多", "钱*", "13912345678", "139****5678", "5678")


def assert_hidden(text):
    for secret in SECRETS:
        assert secret not in text, secret


def test_department_page_hides_the_reporter(client, login_as, confidential, officer):
    login_as(officer)

    page = client.get(f"/staff/hotline/tickets/{confidential.code}/")

    assert page.status_code == 200
    assert_hidden(page.content.decode())


def test_department_export_hides_the_reporter(client, login_as, confidential, officer):
    login_as(officer)

    export = client.get("/staff/hotline/export.csv")

    assert confidential.number in export.content.decode()
    assert_hidden(export.content.decode())


def test_department_api_hides_the_reporter(client, confidential, officer):
    _token, secret = do_issue_api_token(officer, name="app", actor=None)

    response = client.get(f"/api/v1/tickets/{confidential.code}", HTTP_AUTHORIZATION=f"Bearer {secret}")

    assert response.status_code == 200
    assert response.json()["caller"] == {"name": "", "phone": ""}
    assert_hidden(response.content.decode())


def test_open311_does_not_list_confidential_tickets(client, confidential):
    assert confidential.number not in client.get("/open311/v2/requests.json").content.decode()
    assert client.get(f"/open311/v2/requests/{confidential.number}.json").status_code == 404


def test_events_and_notifications_to_staff_carry_no_reporter(confidential):
    from yiwang.core.models import Event
    from yiwang.notify.models import Notification

    assert_hidden(str(list(Event.objects.values_list("payload", flat=True))))
    assert_hidden(str(list(Notification.objects.exclude(medium="sms").values_list("body", flat=True))))


def test_hotline_centre_sees_the_reporter_masked(client, login_as, confidential, operator):
    login_as(operator)

    assert "139****5678" in client.get(f"/staff/hotline/tickets/{confidential.code}/").content.decode()
