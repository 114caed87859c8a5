"""The audit administrator reads the event log and every admin list, and changes nothing."""

import datetime

import pytest
from django.utils import timezone

from yiwang.accounts.actions import do_issue_api_token
from yiwang.accounts.models import Department, RoleAssignment, User
from yiwang.core.models import CalendarYear, Event


def test_audit_administrator_reads_the_event_log(client, login_as, auditadmin):
    login_as(auditadmin)
    event = Event.objects.first()

    assert client.get("/admin/core/event/").status_code == 200
    response = client.get(f"/admin/core/event/{event.pk}/change/")

    assert response.status_code == 200
    assert not response.context["has_change_permission"]


def test_audit_administrator_cannot_change_an_event(client, login_as, auditadmin):
    login_as(auditadmin)
    event = Event.objects.first()

    response = client.post(f"/admin/core/event/{event.pk}/change/", {"success": "", "payload": "{}"})

    assert response.status_code == 403
    assert Event.objects.get(pk=event.pk).payload == event.payload


def test_nobody_deletes_events(client, login_as, secadmin):
    login_as(secadmin)
    event = Event.objects.first()

    response = client.post(f"/admin/core/event/{event.pk}/delete/", {"post": "yes"})

    assert response.status_code == 403
    assert Event.objects.filter(pk=event.pk).exists()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/accounts/department/",
        "/admin/accounts/user/",
        "/admin/accounts/roleassignment/",
        "/admin/accounts/apitoken/",
        "/admin/core/calendaryear/",
        "/admin/core/calendarday/",
    ],
)
def test_audit_administrator_reads_every_list(client, login_as, auditadmin, url):
    login_as(auditadmin)

    assert client.get(url).status_code == 200


def test_audit_administrator_cannot_change_a_department(client, login_as, auditadmin, department):
    login_as(auditadmin)
    target = department("05")

    response = client.post(
        f"/admin/accounts/department/{target.pk}/change/",
        {"code": "X", "name": "改名", "parent": target.parent_id, "sort_order": "0"},
    )

    assert response.status_code == 403
    assert Department.objects.get(pk=target.pk).name == target.name


def test_audit_administrator_cannot_grant_or_revoke_roles(
    client, login_as, auditadmin, officer, li_wei, department
):
    login_as(auditadmin)
    assignment = officer.role_assignments.get()

    granted = client.post(
        "/admin/accounts/roleassignment/add/",
        {"user": li_wei.pk, "department": department("04").pk, "role": "officer"},
    )
    revoked = client.post(f"/admin/accounts/roleassignment/{assignment.pk}/delete/", {"post": "yes"})
    bulk = client.post(
        "/admin/accounts/roleassignment/",
        {"action": "delete_selected", "post": "yes", "_selected_action": [assignment.pk]},
    )

    assert granted.status_code == revoked.status_code == 403
    assert bulk.status_code in (200, 302, 403)
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert not RoleAssignment.objects.filter(user=li_wei).exists()


@pytest.mark.parametrize("action", ["unlock", "reset_second_factor", "deactivate"])
def test_audit_administrator_cannot_run_account_actions(client, login_as, auditadmin, officer, action):
    from yiwang.accounts.actions import do_provision_second_factor

    do_provision_second_factor(officer, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", actor=None)
    until = timezone.now() + datetime.timedelta(minutes=30)
    User.objects.filter(pk=officer.pk).update(locked_until=until)
    login_as(auditadmin)
    events = Event.objects.count()

    client.post("/admin/accounts/user/", {"action": action, "_selected_action": [officer.pk]})

    officer.refresh_from_db()
    assert officer.is_active and officer.locked_until == until and officer.totp_confirmed_at is not None
    assert Event.objects.count() == events


def test_audit_administrator_cannot_revoke_tokens(client, login_as, auditadmin, li_wei):
    token, _clear = do_issue_api_token(li_wei, name="app", actor=None)
    login_as(auditadmin)

    client.post("/admin/accounts/apitoken/", {"action": "revoke", "_selected_action": [token.pk]})

    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.parametrize("action", ["publish", "withdraw"])
def test_audit_administrator_cannot_publish_or_withdraw_calendar_years(
    client, login_as, auditadmin, calendar, action
):
    login_as(auditadmin)
    years = dict(CalendarYear.objects.values_list("pk", "published"))

    client.post("/admin/core/calendaryear/", {"action": action, "_selected_action": list(years)})

    assert dict(CalendarYear.objects.values_list("pk", "published")) == years
