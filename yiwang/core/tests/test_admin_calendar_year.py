"""Calendar years in the admin: created and re-noticed through the actions, each with its event."""

import pytest

from yiwang.core.events import EventCode
from yiwang.core.models import CalendarYear, Event

YEARS = "/admin/core/calendaryear/"
ADD = f"{YEARS}add/"
NOTICE = "国办发明电〔2026〕1号"


def counts():
    return CalendarYear.objects.count(), Event.objects.count()


def test_system_admin_creates_a_year_with_one_event(login_as, sysadmin):
    events = Event.objects.count()

    response = login_as(sysadmin).post(ADD, {"year": "2027", "notice": NOTICE, "_save": "1"})

    assert response.status_code == 302 and response.url == YEARS
    year = CalendarYear.objects.get()
    assert (year.year, year.notice, year.published) == (2027, NOTICE, False)
    assert Event.objects.count() == events + 1
    event = Event.objects.get(code=EventCode.CALENDAR_YEAR_CREATED)
    assert (event.actor, event.object_id) == (sysadmin, str(year.pk))


@pytest.mark.parametrize(
    "year, message",
    [
        ("2003", "Enter a year from 2004 to 2100."),
        ("2101", "Enter a year from 2004 to 2100."),
        ("2026", "The year 2026 is already in the calendar."),
    ],
    ids=["too_early", "too_late", "already_there"],
)
def test_a_bad_year_is_refused_with_a_message_and_nothing_stored(
    english, calendar, login_as, sysadmin, year, message
):
    before = counts()

    response = login_as(sysadmin).post(ADD, {"year": year, "notice": NOTICE, "_save": "1"})

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["year"] == [message]
    assert counts() == before


def test_system_admin_changes_the_notice_with_one_event(calendar, login_as, sysadmin):
    year = CalendarYear.objects.get(year=2026)
    before = Event.objects.count()

    response = login_as(sysadmin).post(f"{YEARS}{year.pk}/change/", {"notice": NOTICE, "_save": "1"})

    assert response.status_code == 302
    assert CalendarYear.objects.get(pk=year.pk).notice == NOTICE
    assert Event.objects.count() == before + 1
    assert Event.objects.get(code=EventCode.CALENDAR_YEAR_CHANGED).actor == sysadmin


def test_saving_an_unchanged_year_records_nothing(calendar, login_as, sysadmin):
    year = CalendarYear.objects.get(year=2026)
    before = counts()

    response = login_as(sysadmin).post(f"{YEARS}{year.pk}/change/", {"notice": year.notice, "_save": "1"})

    assert response.status_code == 302
    assert counts() == before


def test_the_year_of_a_stored_row_cannot_be_changed(calendar, login_as, sysadmin):
    year = CalendarYear.objects.get(year=2026)

    login_as(sysadmin).post(f"{YEARS}{year.pk}/change/", {"year": "2030", "notice": NOTICE, "_save": "1"})

    assert CalendarYear.objects.get(pk=year.pk).year == 2026


def test_audit_admin_cannot_create_or_change_a_year(calendar, login_as, auditadmin):
    client = login_as(auditadmin)
    year = CalendarYear.objects.get(year=2026)
    before = counts()

    assert client.post(ADD, {"year": "2027", "notice": NOTICE}).status_code == 403
    assert client.post(f"{YEARS}{year.pk}/change/", {"notice": NOTICE}).status_code == 403

    assert counts() == before
    assert CalendarYear.objects.get(pk=year.pk).notice == year.notice


@pytest.mark.parametrize("persona", ["li_wei", "officer", "secadmin"])
def test_others_cannot_create_a_year(request, login_as, persona):
    client = login_as(request.getfixturevalue(persona))

    response = client.post(ADD, {"year": "2027", "notice": NOTICE})

    assert response.status_code in (302, 403)
    assert counts()[0] == 0
