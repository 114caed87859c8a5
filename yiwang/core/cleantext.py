"""One way to take in text from outside, whatever the door (API, form, SMS, Open311, CKAN, gateway).

`clean_text` normalises to NFC, strips surrounding white space, and refuses what no field should
hold: NUL and the other C0/C1 control characters (tab and new line stay where the text may run
over several lines; a carriage return becomes a new line), lone surrogates (JSON can carry
"\\ud800", which no encoder or database stores), values that are not text, and text over the
field's length limit. A refusal is one `TextRefused` — a `ValidationError` with a translated message
and a stable code (`invalid_text`, `required`, `max_length`) that each interface answers in its
own error shape, as a 400.

`storable` answers the cheaper question a search box or filter asks: can this value be sent to the
database at all (PostgreSQL refuses NUL in text; nothing encodes a lone surrogate)?
"""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

INVALID_TEXT = "invalid_text"  # the stable code APIs answer for text with a refused character
# C0 and C1 controls and DEL (not tab, new line or carriage return), then every lone surrogate.
_REFUSED_ANYWHERE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_LINE_BREAKS = re.compile("\r\n?")
_SINGLE_LINE_ONLY = re.compile("[\t\n]")


class TextRefused(ValidationError):
    """Text that cannot be taken in; the message is translated and says why."""


def _refusal(message, code, field):
    error = ValidationError(message, code=code)
    return TextRefused({field: [error]}) if field else TextRefused(message, code=code)


def clean_text(value, *, max_length, field=None, required=False, multiline=False, strip=True):
    """`value` as NFC text with no surrounding white space, or `TextRefused`.

    `None` counts as empty. `field` names the input in the error (a dict error keyed by it), as
    the actions' errors are. With `multiline`, tab and new line are kept; without, they are refused.
    `strip=False` keeps surrounding white space (a schema keeps what it was sent).
    """
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise _refusal(_("Enter text."), INVALID_TEXT, field)
    if _REFUSED_ANYWHERE.search(value):
        raise _refusal(_("This text contains a character that is not allowed."), INVALID_TEXT, field)
    value = unicodedata.normalize("NFC", _LINE_BREAKS.sub("\n", value))
    if strip:
        value = value.strip()
    if not multiline and _SINGLE_LINE_ONLY.search(value):
        raise _refusal(_("This text must stay on one line."), INVALID_TEXT, field)
    if required and not value:
        raise _refusal(_("This field is required."), "required", field)
    if len(value) > max_length:
        raise _refusal(_("At most %(count)s characters.") % {"count": max_length}, "max_length", field)
    return value


def clean_json(value, *, max_length=100_000):
    """Every string in a decoded JSON value, keys too, through `clean_text` (multi-line, not stripped).

    For the doors whose bodies are free JSON (the G2G gateway, GovStack, the CKAN API): a refused
    character anywhere refuses the whole body.
    """
    if isinstance(value, str):
        return clean_text(value, max_length=max_length, multiline=True, strip=False)
    if isinstance(value, list):
        return [clean_json(v, max_length=max_length) for v in value]
    if isinstance(value, dict):
        return {
            clean_json(k, max_length=max_length): clean_json(v, max_length=max_length)
            for k, v in value.items()
        }
    return value


def storable(value):
    """Whether a value read from a querystring or body can reach the database (no NUL, no lone surrogate)."""
    return isinstance(value, str) and "\x00" not in value and not re.search("[\ud800-\udfff]", value)


def refuses_text(error):
    """Whether a `ValidationError` holds a refused character (so an API answers 400 `invalid_text`)."""
    if hasattr(error, "error_dict"):
        errors = [e for lst in error.error_dict.values() for e in lst]
    elif hasattr(error, "error_list"):
        errors = error.error_list
    else:
        errors = [error]
    return any(getattr(e, "code", None) == INVALID_TEXT for e in errors)


class TextField(forms.CharField):
    """A form's text input cleaned by `clean_text`: the same refusals, as the field's own error.

    Multi-line when its widget is a textarea. Use it instead of `forms.CharField` for every value a
    person types.
    """

    default_error_messages = {
        INVALID_TEXT: gettext_lazy("This text contains a character that is not allowed.")
    }

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return value
        try:
            # The length is the field's own validator's to check, with Django's message.
            return clean_text(value, max_length=len(value), multiline=isinstance(self.widget, forms.Textarea))
        except TextRefused as error:
            raise ValidationError(error.messages[0], code=error.error_list[0].code) from None


class QueryTextMiddleware:
    """Read a NUL in a querystring as U+FFFD, as Django already reads bytes that are not UTF-8.

    Search boxes and filters pass what they are given to the database, and PostgreSQL refuses NUL
    in text (a 500); SQLite does not. With the replacement character the value stays wrong the same
    way on both: no match, an unknown code's 404, a filter ignored, as each page already answers.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raw = request.META.get("QUERY_STRING", "")
        if "%00" in raw or "\x00" in raw:
            query = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                query.setlist(key.replace("\x00", "\ufffd"), [v.replace("\x00", "\ufffd") for v in values])
            query._mutable = False
            request.GET = query
        return self.get_response(request)
