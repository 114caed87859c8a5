"""record_event: one typed row per action; payloads keep facts, not personal identifiers."""

from django.contrib.auth.models import AnonymousUser

from yiwang.core.channels import Channel
from yiwang.core.events import EventCode, record_event
from yiwang.core.models import CalendarYear, Event

ID_NUMBER = "11010519491231002X"
PHONE = "13812345678"


def test_identifiers_in_payload_strings_are_masked_at_any_depth(db):
    record_event(
        EventCode.LOGIN_FAILED,
        payload={
            "identifier": ID_NUMBER,
            "note": f"tried {ID_NUMBER} then {PHONE}",
            "attempts": [{"phone": PHONE}, "11010519491231002x"],
            "count": 3,
            "locked": False,
        },
    )

    stored = Event.objects.get().payload
    assert stored == {
        "identifier": "1101**********002X",
        "note": "tried 1101**********002X then 138****5678",
        "attempts": [{"phone": "138****5678"}, "1101**********002x"],
        "count": 3,
        "locked": False,
    }
    assert ID_NUMBER not in str(stored) and PHONE not in str(stored)


def test_the_event_names_its_object_actor_and_channel(sysadmin):
    year = CalendarYear.objects.create(year=2030)

    event = record_event(
        EventCode.CALENDAR_YEAR_PUBLISHED,
        actor=sysadmin,
        obj=year,
        channel=Channel.WEB,
        ip="192.0.2.7",
        success=False,
    )

    event.refresh_from_db()
    assert (event.code, event.actor, event.channel) == (EventCode.CALENDAR_YEAR_PUBLISHED, sysadmin, "web")
    assert (event.object_type, event.object_id) == ("core.calendaryear", str(year.pk))
    assert (event.ip_address, event.success, event.payload) == ("192.0.2.7", False, {})


def test_an_anonymous_actor_is_recorded_as_none(db):
    event = record_event(EventCode.LOGIN_FAILED, actor=AnonymousUser())
    assert event.actor is None and event.channel == Channel.SYSTEM


def test_a_registered_reader_sees_its_events_in_the_same_transaction_and_no_others(db):
    from django.db import transaction

    from yiwang.core import events
    from yiwang.core.events import EventCode, read_events, record_event
    from yiwang.core.models import Event

    seen = []

    def reader(event, obj):
        seen.append((event.code, obj, Event.objects.filter(pk=event.pk).exists()))

    read_events([EventCode.CALENDAR_DAY_SET], reader)
    try:
        with transaction.atomic():
            record_event(EventCode.CALENDAR_DAY_SET, payload={"day": "2026-10-01"})
            record_event(EventCode.CALENDAR_DAY_REMOVED, payload={"day": "2026-10-02"})
    finally:
        events._readers[int(EventCode.CALENDAR_DAY_SET)].remove(reader)
    assert seen == [(EventCode.CALENDAR_DAY_SET, None, True)]
