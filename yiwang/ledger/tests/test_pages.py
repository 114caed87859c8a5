"""/me/data-uses/: my entries only, newest first, receipts, one-click objection; outsiders get nothing."""

import json

import pytest
from django.urls import reverse

from conftest import login
from yiwang.core.identifiers import make_credit_code
from yiwang.hotline.models import Ticket
from yiwang.ledger.actions import append_entry, do_sequence
from yiwang.ledger.models import Entry, EntryKind, Objection
from yiwang.ledger.verify import verify_receipt

URL = "/me/data-uses/"


@pytest.fixture
def uses(li_wei, wang_fang):
    """Two uses of Li Wei's data and one of Wang Fang's, sequenced and signed."""
    first = append_entry(
        EntryKind.GATEWAY_READ,
        subject=li_wei.person,
        consumer="department:500103-05",
        purpose="就业补贴资格核验",
        grant="SG-2026-0007",
        obj="datahub.dataset:1",
    )
    second = append_entry(
        EntryKind.DATA_FETCHED,
        subject=li_wei.person,
        consumer="system:不动产登记系统",
        purpose="不动产登记",
        obj="datahub.dataset:2",
    )
    other = append_entry(
        EntryKind.GATEWAY_READ, subject=wang_fang.person, consumer="system:秘密系统", purpose="王芳的事"
    )
    do_sequence()
    return first, second, other


def test_anonymous_is_sent_to_login(client, uses):
    first = uses[0]
    for url in (URL, reverse("ledger:receipt", args=[first.code])):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    response = client.post(reverse("ledger:object", args=[first.code]))
    assert response.status_code == 302 and not Objection.objects.exists()


def test_my_uses_newest_first_and_nobody_elses(client, district, uses, li_wei):
    login(client, li_wei)
    response = client.get(URL)
    page = response.content.decode()
    assert response.status_code == 200
    assert page.index("不动产登记系统") < page.index("就业补贴资格核验")
    assert "渝中区人力资源和社会保障局" in page and "department:" not in page  # the department by its name
    assert "SG-2026-0007" in page
    assert "秘密系统" not in page and "王芳的事" not in page
    assert page.count("ledger-proof") == 2


def test_the_centre_links_here(client, li_wei):
    login(client, li_wei)
    assert URL in client.get("/me/").content.decode()


def test_receipt_verifies_offline(client, uses, li_wei):
    login(client, li_wei)
    response = client.get(reverse("ledger:receipt", args=[uses[0].code]), {"download": "1"})
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    receipt = json.loads(response.content)
    assert verify_receipt(receipt) == []
    assert receipt["entry"]["openings"]["subject"] == f"person:{li_wei.person.code}"


def test_nobody_gets_another_persons_receipt_or_objects_for_them(client, uses, wang_fang):
    login(client, wang_fang)
    first = uses[0]
    assert client.get(reverse("ledger:receipt", args=[first.code])).status_code == 404
    assert client.post(reverse("ledger:object", args=[first.code])).status_code == 404
    assert client.get(reverse("ledger:receipt", args=["not-a-uuid"])).status_code == 404
    assert not Objection.objects.exists()


def test_staff_without_a_person_see_an_empty_list(client, uses, officer):
    login(client, officer)
    page = client.get(URL).content.decode()
    assert "就业补贴资格核验" not in page


def test_an_entry_not_yet_signed_has_no_receipt_yet(client, li_wei):
    entry = append_entry(EntryKind.GATEWAY_READ, subject=li_wei.person, consumer="system:x")
    login(client, li_wei)
    response = client.get(reverse("ledger:receipt", args=[entry.code]))
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_yet_in_log"
    assert "ledger-proof" not in client.get(URL).content.decode()


def test_objecting_opens_a_complaint_ticket_once(client, uses, li_wei):
    login(client, li_wei)
    first = uses[0]
    response = client.post(reverse("ledger:object", args=[first.code]))
    objection = Objection.objects.get()
    ticket = objection.ticket
    assert response.status_code == 302 and response["Location"] == reverse(
        "hotline:mine_detail", args=[ticket.code]
    )
    assert ticket.kind == Ticket.COMPLAINT and ticket.caller_user == li_wei and objection.entry == first
    assert str(first.code) in ticket.text
    again = client.post(reverse("ledger:object", args=[first.code]))
    assert again.status_code == 302 and Ticket.objects.count() == 1
    assert ticket.number in client.get(URL).content.decode()
    assert client.get(reverse("ledger:object", args=[first.code])).status_code == 405


def test_an_agent_sees_the_enterprises_entries(client, li_wei, wang_fang):
    from yiwang.accounts.actions import do_register_enterprise

    enterprise = do_register_enterprise(
        user=li_wei,
        name="重庆李记餐饮有限公司",
        credit_code=make_credit_code("91500103MA5U00001"),
        legal_representative=li_wei.person.name,
    )
    append_entry(
        EntryKind.CERTIFICATE_ISSUED, subject=enterprise, consumer="department:500103-04", purpose="营业执照"
    )
    login(client, li_wei)
    assert "重庆李记餐饮有限公司" in client.get(URL).content.decode()
    login(client, wang_fang)
    assert "营业执照" not in client.get(URL).content.decode()


def _queries(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL).status_code == 200
    return len(captured)


def test_the_list_reads_the_same_number_of_queries_for_any_number_of_rows(client, district, li_wei):
    login(client, li_wei)
    append_entry(EntryKind.GATEWAY_READ, subject=li_wei.person, consumer="department:500103-01")
    do_sequence()
    _queries(client)  # the first request also saves the session
    few = _queries(client)
    for i in range(12):
        append_entry(
            EntryKind.GATEWAY_READ, subject=li_wei.person, consumer=f"department:500103-0{i % 5 + 1}"
        )
    do_sequence()
    assert _queries(client) == few


def test_a_bad_page_number_is_not_an_error(client, uses, li_wei):
    login(client, li_wei)
    assert client.get(URL, {"page": "abc"}).status_code == 200
    assert Entry.objects.count() >= 3
