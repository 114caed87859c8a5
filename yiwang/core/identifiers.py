"""Identifier checks for citizen ID numbers (GB 11643) and unified social credit codes (GB 32100).

python-stdnum computes the check characters. We do not use `stdnum.cn.ric.validate` as is: it
also rejects a region code that its table does not list for the birth year, and real IDs issued
after district reorganisations fail that test (DOMAIN.md §7). Here checksum and birth date are
enforced strictly; an unknown region code is reported as a warning on the parsed value.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError as StdnumError

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


class IdentifierError(ValidationError):
    """A malformed identifier; the message is translated and safe to show."""


@dataclass(frozen=True)
class CitizenId:
    """A parsed resident identity card number (公民身份号码)."""

    number: str
    region_code: str
    birth_date: datetime.date
    sex: str  # "M" or "F": the sequence number is odd for men
    region: dict = field(default_factory=dict)  # province/county from stdnum's table, if known
    warnings: tuple = ()


@dataclass(frozen=True)
class CreditCode:
    """A parsed unified social credit code (统一社会信用代码)."""

    code: str
    registration_authority: str
    category: str
    region_code: str
    organisation_code: str


def normalise(value):
    return "".join(str(value or "").split()).upper()


def parse_citizen_id(value, *, today=None):
    """Parse and check an 18-character citizen ID number; raise IdentifierError if invalid."""
    number = normalise(value)
    if len(number) != 18:
        raise IdentifierError(_("A citizen ID number has 18 characters."), code="citizen_id_length")
    # isascii: str.isdigit() and int() also take "５" or "٥", which would store a second spelling.
    if not number.isascii() or not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise IdentifierError(
            _("A citizen ID number has 17 digits followed by a digit or X."), code="citizen_id_format"
        )
    if ric.calc_check_digit(number) != number[17]:
        raise IdentifierError(
            _("The check character of this citizen ID number is wrong; please check for typing errors."),
            code="citizen_id_checksum",
        )
    try:
        birth = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise IdentifierError(
            _("The birth date in this citizen ID number is not a real date."), code="citizen_id_date"
        ) from None
    today = today or timezone.localdate()
    if birth > today or birth.year < 1880:
        raise IdentifierError(
            _("The birth date in this citizen ID number is not possible."), code="citizen_id_date"
        )
    warnings = ()
    try:
        region = ric.get_birth_place(number)
    except (StdnumError, KeyError):  # stdnum raises KeyError for a code listed without a county
        region = {}
        warnings = ("unknown_region",)
    sex = "M" if int(number[16]) % 2 else "F"
    return CitizenId(number, number[:6], birth, sex, region, warnings)


def parse_credit_code(value):
    """Parse and check an 18-character unified social credit code; raise IdentifierError if invalid."""
    code = normalise(value)
    if len(code) != 18:
        raise IdentifierError(_("A unified social credit code has 18 characters."), code="uscc_length")
    if any(c not in USCC_ALPHABET for c in code):
        raise IdentifierError(
            _(
                "A unified social credit code uses only digits and capital letters other than I, O, Z, S and V."
            ),
            code="uscc_format",
        )
    if not code[2:8].isdigit():
        raise IdentifierError(
            _("Characters 3 to 8 of a unified social credit code are the region code and must be digits."),
            code="uscc_format",
        )
    if uscc.calc_check_digit(code) != code[17]:
        raise IdentifierError(
            _(
                "The check character of this unified social credit code is wrong; please check for typing errors."
            ),
            code="uscc_checksum",
        )
    return CreditCode(code, code[0], code[1], code[2:8], code[8:17])


def make_credit_code(prefix17):
    """Complete 17 characters into a valid credit code (demo data and tests)."""
    prefix17 = normalise(prefix17)
    return prefix17 + uscc.calc_check_digit(prefix17 + "0")


def make_citizen_id(prefix17):
    """Complete 17 digits into a valid citizen ID number (demo data and tests)."""
    return prefix17 + ric.calc_check_digit(prefix17 + "0")
