"""Unified social credit codes (GB 32100, DOMAIN.md §7)."""

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from yiwang.core.identifiers import USCC_ALPHABET, IdentifierError, make_credit_code, parse_credit_code

WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
EXAMPLE = "91110000600037341L"


def domain_check_character(prefix17):
    """The check character computed as DOMAIN.md §7 states it, independently of python-stdnum."""
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(prefix17, WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def refusal_code(value):
    with pytest.raises(IdentifierError) as caught:
        parse_credit_code(value)
    return caught.value.code


alphabet = st.sampled_from(USCC_ALPHABET)
digit = st.sampled_from("0123456789")
prefixes = st.tuples(*[alphabet] * 2, *[digit] * 6, *[alphabet] * 9).map("".join)
valid_codes = prefixes.map(make_credit_code)


def test_the_domain_example_is_valid():
    parsed = parse_credit_code(EXAMPLE)
    assert (parsed.registration_authority, parsed.category) == ("9", "1")
    assert parsed.region_code == "110000"
    assert parsed.organisation_code == "600037341"


def test_lower_case_and_spaces_are_normalised():
    assert parse_credit_code(" 9111 0000 6000 3734 1l ").code == EXAMPLE


@settings(max_examples=200, deadline=None)
@given(prefixes)
def test_any_17_characters_of_the_alphabet_completed_by_make_credit_code_parse(prefix):
    code = make_credit_code(prefix)
    assert code == prefix + domain_check_character(prefix)
    parsed = parse_credit_code(code)
    assert parsed.code == code
    assert parsed.region_code == prefix[2:8]
    assert parsed.organisation_code == prefix[8:17]


@settings(max_examples=200, deadline=None)
@given(valid_codes, st.integers(min_value=0, max_value=17), alphabet)
def test_changing_any_one_character_is_refused(code, position, replacement):
    changed = code[:position] + replacement + code[position + 1 :]
    assume(changed != code)
    with pytest.raises(IdentifierError):
        parse_credit_code(changed)


@pytest.mark.parametrize("letter", list("IOZSV"))
@pytest.mark.parametrize("position", [0, 1, 8, 16, 17])
def test_letters_outside_the_alphabet_are_refused(letter, position):
    changed = EXAMPLE[:position] + letter + EXAMPLE[position + 1 :]
    assert refusal_code(changed) == "uscc_format"


@pytest.mark.parametrize(
    "value, code",
    [
        ("", "uscc_length"),
        (EXAMPLE[:17], "uscc_length"),
        (EXAMPLE + "0", "uscc_length"),
        ("91A10000600037341L", "uscc_format"),
        ("9111000060003734-L", "uscc_format"),
        ("９1110000600037341L", "uscc_format"),
        ("91110000600037341M", "uscc_checksum"),
    ],
)
def test_malformed_codes_are_refused_with_their_code(value, code):
    assert refusal_code(value) == code
