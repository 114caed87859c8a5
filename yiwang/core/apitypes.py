"""Field types for API input schemas.

JSON can carry text that is not valid Unicode (a lone surrogate such as "\\ud800"), which would
fail later, deep in hashing or the database. `Text` refuses it at the door, as bad input.
"""

from typing import Annotated

from pydantic import AfterValidator


def _encodable(value):
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("text is not valid Unicode") from None
    return value


Text = Annotated[str, AfterValidator(_encodable)]
