"""Who may see which case.

An applicant sees the cases they follow (and those of enterprises they act for); staff see the
cases of the departments where they hold a handling role. Anyone else gets a 404, never a hint
that the case exists.
"""

import uuid

from django.db.models import Q
from django.http import Http404

from yiwang.accounts.models import Role
from yiwang.cases.models import Case
from yiwang.core.permissions import departments_for_user

HANDLING_ROLES = (Role.WINDOW_CLERK, Role.OFFICER, Role.DEPARTMENT_HEAD)
# Supervisors and leaders may look at every department's cases but not act.
WATCHING_ROLES = (Role.SUPERVISOR, Role.LEADER)


def _code(value):
    try:
        return uuid.UUID(str(value))
    except (ValueError, TypeError):
        raise Http404 from None


def cases_for_applicant(user):
    """The cases a citizen or enterprise agent follows."""
    if not getattr(user, "is_authenticated", False):
        return Case.objects.none()
    enterprises = [agency.enterprise_id for agency in user.agencies()]
    return Case.objects.filter(Q(owner=user) | Q(applicant_id__in=enterprises, owner__isnull=False))


def get_case_for_applicant(user, code):
    case = (
        cases_for_applicant(user)
        .filter(code=_code(code))
        .select_related("version", "item", "department")
        .first()
    )
    if case is None:
        raise Http404
    return case


def cases_for_staff(user, roles=HANDLING_ROLES + WATCHING_ROLES, *, resolve_departments=False):
    """The submitted cases of the departments where the user holds a handling (or watching) role.

    With `resolve_departments` the departments are read first (one small query) and the cases are
    filtered by their ids: a database then walks an index in order instead of sorting (worklists).
    """
    departments = departments_for_user(user, roles)
    if resolve_departments:
        departments = list(departments.values_list("pk", flat=True))
    return Case.objects.exclude(status=Case.DRAFT).filter(department__in=departments)


def get_case_for_staff(user, code, roles=HANDLING_ROLES + WATCHING_ROLES):
    case = (
        cases_for_staff(user, roles)
        .filter(code=_code(code))
        .select_related("version", "item", "department", "applicant", "clock", "step", "owner")
        .first()
    )
    if case is None:
        raise Http404
    return case


def can_handle(user, case):
    """Whether the user may act on the case (not just look at it)."""
    return departments_for_user(user, HANDLING_ROLES).filter(pk=case.department_id).exists()


def get_case_taken_in_by(user, code):
    """A case a window clerk took in at the counter (for its receipt), whatever its department."""
    if not getattr(user, "is_authenticated", False) or not user.has_role(Role.WINDOW_CLERK):
        raise Http404
    case = (
        Case.objects.exclude(status=Case.DRAFT)
        .filter(code=_code(code), submitted_by=user)
        .select_related("version", "item", "department", "applicant", "clock")
        .first()
    )
    if case is None:
        raise Http404
    return case
