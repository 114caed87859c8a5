"""Receiving a ticket (受理): classification, street recognition, dispatch limit, the caller told."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from yiwang.core.events import EventCode
from yiwang.core.models import Clock, Event
from yiwang.hotline.models import Ticket
from yiwang.hotline.tests.conftest import make_ticket
from yiwang.notify.models import Notification


def test_phone_ticket_is_classified_located_and_timed(ticket, operator):
    assert ticket.status == Ticket.RECEIVED
    assert ticket.street.name == "解放碑街道"
    assert ticket.community.name == "民族路社区"
    assert [name for name, _ in ticket.suggestions][0] == "商贸旅游"
    assert len(ticket.suggestions) == 3 and 0 < ticket.suggestions[0][1] <= 1
    clock = ticket.dispatch_clock
    assert (clock.unit, clock.limit, clock.kind) == (Clock.HOURS, 24, "ticket.dispatch")
    assert clock.due_at - clock.started_at == datetime.timedelta(hours=24)
    event = Event.objects.get(code=EventCode.TICKET_CREATED)
    assert (
        event.actor == operator
        and "13900000009" not in str(event.payload)
        and "孙丽" not in str(event.payload)
    )
    sms = Notification.objects.get(object_id=str(ticket.pk), medium=Notification.SMS)
    assert sms.address == "13900000009" and ticket.number in sms.body


@pytest.mark.parametrize(("urgency", "hours"), [("life_safety", 1), ("utilities", 2), ("normal", 24)])
def test_dispatch_limit_follows_urgency(calendar, categories, operator, urgency, hours):
    ticket = make_ticket(operator, urgency=urgency)

    assert ticket.dispatch_clock.limit == hours


def test_limits_are_configurable(calendar, categories, operator, settings):
    settings.YIWANG_HOTLINE_DISPATCH_HOURS = "normal=12"

    assert make_ticket(operator).dispatch_clock.limit == 12


def test_phone_and_name_are_encrypted_and_found_by_blind_index(ticket, operator):
    from yiwang.accounts.actions import phone_index

    make_ticket(operator, caller_phone="13900000008", title="另一人的工单")
    earlier = Ticket.objects.filter(caller_phone_index=phone_index("13900000009"))

    assert list(earlier) == [ticket]
    assert ticket.caller_shown_to(centre=True) == {"name": "孙*", "phone": "139****0009"}


def test_citizen_account_fills_the_caller(calendar, categories, li_wei):
    ticket = make_ticket(None, caller_user=li_wei, caller_name="", caller_phone="", channel="web")

    assert ticket.caller.person.user == li_wei
    assert ticket.caller_name == "李伟" and ticket.caller_phone == "13800000001"
    assert Notification.objects.filter(recipient=li_wei, medium=Notification.IN_APP).exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"kind": "praise"}, "kind"),
        ({"text": "   "}, "text"),
        ({"text": "长" * 5001}, "text"),
        ({"caller_phone": "12345"}, "caller_phone"),
        ({"latitude": 29.55}, "latitude"),
        ({"latitude": 200, "longitude": 10}, "latitude"),
        ({"urgency": "now"}, "urgency"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(
    calendar, categories, operator, english_messages, fields, field
):
    with pytest.raises(ValidationError) as error:
        make_ticket(operator, **fields)

    assert field in error.value.message_dict
    assert not Ticket.objects.exists() and not Clock.objects.exists()


def test_attachments_are_checked(calendar, categories, operator):
    from django.core.files.uploadedfile import SimpleUploadedFile

    photo = SimpleUploadedFile("a.png", b"\x89PNG....", content_type="image/png")
    script = SimpleUploadedFile("a.sh", b"rm -rf /", content_type="text/x-sh")

    ticket = make_ticket(operator, attachments=[photo])
    assert ticket.attachments.get().original_name == "a.png"
    with pytest.raises(ValidationError):
        make_ticket(operator, attachments=[script])
    assert Ticket.objects.count() == 1
