"""The event log in the admin: the audit and security administrators read it; nobody writes to it."""

import pytest
from django.urls import reverse

from yiwang.accounts.models import User
from yiwang.core.events import EventCode, record_event
from yiwang.core.models import Event

EVENTS = "/admin/core/event/"


@pytest.fixture
def event(db):
    return record_event(EventCode.LOGIN_FAILED, payload={"reason": "bad password"})


@pytest.fixture
def superuser(db):
    """A superuser made behind Yiwang's back (`createsuperuser` is switched off): even it cannot
    write events."""
    return User.objects.create_superuser(
        username="root", email="root@example.org", password="Root-pass-1-long"
    )


def assert_event_untouched(event, count):
    stored = Event.objects.get(pk=event.pk)
    assert (stored.code, stored.payload, stored.success) == (event.code, event.payload, event.success)
    assert Event.objects.count() == count


def attempt_writes(client, event):
    """Try to add, change and delete an event; return the status codes."""
    form = {"code": EventCode.LOGIN_SUCCEEDED, "channel": "web", "payload": "{}", "success": "on"}
    return [
        client.get(f"{EVENTS}add/").status_code,
        client.post(f"{EVENTS}add/", form).status_code,
        client.post(f"{EVENTS}{event.pk}/change/", form).status_code,
        client.get(f"{EVENTS}{event.pk}/delete/").status_code,
        client.post(f"{EVENTS}{event.pk}/delete/", {"post": "yes"}).status_code,
        client.post(
            EVENTS, {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"}
        ).status_code,
    ]


@pytest.mark.parametrize("persona", ["auditadmin", "secadmin"])
def test_audit_and_security_admins_read_events_but_cannot_write(request, login_as, event, persona):
    client = login_as(request.getfixturevalue(persona))
    count = Event.objects.count()

    assert client.get(EVENTS).status_code == 200
    assert client.get(f"{EVENTS}{event.pk}/change/").status_code == 200
    codes = attempt_writes(client, event)

    assert codes[:5] == [403] * 5
    assert codes[5] in (200, 302, 403)  # an unknown bulk action is ignored; either way nothing goes
    assert_event_untouched(event, count)


def test_system_admin_does_not_see_the_event_log(login_as, sysadmin, event):
    client = login_as(sysadmin)
    assert client.get(EVENTS).status_code == 403
    assert client.get(f"{EVENTS}{event.pk}/change/").status_code == 403


def test_not_even_a_superuser_can_add_change_or_delete_events(login_as, superuser, event):
    client = login_as(superuser)
    count = Event.objects.count()

    assert client.get(EVENTS).status_code == 200
    codes = attempt_writes(client, event)

    assert codes[:5] == [403] * 5
    assert_event_untouched(event, count)


@pytest.mark.parametrize("persona", ["li_wei", "officer"])
def test_citizens_and_officers_are_sent_to_login(request, login_as, event, persona):
    client = login_as(request.getfixturevalue(persona))
    count = Event.objects.count()
    response = client.get(EVENTS)
    assert response.status_code == 302 and response.url.startswith(reverse("admin:login"))
    assert client.post(f"{EVENTS}{event.pk}/delete/", {"post": "yes"}).status_code == 302
    assert_event_untouched(event, count)


def test_anonymous_visitor_is_sent_to_login(client, event):
    response = client.get(EVENTS)
    assert response.status_code == 302 and response.url.startswith(reverse("admin:login"))
