"""A case accepted on a provisional due date hears the new date when the official year is published."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from conftest import login
from yiwang.cases.actions import do_accept_case
from yiwang.core.actions import do_publish_calendar_schedule
from yiwang.core.models import CalendarDay
from yiwang.notify.models import Notification

D = datetime.date
ACCEPTED = datetime.datetime(2026, 12, 29, 10, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))
NOTICE_2027 = [
    (D(2027, 1, 1), CalendarDay.HOLIDAY, "元旦"),
    (D(2027, 1, 4), CalendarDay.HOLIDAY, "元旦"),
    (D(2027, 1, 5), CalendarDay.HOLIDAY, "元旦"),
    (D(2027, 1, 9), CalendarDay.WORKDAY, "元旦"),
]


@pytest.fixture
def accepted_on_29_december(calendar, submitted_case, officer):
    with time_machine.travel(ACCEPTED, tick=False):
        return do_accept_case(submitted_case, actor=officer)


def test_a_limit_crossing_into_2027_is_accepted_with_a_provisional_due_date(accepted_on_29_december):
    clock = accepted_on_29_december.clock
    # 3 working days after Tuesday 29 December: 30, 31 December and Monday 4 January (provisional).
    assert clock.due_date == D(2027, 1, 4) and clock.provisional is True


def test_publishing_2027_moves_the_promised_date_and_tells_the_applicant(accepted_on_29_december, li_wei):
    case = accepted_on_29_december
    told = Notification.objects.filter(recipient=li_wei).count()

    do_publish_calendar_schedule(2027, NOTICE_2027, actor=None)

    case.clock.refresh_from_db()
    assert case.clock.due_date == D(2027, 1, 6) and case.clock.provisional is False
    message = Notification.objects.filter(recipient=li_wei, object_id=str(case.pk)).latest("id")
    assert Notification.objects.filter(recipient=li_wei).count() > told
    assert "2027-01-06" in message.body and "2027-01-04" in message.body
    assert case.number in message.subject


def test_a_publication_that_does_not_move_the_date_tells_nobody(accepted_on_29_december, li_wei):
    told = Notification.objects.filter(recipient=li_wei).count()

    do_publish_calendar_schedule(2027, [(D(2027, 1, 1), CalendarDay.HOLIDAY, "元旦")], actor=None)

    accepted_on_29_december.clock.refresh_from_db()
    assert accepted_on_29_december.clock.provisional is False
    assert Notification.objects.filter(recipient=li_wei).count() == told


MARK = "以国务院办公厅公布的放假安排为准。"


def test_the_applicant_and_the_officer_see_the_provisional_mark_until_2027_is_published(
    client, accepted_on_29_december, li_wei, officer
):
    case = accepted_on_29_december
    pages = [
        (li_wei, reverse("cases:detail", args=[case.code])),
        (li_wei, reverse("cases:list")),
        (officer, reverse("staff_cases:case", args=[case.code])),
    ]
    for user, url in pages:
        login(client, user)
        assert MARK in client.get(url).content.decode(), url

    do_publish_calendar_schedule(2027, NOTICE_2027, actor=None)

    for user, url in pages:
        login(client, user)
        assert MARK not in client.get(url).content.decode(), url


def test_the_case_api_says_the_due_date_is_provisional(client, accepted_on_29_december, li_wei):
    login(client, li_wei)
    data = client.get(f"/api/v1/cases/{accepted_on_29_december.code}").json()

    assert data["due_date"] == "2027-01-04" and data["due_date_provisional"] is True
