"""Department scope (DESIGN.md): staff see and act on objects of the departments where they hold a
role, and of those departments' units. Every app asks here; no ad-hoc filters in views."""

from django.db.models import Q


def departments_for_user(user, roles=None):
    """The departments (with their subtrees) where `user` holds any of `roles` (any role if None)."""
    from yiwang.accounts.models import Department

    if not getattr(user, "is_authenticated", False):
        return Department.objects.none()
    paths = [a.department.path for a in user.roles() if roles is None or a.role in roles]
    if not paths:
        return Department.objects.none()
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return Department.objects.filter(condition)


def user_has_role(user, *roles, department=None):
    """Whether the user holds one of `roles`, in `department` or above it when one is given."""
    if not getattr(user, "is_authenticated", False):
        return False
    for assignment in user.roles():
        if assignment.role in roles and (
            department is None or department.path.startswith(assignment.department.path)
        ):
            return True
    return False
