"""Certificate identifiers (电子证照标识, GB/T 36902 style; DOMAIN.md §6) and their check character.

    1.2.156.3005.2.<type code>.<issuer credit code>.<serial>.<version>.<check>

- `1.2.156.3005.2` is the fixed arc of electronic certificates;
- the type code is 1–16 characters of `0-9A-Z`;
- the issuer's unified social credit code (18 characters, with its own GB 32100 check);
- the serial is exactly 10 digits and the version 1–3 digits, so that a dot moved between them
  changes a field's length and is refused as malformed;
- the check character is ISO/IEC 7064 MOD 37,36 (the hybrid system with modulus 36) over the
  characters of the type code, credit code, serial and version, dots left out.

Why MOD 37,36: it gives one character from the same alphabet the identifier already uses (0-9A-Z,
which also holds every credit-code character), and it catches every single wrong character and
every swap of two adjacent characters — the two typing errors people make most. The GB 32100
weighted mod 31 would not fit: its 31-character alphabet lacks I, O, S, V and Z, which type codes
may contain. python-stdnum implements the same system (`stdnum.iso7064.mod_37_36`); the tests check
ours against it.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from yiwang.core.identifiers import IdentifierError, parse_credit_code

PREFIX = "1.2.156.3005.2"
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
MODULUS = 36
SERIAL_DIGITS = 10
TYPE_CODE_RE = re.compile(r"^[0-9A-Z]{1,16}$")
MAX_LENGTH = 80


class CertificateIdError(ValidationError):
    """A certificate identifier that is malformed or whose check character is wrong."""


@dataclass(frozen=True)
class CertificateId:
    identifier: str
    type_code: str
    issuer_credit_code: str
    serial: int
    version: int
    check: str


def check_character(body):
    """The ISO/IEC 7064 MOD 37,36 check character of `body` (characters of 0-9A-Z)."""
    product = MODULUS
    for char in body:
        total = (product + ALPHABET.index(char)) % MODULUS or MODULUS
        product = (2 * total) % (MODULUS + 1)
    return ALPHABET[(MODULUS + 1 - product) % MODULUS]


def _body(type_code, credit_code, serial, version):
    return f"{type_code}{credit_code}{serial:0{SERIAL_DIGITS}d}{version}"


def make_identifier(type_code, issuer_credit_code, serial, version=1):
    """The identifier of a certificate, with its check character."""
    if not TYPE_CODE_RE.match(type_code or ""):
        raise CertificateIdError(
            _("A certificate type code is 1 to 16 digits or capital letters."), code="type_code"
        )
    if not 0 < serial < 10**SERIAL_DIGITS or not 0 < version < 1000:
        raise CertificateIdError(_("The serial or the version is out of range."), code="serial")
    check = check_character(_body(type_code, issuer_credit_code, serial, version))
    return f"{PREFIX}.{type_code}.{issuer_credit_code}.{serial:0{SERIAL_DIGITS}d}.{version}.{check}"


def parse_identifier(value):
    """Parse and check a certificate identifier; raise CertificateIdError saying what is wrong."""
    if not isinstance(value, str) or not value.strip():
        raise CertificateIdError(_("Enter a certificate identifier."), code="empty")
    text = value.strip().upper()
    if len(text) > MAX_LENGTH or not text.startswith(PREFIX + "."):
        raise CertificateIdError(
            _("A certificate identifier starts with %(prefix)s.") % {"prefix": PREFIX}, code="prefix"
        )
    parts = text[len(PREFIX) + 1 :].split(".")
    if len(parts) != 5:
        raise CertificateIdError(
            _(
                "A certificate identifier has five parts after %(prefix)s: type, issuer, "
                "serial, version and check character."
            )
            % {"prefix": PREFIX},
            code="parts",
        )
    type_code, credit_code, serial, version, check = parts
    if not TYPE_CODE_RE.match(type_code):
        raise CertificateIdError(
            _("A certificate type code is 1 to 16 digits or capital letters."), code="type_code"
        )
    try:
        parse_credit_code(credit_code)
    except IdentifierError as error:
        raise CertificateIdError(
            _("The issuer's credit code in this identifier is not valid: %(error)s")
            % {"error": error.messages[0]},
            code="issuer",
        ) from None
    if not (len(serial) == SERIAL_DIGITS and serial.isascii() and serial.isdigit()) or int(serial) == 0:
        raise CertificateIdError(
            _("The serial of a certificate identifier is %(count)s digits.") % {"count": SERIAL_DIGITS},
            code="serial",
        )
    if (
        not (1 <= len(version) <= 3 and version.isascii() and version.isdigit())
        or int(version) == 0
        or version != str(int(version))
    ):
        raise CertificateIdError(
            _("The version of a certificate identifier is a number from 1 to 999."), code="version"
        )
    if len(check) != 1 or check not in ALPHABET:
        raise CertificateIdError(
            _("The check character of a certificate identifier is one digit or capital letter."),
            code="check_format",
        )
    if check_character(_body(type_code, credit_code, int(serial), int(version))) != check:
        raise CertificateIdError(
            _("The check character of this certificate identifier is wrong; please check for typing errors."),
            code="check",
        )
    return CertificateId(text, type_code, credit_code, int(serial), int(version), check)


def is_valid_identifier(value):
    try:
        parse_identifier(value)
    except CertificateIdError:
        return False
    return True
