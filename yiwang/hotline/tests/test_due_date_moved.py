"""A ticket whose answer date rests on a provisional 2027 is told the new date when 2027 is published."""

import datetime
import zoneinfo

import time_machine

from conftest import department, login
from yiwang.core.actions import do_publish_calendar_schedule
from yiwang.core.models import CalendarDay
from yiwang.hotline.actions import do_dispatch_ticket
from yiwang.hotline.tests.conftest import make_ticket
from yiwang.notify.models import Notification

D = datetime.date
DISPATCHED = datetime.datetime(2026, 12, 29, 10, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))


def test_publishing_2027_tells_the_caller_the_new_answer_date(calendar, categories, operator, dispatcher):
    with time_machine.travel(DISPATCHED, tick=False):
        ticket = make_ticket(operator)
        ticket = do_dispatch_ticket(
            ticket, category=categories["商贸旅游"], department=department("04"), actor=dispatcher
        )
    clock = ticket.handling_clock
    assert clock.provisional is True
    previous = clock.due_date

    do_publish_calendar_schedule(
        2027,
        [(D(2027, 1, 1), CalendarDay.HOLIDAY, ""), (D(2027, 1, 4), CalendarDay.HOLIDAY, "")],
        actor=None,
    )

    clock.refresh_from_db()
    assert clock.due_date > previous and clock.provisional is False
    sms = Notification.objects.filter(object_id=str(ticket.pk), medium=Notification.SMS).latest("id")
    assert sms.address == "13900000009"
    assert clock.due_date.isoformat() in sms.body and ticket.number in sms.subject


def test_the_staff_ticket_page_marks_a_provisional_answer_date(
    client, calendar, categories, operator, dispatcher
):
    with time_machine.travel(DISPATCHED, tick=False):
        ticket = do_dispatch_ticket(
            make_ticket(operator),
            category=categories["商贸旅游"],
            department=department("04"),
            actor=dispatcher,
        )
    login(client, dispatcher)

    body = client.get(f"/staff/hotline/tickets/{ticket.code}/").content.decode()

    assert "以国务院办公厅公布的放假安排为准。" in body and "暂定" in body
