"""Template helpers of the sharing pages: `{% if user|uses_sharing %}` for the navbar link."""

from django import template

from yiwang.datahub import sharing_permissions

register = template.Library()


@register.filter
def uses_sharing(user):
    """Whether the user is a data steward, a department head or a supervisor somewhere."""
    return sharing_permissions.uses_sharing(user)
