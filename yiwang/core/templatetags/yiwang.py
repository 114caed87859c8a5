"""Template helpers: `{{ department.name|localise }}` shows stored Chinese content in the reader's script;
`{{ evaluation.comment|redacted }}` shows citizen text on a public page without personal data."""

from django import template

from yiwang.core.redaction import redact_text
from yiwang.core.text import localise as _localise

register = template.Library()


@register.filter
def localise(text):
    return _localise(text)


@register.filter
def redacted(text):
    return redact_text(text)
