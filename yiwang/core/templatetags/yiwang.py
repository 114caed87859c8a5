"""Template helpers: `{{ department.name|localise }}` shows stored Chinese content in the reader's script."""

from django import template

from yiwang.core.text import localise as _localise

register = template.Library()


@register.filter
def localise(text):
    return _localise(text)
