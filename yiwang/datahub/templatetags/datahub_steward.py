"""`{% if user|stewards_data %}`: whether the navigation shows the data pages."""

from django import template

from yiwang.datahub.permissions import is_data_staff

register = template.Library()


@register.filter
def stewards_data(user):
    return is_data_staff(user)


@register.filter
def get_item(mapping, key):
    """`{{ chosen|get_item:name }}`: a dict's value by a key held in a variable."""
    return mapping.get(key) if hasattr(mapping, "get") else None
