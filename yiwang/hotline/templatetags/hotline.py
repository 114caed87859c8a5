"""`{% hotline_roles as roles %}`: which hotline pages the user may open (roles.centre, .supervisor, .department)."""

from django import template

from yiwang.hotline import permissions

register = template.Library()


@register.simple_tag(takes_context=True)
def hotline_roles(context):
    user = context["request"].user
    return {
        "centre": permissions.is_centre(user),
        "supervisor": permissions.is_supervisor(user),
        "department": permissions.is_department_staff(user),
    }
