"""do_grant_role / do_revoke_role, and the separation of the three administrators (三员分立)."""

import itertools

import pytest
from django.core.exceptions import ValidationError

from yiwang.accounts.actions import do_change_department, do_deactivate_user, do_grant_role, do_revoke_role
from yiwang.accounts.models import ADMIN_ROLES, RoleAssignment
from yiwang.core.events import EventCode
from yiwang.core.models import Event


def test_grant_stores_the_role_and_records_who_granted_it(newcomer, secadmin, department):
    assignment = do_grant_role(newcomer, department("04"), "officer", actor=secadmin)

    assert assignment.granted_by == secadmin
    assert newcomer.has_role("officer")
    event = Event.objects.get(code=EventCode.ROLE_GRANTED, object_id=str(newcomer.pk))
    assert event.actor == secadmin
    assert event.payload == {"role": "officer", "department": "500103-04"}


def test_granting_the_same_role_again_stores_and_records_once(newcomer, secadmin, department):
    do_grant_role(newcomer, department("04"), "officer", actor=secadmin)

    do_grant_role(newcomer, department("04"), "officer", actor=secadmin)

    assert RoleAssignment.objects.filter(user=newcomer).count() == 1
    assert Event.objects.filter(code=EventCode.ROLE_GRANTED, object_id=str(newcomer.pk)).count() == 1


def test_revoke_removes_the_role_and_records_it(officer, secadmin):
    assignment = officer.role_assignments.get()

    do_revoke_role(assignment, actor=secadmin)

    assert not RoleAssignment.objects.filter(user=officer).exists()
    event = Event.objects.get(code=EventCode.ROLE_REVOKED)
    assert event.actor == secadmin
    assert event.payload == {"role": "officer", "department": "500103-04"}


@pytest.mark.parametrize(("held", "wanted"), list(itertools.permutations(sorted(ADMIN_ROLES), 2)))
def test_one_person_cannot_hold_two_administrator_roles(newcomer, secadmin, held, wanted, department):
    do_grant_role(newcomer, department("02"), held, actor=secadmin)
    before = (RoleAssignment.objects.count(), Event.objects.count())

    with pytest.raises(ValidationError) as refused:
        do_grant_role(newcomer, department("05"), wanted, actor=secadmin)  # even in another department

    assert "role" in refused.value.message_dict
    assert (RoleAssignment.objects.count(), Event.objects.count()) == before
    assert set(newcomer.role_assignments.values_list("role", flat=True)) == {held}


def test_same_administrator_role_in_a_second_department_is_allowed(sysadmin, secadmin, department):
    do_grant_role(sysadmin, department("01"), "system_admin", actor=secadmin)

    assert sysadmin.role_assignments.filter(role="system_admin").count() == 2


def test_administrator_may_also_hold_an_ordinary_role(sysadmin, secadmin, department):
    do_grant_role(sysadmin, department("02"), "data_steward", actor=secadmin)

    assert sysadmin.has_role("data_steward", "system_admin")


@pytest.mark.parametrize("case", ["unknown_role", "inactive_user", "inactive_department"])
def test_grant_is_refused_for_bad_input(newcomer, secadmin, sysadmin, case, department):
    target, role = department("04"), "officer"
    if case == "unknown_role":
        role = "emperor"
    elif case == "inactive_user":
        do_deactivate_user(newcomer, actor=sysadmin)
        newcomer.refresh_from_db()
    else:
        do_change_department(target, actor=sysadmin, is_active=False)
    before = (RoleAssignment.objects.count(), Event.objects.count())

    with pytest.raises(ValidationError):
        do_grant_role(newcomer, target, role, actor=secadmin)

    assert (RoleAssignment.objects.count(), Event.objects.count()) == before


def test_nobody_grants_a_role_to_themselves(secadmin, department):
    before = (RoleAssignment.objects.count(), Event.objects.count())

    with pytest.raises(ValidationError) as refused:
        do_grant_role(secadmin, department("04"), "officer", actor=secadmin)

    assert "user" in refused.value.message_dict
    assert (RoleAssignment.objects.count(), Event.objects.count()) == before


@pytest.mark.parametrize("role", ["officer", "system_admin"])
def test_citizen_accounts_get_no_roles(li_wei, secadmin, department, role):
    """A self-registered account must never become staff, least of all an administrator."""
    before = (RoleAssignment.objects.count(), Event.objects.count())

    with pytest.raises(ValidationError) as refused:
        do_grant_role(li_wei, department("02"), role, actor=secadmin)

    assert "user" in refused.value.message_dict
    assert (RoleAssignment.objects.count(), Event.objects.count()) == before
