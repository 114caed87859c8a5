"""The holiday calendar in the admin: the system administrator edits it, the audit administrator looks."""

import datetime

import pytest
from django.urls import reverse

from yiwang.core.events import EventCode
from yiwang.core.models import CalendarDay, CalendarYear, Event

D = datetime.date
ADD_DAY = "/admin/core/calendarday/add/"
DAYS = "/admin/core/calendarday/"
YEARS = "/admin/core/calendaryear/"
NEW_YEAR_2027 = {"date": "2027-01-01", "kind": CalendarDay.HOLIDAY, "name": "元旦", "_save": "1"}


def table_counts():
    return CalendarYear.objects.count(), CalendarDay.objects.count(), Event.objects.count()


def assert_sent_to_login(response):
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_anonymous_visitor_is_sent_to_login_and_changes_nothing(client, db):
    assert_sent_to_login(client.get(DAYS))
    final = client.get(ADD_DAY, follow=True)
    assert final.redirect_chain[-1][0].startswith(reverse("accounts:login"))

    assert_sent_to_login(client.post(ADD_DAY, NEW_YEAR_2027))
    assert table_counts() == (0, 0, 0)


@pytest.mark.parametrize("persona", ["li_wei", "officer", "steward"])
def test_citizens_and_officers_get_no_access_and_change_nothing(request, login_as, persona):
    user = request.getfixturevalue(persona)
    client = login_as(user)
    before = table_counts()

    for url in (DAYS, ADD_DAY, YEARS):
        assert_sent_to_login(client.get(url))
    assert_sent_to_login(client.post(ADD_DAY, NEW_YEAR_2027))

    assert table_counts() == before


def test_system_admin_adds_a_calendar_day_through_the_action(login_as, sysadmin):
    response = login_as(sysadmin).post(ADD_DAY, NEW_YEAR_2027)

    assert response.status_code == 302 and response.url == DAYS
    day = CalendarDay.objects.get()
    assert (day.date, day.kind, day.name) == (D(2027, 1, 1), CalendarDay.HOLIDAY, "元旦")
    assert CalendarYear.objects.get().published is False
    event = Event.objects.get(code=EventCode.CALENDAR_DAY_SET)
    assert (event.actor, event.object_id) == (sysadmin, str(day.pk))


def test_a_holiday_on_a_weekend_is_refused_with_a_message_and_nothing_stored(login_as, sysadmin):
    before = table_counts()

    response = login_as(sysadmin).post(ADD_DAY, {**NEW_YEAR_2027, "date": "2027-01-02"})

    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert len(errors) == 1 and "2027-01-02" in errors[0]
    assert "2027-01-02" in response.content.decode()
    assert table_counts() == before


def test_a_make_up_day_on_a_weekday_is_refused(login_as, sysadmin):
    before = table_counts()
    response = login_as(sysadmin).post(ADD_DAY, {**NEW_YEAR_2027, "kind": CalendarDay.WORKDAY})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert table_counts() == before


def test_system_admin_deletes_a_day_through_the_action(calendar, login_as, sysadmin):
    day = CalendarDay.objects.get(date=D(2026, 10, 7))

    response = login_as(sysadmin).post(f"{DAYS}{day.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not CalendarDay.objects.filter(pk=day.pk).exists()
    assert Event.objects.get(code=EventCode.CALENDAR_DAY_REMOVED).actor == sysadmin


def test_system_admin_changes_a_days_date_and_the_old_date_is_gone(login_as, sysadmin):
    client = login_as(sysadmin)
    client.post(ADD_DAY, NEW_YEAR_2027)
    day = CalendarDay.objects.get()

    response = client.post(f"{DAYS}{day.pk}/change/", {**NEW_YEAR_2027, "date": "2027-01-04"})

    assert response.status_code == 302
    assert list(CalendarDay.objects.values_list("date", flat=True)) == [D(2027, 1, 4)]
    assert Event.objects.filter(code=EventCode.CALENDAR_DAY_REMOVED, payload__date="2027-01-01").exists()


def test_system_admin_publishes_a_year_with_the_admin_action(login_as, sysadmin):
    client = login_as(sysadmin)
    client.post(ADD_DAY, NEW_YEAR_2027)
    year = CalendarYear.objects.get(year=2027)

    response = client.post(YEARS, {"action": "publish", "_selected_action": [year.pk]})

    assert response.status_code == 302
    assert CalendarYear.objects.get(year=2027).published is True
    assert Event.objects.get(code=EventCode.CALENDAR_YEAR_PUBLISHED).actor == sysadmin


def test_audit_admin_may_look_at_the_calendar_but_not_change_it(calendar, login_as, auditadmin):
    client = login_as(auditadmin)
    day = CalendarDay.objects.get(date=D(2026, 10, 7))
    before = table_counts()

    assert client.get(DAYS).status_code == 200
    assert client.get(f"{DAYS}{day.pk}/change/").status_code == 200
    assert client.get(ADD_DAY).status_code == 403
    assert client.post(ADD_DAY, NEW_YEAR_2027).status_code == 403
    assert client.post(f"{DAYS}{day.pk}/change/", {**NEW_YEAR_2027, "date": "2026-10-07"}).status_code == 403
    assert client.post(f"{DAYS}{day.pk}/delete/", {"post": "yes"}).status_code == 403
    client.post(YEARS, {"action": "withdraw", "_selected_action": [day.calendar_year_id]})

    assert table_counts() == before
    assert CalendarYear.objects.get(year=2026).published is True


def test_security_admin_has_no_calendar(login_as, secadmin):
    client = login_as(secadmin)
    assert client.get(DAYS).status_code == 403
    assert client.post(ADD_DAY, NEW_YEAR_2027).status_code == 403
    assert table_counts()[1] == 0
