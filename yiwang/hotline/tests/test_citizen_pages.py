"""The citizen's pages: write, follow, and answer the return visit from the SMS link."""

import pytest

from yiwang.hotline.models import Ticket

pytestmark = pytest.mark.usefixtures("calendar", "categories")


def test_citizen_writes_and_follows_a_ticket(client, login_as, li_wei):
    login_as(li_wei)
    key = client.get("/hotline/").context["form"]["idempotency_key"].value()
    data = {
        "idempotency_key": key,
        "kind": "suggestion",
        "title": "建议增设公交站",
        "text": "建议在七星岗街道金汤街增设一个公交站。",
        "address": "七星岗街道金汤街",
    }

    response = client.post("/hotline/", data)
    client.post("/hotline/", data)

    ticket = Ticket.objects.get()
    assert response["Location"] == f"/hotline/my/{ticket.code}/"
    assert ticket.caller_user == li_wei and ticket.channel == "web"
    assert client.get("/hotline/my/").context["tickets"][0] == ticket
    assert client.get(f"/hotline/my/{ticket.code}/").status_code == 200


def test_another_citizen_cannot_see_it(client, login_as, li_wei, wang_fang, operator):
    from yiwang.hotline.tests.conftest import make_ticket

    ticket = make_ticket(None, caller_user=li_wei, caller_phone="", caller_name="")
    login_as(wang_fang)

    assert client.get(f"/hotline/my/{ticket.code}/").status_code == 404
    assert list(client.get("/hotline/my/").context["tickets"]) == []


def test_visitor_is_sent_to_login(client):
    assert client.get("/hotline/")["Location"].startswith("/accounts/login/")


def test_return_visit_by_sms_link(client, answered):
    url = f"/hotline/visit/{answered.visit_token}/"
    assert client.get(url).status_code == 200

    bad = client.post(url, {"satisfaction": "delighted"})
    assert bad.status_code == 200 and bad.context["form"].errors
    client.post(url, {"satisfaction": "basically_satisfied", "resolved": "yes"})

    answered.refresh_from_db()
    assert answered.status == Ticket.CLOSED and answered.satisfaction == "basically_satisfied"
    assert client.get("/hotline/visit/not-a-token/").status_code == 404
