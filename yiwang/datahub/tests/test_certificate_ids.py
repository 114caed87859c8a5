"""Certificate identifiers: the MOD 37,36 check character, parse and validate."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.iso7064 import mod_37_36

from yiwang.core.identifiers import make_credit_code
from yiwang.datahub.certificate_ids import (
    ALPHABET,
    PREFIX,
    CertificateIdError,
    check_character,
    is_valid_identifier,
    make_identifier,
    parse_identifier,
)

ISSUER = make_credit_code("11500103000000030")
VALID = make_identifier("11100", ISSUER, 42, 1)


def _with_check(identifier, check):
    return identifier[:-1] + check


def test_a_made_identifier_parses_into_its_parts():
    parsed = parse_identifier(VALID)
    assert VALID.startswith(f"{PREFIX}.11100.{ISSUER}.0000000042.1.")
    assert (parsed.type_code, parsed.issuer_credit_code, parsed.serial, parsed.version) == (
        "11100",
        ISSUER,
        42,
        1,
    )
    assert parse_identifier(f"  {VALID.lower()} ").identifier == VALID  # typed in lower case: same identifier


@given(st.text(alphabet=ALPHABET, min_size=1, max_size=60))
def test_the_check_character_is_iso_7064_mod_37_36(body):
    assert check_character(body) == mod_37_36.calc_check_digit(body)
    assert mod_37_36.is_valid(body + check_character(body))


def test_every_other_check_character_is_refused_as_wrong():
    right = VALID[-1]
    for char in ALPHABET.replace(right, ""):
        with pytest.raises(CertificateIdError) as error:
            parse_identifier(_with_check(VALID, char))
        assert error.value.code == "check"


@pytest.mark.parametrize("check", ["*", "-", "é", "AB", ""])
def test_a_check_character_outside_the_alphabet_is_malformed(check):
    with pytest.raises(CertificateIdError) as error:
        parse_identifier(VALID[:-1] + check)
    assert error.value.code in {"check_format", "parts"}


def test_every_single_typing_error_and_adjacent_swap_is_caught():
    body = VALID[len(PREFIX) + 1 : -2]
    positions = [i for i, char in enumerate(body) if char != "."]
    for i in positions:
        for char in ALPHABET:
            if char != body[i]:
                assert not is_valid_identifier(f"{PREFIX}.{body[:i]}{char}{body[i + 1 :]}.{VALID[-1]}")
    for i in positions:
        j = i + 1
        if j < len(body) and body[j] != "." and body[i] != body[j]:
            swapped = body[:i] + body[j] + body[i] + body[j + 1 :]
            assert not is_valid_identifier(f"{PREFIX}.{swapped}.{VALID[-1]}")


@pytest.mark.parametrize(
    "value, code",
    [
        ("", "empty"),
        (None, "empty"),
        (12345, "empty"),
        ("1.2.156.3005.1.11100", "prefix"),
        (f"{PREFIX}.11100.{ISSUER}.0000000042.1", "parts"),
        (f"{PREFIX}.11100.{ISSUER}.0000000042.1.X.Y", "parts"),
        (f"{PREFIX}.111-0.{ISSUER}.0000000042.1.X", "type_code"),
        (f"{PREFIX}.11100.{ISSUER[:-1]}0.0000000042.1.X", "issuer"),
        (f"{PREFIX}.11100.{ISSUER}.42.1.X", "serial"),
        (f"{PREFIX}.11100.{ISSUER}.000000004.21.X", "serial"),  # a dot moved: the serial is short
        (f"{PREFIX}.11100.{ISSUER}.0000000042.01.X", "version"),
        (f"{PREFIX}.11100.{ISSUER}.0000000042.1000.X", "version"),
        (f"{PREFIX}.11100.{ISSUER}.０００００００042.1.X", "serial"),  # full-width digits
        (PREFIX + "." + "1" * 200, "prefix"),
    ],
)
def test_malformed_identifiers_say_what_is_wrong(value, code):
    with pytest.raises(CertificateIdError) as error:
        parse_identifier(value)
    assert error.value.code == code
    assert error.value.messages[0]


def test_make_refuses_what_cannot_be_an_identifier():
    with pytest.raises(CertificateIdError):
        make_identifier("bad code", ISSUER, 1)
    with pytest.raises(CertificateIdError):
        make_identifier("111", ISSUER, 0)
