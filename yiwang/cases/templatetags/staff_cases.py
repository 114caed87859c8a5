"""Template helpers of the staff workbench: `{% if user|uses_workbench %}` for the navbar link."""

from django import template

from yiwang.cases.permissions import HANDLING_ROLES
from yiwang.core.permissions import user_has_role

register = template.Library()


@register.filter
def uses_workbench(user):
    """Whether the user holds a handling role (window clerk, officer, department head) somewhere."""
    return user_has_role(user, *HANDLING_ROLES)
