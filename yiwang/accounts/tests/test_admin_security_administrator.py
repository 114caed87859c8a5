"""The security administrator's admin pages: roles, unlocking, second factors and API tokens."""

import datetime

from django.utils import timezone

from yiwang.accounts.actions import do_issue_api_token
from yiwang.accounts.models import RoleAssignment, User
from yiwang.core.events import EventCode
from yiwang.core.models import Event

ADD = "/admin/accounts/roleassignment/add/"


def test_security_administrator_grants_a_role_through_the_form(
    client, login_as, secadmin, newcomer, department
):
    login_as(secadmin)

    response = client.post(ADD, {"user": newcomer.pk, "department": department("04").pk, "role": "officer"})

    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=newcomer)
    assert (assignment.role, assignment.granted_by) == ("officer", secadmin)
    assert Event.objects.get(code=EventCode.ROLE_GRANTED, object_id=str(newcomer.pk)).actor == secadmin


def test_second_administrator_role_shows_the_separation_error(
    english, login_as, secadmin, sysadmin, department
):
    login_as(secadmin)
    before = (RoleAssignment.objects.count(), Event.objects.count())

    response = english.post(
        ADD, {"user": sysadmin.pk, "department": department("02").pk, "role": "audit_admin"}
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["role"] == [
        "System, security and audit administration must be held by different people."
    ]
    assert "must be held by different people" in response.content.decode()
    assert (RoleAssignment.objects.count(), Event.objects.count()) == before


def test_security_administrator_revokes_a_role_by_deleting_it(client, login_as, secadmin, officer):
    login_as(secadmin)
    assignment = officer.role_assignments.get()

    response = client.post(f"/admin/accounts/roleassignment/{assignment.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert Event.objects.get(code=EventCode.ROLE_REVOKED).actor == secadmin


def test_security_administrator_unlocks_an_account(client, login_as, secadmin, li_wei):
    User.objects.filter(pk=li_wei.pk).update(locked_until=timezone.now() + datetime.timedelta(minutes=30))
    login_as(secadmin)

    client.post("/admin/accounts/user/", {"action": "unlock", "_selected_action": [li_wei.pk]})

    li_wei.refresh_from_db()
    assert not li_wei.is_locked()
    assert Event.objects.get(code=EventCode.ACCOUNT_UNLOCKED).actor == secadmin


def test_security_administrator_resets_a_second_factor(client, login_as, secadmin, officer):
    from yiwang.accounts.actions import do_provision_second_factor

    do_provision_second_factor(officer, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", actor=None)
    login_as(secadmin)

    client.post("/admin/accounts/user/", {"action": "reset_second_factor", "_selected_action": [officer.pk]})

    officer.refresh_from_db()
    assert officer.totp_secret == "" and officer.totp_confirmed_at is None
    assert Event.objects.get(code=EventCode.SECOND_FACTOR_RESET).actor == secadmin


def test_security_administrator_cannot_deactivate_accounts(client, login_as, secadmin, officer):
    login_as(secadmin)

    client.post("/admin/accounts/user/", {"action": "deactivate", "_selected_action": [officer.pk]})

    officer.refresh_from_db()
    assert officer.is_active
    assert not Event.objects.filter(code=EventCode.ACCOUNT_DEACTIVATED).exists()


def test_security_administrator_revokes_a_token(client, login_as, secadmin, li_wei):
    token, _clear = do_issue_api_token(li_wei, name="app", actor=None)
    login_as(secadmin)

    client.post("/admin/accounts/apitoken/", {"action": "revoke", "_selected_action": [token.pk]})

    token.refresh_from_db()
    assert token.revoked_at is not None
    assert Event.objects.get(code=EventCode.API_TOKEN_REVOKED).actor == secadmin


def test_system_administrator_cannot_unlock(client, login_as, sysadmin, li_wei):
    User.objects.filter(pk=li_wei.pk).update(locked_until=timezone.now() + datetime.timedelta(minutes=30))
    login_as(sysadmin)

    client.post("/admin/accounts/user/", {"action": "unlock", "_selected_action": [li_wei.pk]})

    li_wei.refresh_from_db()
    assert li_wei.is_locked()
