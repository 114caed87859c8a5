"""Citizen ID numbers (GB 11643, DOMAIN.md §7): checksum and birth date strict, region a warning."""

import datetime

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from stdnum.cn import ric

from yiwang.core.identifiers import IdentifierError, make_citizen_id, parse_citizen_id

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
TODAY = datetime.date(2026, 6, 1)


def domain_check_character(digits17):
    """The check character computed as DOMAIN.md §7 states it, independently of python-stdnum."""
    return "10X98765432"[sum(int(d) * w for d, w in zip(digits17, WEIGHTS, strict=True)) % 11]


def refusal_code(value, **kwargs):
    with pytest.raises(IdentifierError) as caught:
        parse_citizen_id(value, **kwargs)
    return caught.value.code


regions = st.integers(min_value=0, max_value=999_999).map("{:06d}".format)
birth_dates = st.dates(min_value=datetime.date(1900, 1, 1), max_value=TODAY)
sequences = st.integers(min_value=0, max_value=999).map("{:03d}".format)
prefixes = st.builds(lambda r, d, s: r + d.strftime("%Y%m%d") + s, regions, birth_dates, sequences)
valid_ids = prefixes.map(make_citizen_id)


@settings(max_examples=200, deadline=None)
@given(regions, birth_dates, sequences)
def test_any_17_digits_with_a_real_birth_date_completed_by_make_citizen_id_parse(region, birth, sequence):
    prefix = region + birth.strftime("%Y%m%d") + sequence
    parsed = parse_citizen_id(make_citizen_id(prefix), today=TODAY)
    assert parsed.number == prefix + domain_check_character(prefix)
    assert parsed.region_code == region
    assert parsed.birth_date == birth
    assert parsed.sex == ("M" if int(sequence[-1]) % 2 else "F")


@settings(max_examples=200, deadline=None)
@given(valid_ids, st.integers(min_value=0, max_value=17), st.sampled_from("0123456789X"))
def test_changing_any_one_character_is_refused(number, position, replacement):
    changed = number[:position] + replacement + number[position + 1 :]
    assume(changed != number)
    with pytest.raises(IdentifierError):
        parse_citizen_id(changed, today=TODAY)


@settings(max_examples=100, deadline=None)
@given(valid_ids, st.integers(min_value=0, max_value=15))
def test_swapping_two_neighbouring_digits_is_refused(number, position):
    swapped = number[:position] + number[position + 1] + number[position] + number[position + 2 :]
    assume(swapped != number)
    assert refusal_code(swapped, today=TODAY) == "citizen_id_checksum"


@settings(max_examples=100, deadline=None)
@given(valid_ids, st.integers(min_value=0, max_value=16), st.sampled_from("０１２３４５６７８９٠١٢٣٤٥٦٧٨٩"))
def test_digits_of_other_scripts_are_refused_not_read_as_their_values(number, position, digit):
    # A full-width "５" reads as 5 to str.isdigit and int(); accepting it would store a second,
    # differently indexed copy of the same person's number.
    changed = number[:position] + digit + number[position + 1 :]
    assert refusal_code(changed, today=TODAY) == "citizen_id_format"


def test_the_domain_example_is_valid():
    parsed = parse_citizen_id("11010519491231002X")
    assert parsed.birth_date == datetime.date(1949, 12, 31)
    assert parsed.sex == "F"
    assert parsed.region_code == "110105"
    assert parsed.region["province"] == "北京市"
    assert parsed.warnings == ()


def test_lower_case_x_and_spaces_are_normalised():
    assert parse_citizen_id(" 110105 19491231 002x ").number == "11010519491231002X"
    assert parse_citizen_id("110105\u300019491231\u3000002x").number == "11010519491231002X"


def test_february_30_is_refused_as_a_date():
    assert refusal_code(make_citizen_id("11010519900230123")) == "citizen_id_date"


def test_february_29_is_a_date_only_in_leap_years():
    assert parse_citizen_id(make_citizen_id("11010520000229123")).birth_date == datetime.date(2000, 2, 29)
    assert refusal_code(make_citizen_id("11010519000229123")) == "citizen_id_date"


def test_a_birth_date_after_today_is_refused():
    number = make_citizen_id("11010520260602123")
    assert refusal_code(number, today=datetime.date(2026, 6, 1)) == "citizen_id_date"
    assert parse_citizen_id(number, today=datetime.date(2026, 6, 2)).birth_date == datetime.date(2026, 6, 2)
    assert refusal_code(make_citizen_id("11010520990101123")) == "citizen_id_date"


def test_a_birth_year_before_1880_is_refused():
    assert refusal_code(make_citizen_id("11010518791231123")) == "citizen_id_date"


def test_unknown_region_code_for_the_birth_year_is_accepted_with_a_warning():
    # Yuzhong (500103) is listed by python-stdnum only from Chongqing's 1997 municipality on.
    number = make_citizen_id("50010319900101123")
    assert not ric.is_valid(number)
    parsed = parse_citizen_id(number)
    assert parsed.warnings == ("unknown_region",)
    assert parsed.region_code == "500103"
    assert parsed.birth_date == datetime.date(1990, 1, 1)


def test_region_code_missing_from_every_table_is_accepted_with_a_warning():
    assert parse_citizen_id(make_citizen_id("99999919900101123")).warnings == ("unknown_region",)


@pytest.mark.parametrize(
    "value, code",
    [
        ("", "citizen_id_length"),
        ("11010519491231002", "citizen_id_length"),
        ("11010519491231002X1", "citizen_id_length"),
        ("1101051949123100XX", "citizen_id_format"),
        ("11010519491231002Y", "citizen_id_format"),
        ("A1010519491231002X", "citizen_id_format"),
        ("110105-19491231-02", "citizen_id_format"),
        ("110105194912310021", "citizen_id_checksum"),
    ],
)
def test_malformed_numbers_are_refused_with_their_code(value, code):
    assert refusal_code(value) == code


def test_region_code_listed_without_a_county_is_a_warning_not_a_crash():
    # python-stdnum's get_birth_place raises KeyError (not its ValidationError) for such codes.
    parsed = parse_citizen_id(make_citizen_id("11021020000101000"))
    assert parsed.warnings == ("unknown_region",)
    assert parsed.region == {}
