"""Who sees which tickets.

- The hotline centre (operators, dispatchers, supervisors) sees every ticket, callers masked.
- A department's staff (officers, heads) see the tickets their department leads or co-handles, and
  never the caller of a confidential (举报人保密) or anonymous ticket.
- A citizen sees the tickets of their own account.
Helpers 404 on anything else, so an outsider cannot even learn that a ticket exists.
"""

import uuid

from django.db.models import Q
from django.http import Http404

from yiwang.accounts.models import Role
from yiwang.core.permissions import departments_for_user, user_has_role
from yiwang.hotline.models import Ticket

CENTRE_ROLES = (Role.HOTLINE_OPERATOR, Role.DISPATCHER, Role.SUPERVISOR)
DEPARTMENT_ROLES = (Role.OFFICER, Role.DEPARTMENT_HEAD)


def is_centre(user):
    return user_has_role(user, *CENTRE_ROLES)


def is_supervisor(user):
    return user_has_role(user, Role.SUPERVISOR)


def is_department_staff(user):
    return user_has_role(user, *DEPARTMENT_ROLES)


def handling_departments(user):
    return departments_for_user(user, DEPARTMENT_ROLES)


def tickets_for_department_staff(user):
    departments = list(handling_departments(user).values_list("pk", flat=True))
    if not departments:
        return Ticket.objects.none()
    co = Ticket.co_departments.through.objects.filter(department_id__in=departments).values("ticket_id")
    return Ticket.objects.filter(Q(department__in=departments) | Q(pk__in=co))


def tickets_for_staff(user):
    if is_centre(user):
        return Ticket.objects.all()
    return tickets_for_department_staff(user)


def _code(code):
    try:
        return uuid.UUID(str(code))
    except ValueError:
        raise Http404 from None


def get_ticket_for_staff(user, code):
    """A ticket the member of staff may see, by its opaque code; 404 for any other."""
    ticket = (
        tickets_for_staff(user)
        .filter(code=_code(code))
        .select_related(
            "category", "department", "street", "community", "dispatch_clock", "handling_clock", "master"
        )
        .first()
    )
    if ticket is None:
        raise Http404
    return ticket


def get_ticket_for_citizen(user, code):
    if not user.is_authenticated:
        raise Http404
    ticket = Ticket.objects.filter(caller_user=user, code=_code(code)).select_related("department").first()
    if ticket is None:
        raise Http404
    return ticket


def co_department_of(user, ticket):
    """The co-handling department of this ticket the user may speak for, or None."""
    for department in ticket.co_departments.all():
        if user_has_role(user, *DEPARTMENT_ROLES, department=department):
            return department
    return None


def can_handle(user, ticket):
    """Whether the user may act for the lead department (take up, answer, return, ask for more time)."""
    if ticket.department is None:
        return False
    return user_has_role(user, *DEPARTMENT_ROLES, department=ticket.department)
