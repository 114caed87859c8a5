"""Who may see and do what with recommendations and benefits; helpers 404 on others' objects.

Benefit rules decide, from personal data the government holds, who is granted what: running them
and reading their history belongs, by analogy with the data pages, to the data steward (数据管理员:
answers for how shared data is used) and to the system administrator (who configures the rules in
admin). Nobody else sees the staff pages, not even that they exist (404).
"""

import uuid

from django.http import Http404

from yiwang.accounts.models import Role
from yiwang.benefits.actions import CODE_RE
from yiwang.benefits.models import BenefitGrant, BenefitRule
from yiwang.core.permissions import user_has_role

STAFF_ROLES = (Role.DATA_STEWARD, Role.SYSTEM_ADMIN)


def can_run_benefits(user):
    return user_has_role(user, *STAFF_ROLES)


def require_benefit_staff(user):
    if not can_run_benefits(user):
        raise Http404


def get_rule_for_staff(user, code):
    require_benefit_staff(user)
    if not CODE_RE.match(str(code)):
        raise Http404
    rule = (
        BenefitRule.objects.select_related("item__current", "item__department").filter(code=str(code)).first()
    )
    if rule is None:
        raise Http404
    return rule


def grants_for_user(user):
    """The benefits granted to the user (the cases they follow), newest first."""
    if not getattr(user, "is_authenticated", False):
        return BenefitGrant.objects.none()
    return (
        BenefitGrant.objects.filter(case__owner=user)
        .select_related("rule", "case__version", "case__department")
        .order_by("-created_at", "-id")
    )


def get_grant_for_user(user, code):
    """A grant whose case the user follows, by its opaque code; 404 for any other."""
    try:
        code = uuid.UUID(str(code))
    except ValueError:
        raise Http404 from None
    grant = grants_for_user(user).filter(code=code).first()
    if grant is None:
        raise Http404
    return grant
