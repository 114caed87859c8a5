"""Who sees which numbers and which time limits.

- Dashboards: leaders (领导) and supervisors see the whole district; the system administrator too
  (they operate the counts: rebuild and check). A department head sees their own department (and
  its units). Counts carry no personal data, so nothing finer is needed.
- Supervision (电子监察): supervisors see and act on every time limit; a department head sees the
  time limits of their department, without acting on them. Everyone else gets 403.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from yiwang.accounts.models import Department, Role
from yiwang.core.permissions import departments_for_user, user_has_role

DISTRICT_ROLES = (Role.LEADER, Role.SUPERVISOR, Role.SYSTEM_ADMIN)
SUPERVISION_ROLES = (Role.SUPERVISOR,)


def _scope(user, district_roles):
    """None for the whole district, else the ids of the departments the user heads; 403 for others."""
    if getattr(user, "is_superuser", False) or user_has_role(user, *district_roles):
        return None
    ids = list(departments_for_user(user, [Role.DEPARTMENT_HEAD]).values_list("pk", flat=True))
    if not ids:
        raise PermissionDenied
    return ids


def dashboard_scope(user):
    return _scope(user, DISTRICT_ROLES)


def supervision_scope(user):
    return _scope(user, SUPERVISION_ROLES)


def can_supervise(user):
    return user_has_role(user, *SUPERVISION_ROLES)


def narrow(scope, code):
    """The department (with its units) chosen by `code` inside a scope; 404 outside it."""
    if not code:
        return scope, None
    if "\x00" in code:
        raise Http404
    department = Department.objects.filter(code=str(code)[:32]).first()
    if department is None:
        raise Http404
    ids = list(Department.objects.filter(path__startswith=department.path).values_list("pk", flat=True))
    if scope is not None and not set(ids) <= set(scope):
        raise Http404
    return ids, department


def scope_departments(scope):
    """The departments a scope may pick from (for the filter), in tree order."""
    rows = Department.objects.filter(kind__in=(Department.DEPARTMENT, Department.STREET), is_active=True)
    if scope is not None:
        rows = rows.filter(pk__in=scope)
    return rows.order_by("kind", "sort_order", "code")
