"""Co-handling (协办): a co-handling department gives its opinion to the lead; others cannot."""

import pytest
from django.core.exceptions import ValidationError

from yiwang.hotline.actions import do_dispatch_ticket, do_give_co_opinion
from yiwang.hotline.models import CoHandlingOpinion
from yiwang.hotline.tests.conftest import department
from yiwang.notify.models import Notification


@pytest.fixture
def co_handled(ticket, categories, dispatcher):
    """Led by 市场监管局 (the officer's), co-handled by 人力社保局 (the other officer's)."""
    return do_dispatch_ticket(
        ticket,
        category=categories["商贸旅游"],
        department=department("04"),
        co_departments=[department("05")],
        actor=dispatcher,
    )


def test_co_handler_sees_the_ticket_and_sends_an_opinion(
    client, login_as, officer, other_officer, co_handled
):
    login_as(other_officer)
    page = client.get(f"/staff/hotline/tickets/{co_handled.code}/")
    assert page.status_code == 200 and page.context["co_department"] == department("05")
    assert not page.context["can_handle"]

    client.post(f"/staff/hotline/tickets/{co_handled.code}/opinion/", {"text": "涉及员工欠薪，已立案调查。"})

    opinion = CoHandlingOpinion.objects.get()
    assert (opinion.department, opinion.author) == (department("05"), other_officer)
    assert Notification.objects.filter(recipient=officer, subject__contains="12345").count() == 2
    login_as(officer)
    assert "涉及员工欠薪" in client.get(f"/staff/hotline/tickets/{co_handled.code}/").content.decode()


def test_lead_and_outsiders_cannot_give_a_co_opinion(client, login_as, officer, co_handled, district):
    login_as(officer)
    assert client.post(f"/staff/hotline/tickets/{co_handled.code}/opinion/", {"text": "x"}).status_code == 403
    with pytest.raises(ValidationError):
        do_give_co_opinion(co_handled, department=department("09"), text="x", actor=officer)
    assert not CoHandlingOpinion.objects.exists()


def test_co_handler_cannot_answer_or_return(client, login_as, other_officer, co_handled):
    login_as(other_officer)

    assert (
        client.post(f"/staff/hotline/tickets/{co_handled.code}/answer/", {"answer": "x"}).status_code == 403
    )
    assert (
        client.post(f"/staff/hotline/tickets/{co_handled.code}/return/", {"reason": "x"}).status_code == 403
    )
