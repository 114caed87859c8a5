"""Whether to show the dashboard link: `{% if user|sees_insight %}`."""

from django import template
from django.core.exceptions import PermissionDenied

from yiwang.insight import permissions

register = template.Library()


@register.filter
def sees_insight(user):
    if not getattr(user, "is_authenticated", False) or not user.is_staff_member:
        return False
    try:
        permissions.dashboard_scope(user)
    except PermissionDenied:
        return permissions.can_supervise(user)
    return True
