"""Field types for API input schemas.

Every string a client sends goes through the one text cleaner (`core/cleantext.py`): NFC, no
NUL or other control characters (tab and new line allowed), no lone surrogate (JSON can carry
"\\ud800", which would fail later, deep in hashing or the database). A refusal is a schema error
of type `invalid_text`, which the API answers as a 400 with that code. Length limits stay on each
field (`Field(max_length=...)`); `MAX_TEXT` bounds a string that has none.
"""

from typing import Annotated, Any

from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

from yiwang.core.cleantext import INVALID_TEXT, TextRefused, clean_json, clean_text, storable

MAX_TEXT = 20_000


def _clean(value):
    try:
        # No stripping here: the actions strip what they store.
        return clean_text(value, max_length=MAX_TEXT, multiline=True, strip=False)
    except TextRefused as error:
        raise PydanticCustomError(
            INVALID_TEXT if error.error_list[0].code == INVALID_TEXT else "too_long", error.messages[0]
        ) from None


def clean_json_value(value):
    """A free JSON value (answers, pushed records): every string in it, keys too, cleaned as `Text` is."""
    try:
        return clean_json(value, max_length=MAX_TEXT)
    except TextRefused as error:
        raise PydanticCustomError(INVALID_TEXT, error.messages[0]) from None


def _storable(value):
    if not storable(value):
        raise PydanticCustomError(INVALID_TEXT, "text holds a character that is not allowed")
    return value


Text = Annotated[str, AfterValidator(_clean)]
# A search box or filter in a querystring: the search normalises its own words; only what no
# database can take is refused (the middleware has made a NUL into U+FFFD already).
QueryText = Annotated[str, AfterValidator(_storable)]
# A secret (a password) is compared as sent: only what no store can hold is refused, nothing normalised.
Secret = Annotated[str, AfterValidator(_storable)]
# Any JSON a client may send where the shape is free ({field key: value}), its strings cleaned.
JsonObject = Annotated[dict[str, Any], AfterValidator(clean_json_value)]
