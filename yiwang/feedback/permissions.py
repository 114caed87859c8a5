"""Who sees which evaluations and 差评 loops.

- Everyone sees the public figures and comments (names masked).
- A person sees their own evaluations.
- Staff of the evaluated department (and its units) see its 差评 loops and act on them; a
  supervisor sees every loop and decides appeals. Anyone else gets a 404.
"""

import uuid

from django.db.models import Q
from django.http import Http404

from yiwang.accounts.models import Role
from yiwang.cases.permissions import cases_for_applicant
from yiwang.core.permissions import departments_for_user, user_has_role
from yiwang.feedback.actions import LOOP_ROLES
from yiwang.feedback.models import Evaluation, Rectification


def _code(value):
    try:
        return uuid.UUID(str(value))
    except (ValueError, TypeError):
        raise Http404 from None


def evaluations_for_person(user):
    """The evaluations of the user's own cases and tickets (whichever channel they were given on)."""
    if not getattr(user, "is_authenticated", False):
        return Evaluation.objects.none()
    return Evaluation.objects.filter(
        Q(rater=user) | Q(case__in=cases_for_applicant(user).values("pk")) | Q(ticket__caller_user=user)
    )


def is_supervisor(user):
    return user_has_role(user, Role.SUPERVISOR)


def is_loop_staff(user):
    return user_has_role(user, *LOOP_ROLES)


def rectifications_for_department_staff(user):
    departments = list(departments_for_user(user, LOOP_ROLES).values_list("pk", flat=True))
    return Rectification.objects.filter(department_id__in=departments)


def rectifications_for_staff(user):
    if is_supervisor(user):
        return Rectification.objects.all()
    return rectifications_for_department_staff(user)


def get_rectification_for_staff(user, code):
    rectification = (
        rectifications_for_staff(user)
        .filter(code=_code(code))
        .select_related(
            "evaluation",
            "evaluation__case",
            "evaluation__ticket",
            "evaluation__item",
            "department",
            "clock",
            "visited_by",
            "decided_by",
        )
        .first()
    )
    if rectification is None:
        raise Http404
    return rectification


def can_act(user, rectification):
    """Whether the user carries out this loop (not just looks at it)."""
    return user_has_role(user, *LOOP_ROLES, department=rectification.department)
