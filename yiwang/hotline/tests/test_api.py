"""/api/v1/tickets: create with an Idempotency-Key, list and read one's own; others get 404."""

import pytest

from yiwang.accounts.actions import do_issue_api_token
from yiwang.hotline.models import Ticket

pytestmark = pytest.mark.usefixtures("calendar", "categories")


@pytest.fixture
def bearer(li_wei):
    return {
        "HTTP_AUTHORIZATION": f"Bearer {do_issue_api_token(li_wei, name='app', actor=None, channel='mobile')[1]}"
    }


BODY = {
    "kind": "help",
    "title": "小区停水三天",
    "text": "两路口街道中山三路社区停水三天了，没有通知。",
    "address": "两路口街道中山三路社区",
}


def test_citizen_files_a_ticket_once_per_key(client, bearer):
    first = client.post(
        "/api/v1/tickets",
        BODY,
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="key-00000001",
        **bearer,
    )
    again = client.post(
        "/api/v1/tickets",
        BODY,
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="key-00000001",
        **bearer,
    )

    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    ticket = Ticket.objects.get()
    assert ticket.channel == "mobile" and ticket.street.name == "两路口街道"
    assert first.json()["suggestions"][0][0] in {"城乡建设", "环境保护"}
    mine = client.get("/api/v1/tickets", **bearer).json()
    assert [t["number"] for t in mine] == [ticket.number]


def test_missing_key_and_bad_input_are_refused(client, bearer):
    assert client.post("/api/v1/tickets", BODY, content_type="application/json", **bearer).status_code == 400
    bad = client.post(
        "/api/v1/tickets",
        dict(BODY, kind="praise"),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="key-00000002",
        **bearer,
    )
    assert bad.status_code == 422 and bad.json()["error"]["details"]["kind"]
    assert not Ticket.objects.exists()


def test_another_citizen_gets_404(client, bearer, wang_fang):
    created = client.post(
        "/api/v1/tickets",
        BODY,
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="key-00000003",
        **bearer,
    ).json()
    other = {"HTTP_AUTHORIZATION": f"Bearer {do_issue_api_token(wang_fang, name='app', actor=None)[1]}"}

    assert client.get(f"/api/v1/tickets/{created['code']}", **other).status_code == 404
    assert client.get("/api/v1/tickets", **other).json() == []
    assert client.get(f"/api/v1/tickets/{created['code']}", **bearer).json()["number"] == created["number"]


def test_anonymous_client_is_refused(client):
    assert (
        client.post(
            "/api/v1/tickets", BODY, content_type="application/json", HTTP_IDEMPOTENCY_KEY="key-00000004"
        ).status_code
        == 401
    )
