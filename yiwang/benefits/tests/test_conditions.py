"""The condition language: what is refused when a rule is saved, and how each operator evaluates,
at the boundaries that matter (turning 80 today, a 29 February birthday, no data on record)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from yiwang.benefits import conditions
from yiwang.benefits.sources import age_on, next_birthday
from yiwang.benefits.tests.world import BIRTH_CODE, finished_birth_case, resident, years_ago

TODAY = datetime.date(2026, 11, 26)


def clause(field, op, value=None, source="person", **extra):
    out = {"source": source, "field": field, "op": op, **extra}
    if value is not None:
        out["value"] = value
    return out


def holds(condition, person, today=TODAY):
    conditions.check_condition(condition, "person")
    return conditions.eligible(condition, [person.pk], today) == [person.pk]


@pytest.mark.parametrize(
    "condition, message",
    [
        ({"source": "person"}, "A condition is a list of clauses."),
        (["age >= 80"], "Condition 1: each clause is an object with source, field, op and value."),
        (
            [clause("age", "gte", 80, source="tax")],
            "Condition 1: unknown source; use one of case, enterprise, person.",
        ),
        (
            [clause("income", "gte", 80)],
            "Condition 1: unknown field; person has age, days_to_birthday, birth_date, sex.",
        ),
        (
            [clause("age", "between", 80)],
            "Condition 1: unknown operator; use one of eq, ne, gt, gte, lt, lte, in, not_in, known, unknown.",
        ),
        ([clause("age", "gte", "80")], "Condition 1: the value must be a whole number."),
        ([clause("age", "gte", True)], "Condition 1: the value must be a whole number."),
        ([clause("age", "gte")], "Condition 1: the clause needs a value."),
        (
            [clause("birth_date", "lt", "1946-13-01")],
            "Condition 1: the value must be a date written YYYY-MM-DD.",
        ),
        ([clause("age", "in", 80)], "Condition 1: “in” and “not_in” take a list of 1 to 100 values."),
        ([clause("age", "in", [])], "Condition 1: “in” and “not_in” take a list of 1 to 100 values."),
        ([clause("age", "known", 1)], "Condition 1: “known” and “unknown” take no value."),
        ([{**clause("age", "gte", 80), "eval": "__import__('os')"}], "Condition 1: unknown keys: eval."),
        (
            [clause("days_registered", "gte", 1, source="enterprise")],
            "Condition 1: the source enterprise holds no data on this kind of subject.",
        ),
        ([{"any": []}], "Condition 1: “any” holds a non-empty list of clauses and nothing else."),
        (
            [clause("age", "gte", 1), {"any": [{"any": [{"any": [clause("age", "gte", 1)]}]}]}],
            "Condition 2.1.1: “any” may be nested at most 3 deep.",
        ),
        ([clause("age", "gte", 1)] * 21, "Condition 21: at most 20 clauses."),
        ([clause("sex", "eq", "F\x00")], "A condition cannot contain a NUL character."),
    ],
)
def test_malformed_conditions_are_refused_with_the_clause_named(db, english_messages, condition, message):
    with pytest.raises(ValidationError) as error:
        conditions.check_condition(condition, "person")
    assert error.value.messages == [message]


def test_a_case_clause_must_name_an_item_of_the_catalogue(db, english_messages):
    with pytest.raises(ValidationError) as error:
        conditions.check_condition([clause("finished_count", "gte", 1, source="case", item="NOPE")], "person")
    assert error.value.messages == ["Condition 1: No service item has the implementation code NOPE."]


def test_age_turns_on_the_birthday_itself():
    born = datetime.date(1946, 11, 26)
    assert age_on(born, TODAY) == 80
    assert age_on(born, TODAY - datetime.timedelta(days=1)) == 79
    assert next_birthday(born, TODAY) == TODAY


def test_a_29_february_birthday_counts_from_1_march_in_common_years():
    born = datetime.date(1948, 2, 29)
    assert age_on(born, datetime.date(2028, 2, 28)) == 79
    assert age_on(born, datetime.date(2028, 2, 29)) == 80
    assert age_on(born, datetime.date(2027, 2, 28)) == 78
    assert age_on(born, datetime.date(2027, 3, 1)) == 79
    assert next_birthday(born, datetime.date(2027, 1, 1)) == datetime.date(2027, 3, 1)


def test_turning_80_today_is_eligible_and_tomorrow_is_not(district):
    today_80 = resident(years_ago(80, TODAY))
    tomorrow_80 = resident(years_ago(80, TODAY, days=1))
    condition = [clause("age", "gte", 80)]
    assert holds(condition, today_80)
    assert not holds(condition, tomorrow_80)
    assert holds(condition, tomorrow_80, today=TODAY + datetime.timedelta(days=1))


@pytest.mark.parametrize(
    "op, value, expected",
    [
        ("eq", 80, True),
        ("eq", 79, False),
        ("ne", 79, True),
        ("ne", 80, False),
        ("gt", 79, True),
        ("gt", 80, False),
        ("gte", 80, True),
        ("gte", 81, False),
        ("lt", 81, True),
        ("lt", 80, False),
        ("lte", 80, True),
        ("lte", 79, False),
        ("in", [60, 80], True),
        ("in", [60, 70], False),
        ("not_in", [60, 70], True),
        ("not_in", [80], False),
        ("known", None, True),
        ("unknown", None, False),
    ],
)
def test_each_operator_on_a_whole_number(district, op, value, expected):
    person = resident(years_ago(80, TODAY))
    assert holds([clause("age", op, value)], person) is expected


def test_dates_texts_and_days_to_the_birthday(district):
    person = resident(datetime.date(1966, 12, 20), sex="F")
    assert holds(
        [clause("birth_date", "lt", "1966-12-21"), clause("birth_date", "gte", "1966-12-20")], person
    )
    assert not holds([clause("birth_date", "gt", "1966-12-20")], person)
    assert holds([clause("sex", "eq", "F")], person)
    assert not holds([clause("sex", "in", ["M"])], person)
    assert holds([clause("age", "eq", 59), clause("days_to_birthday", "eq", 24)], person)


def test_any_needs_one_of_its_clauses(district):
    person = resident(years_ago(70, TODAY), sex="F")
    assert holds([{"any": [clause("age", "gte", 80), clause("sex", "eq", "F")]}], person)
    assert not holds([{"any": [clause("age", "gte", 80), clause("sex", "eq", "M")]}], person)


def test_an_empty_condition_holds_for_everyone(district):
    assert holds([], resident(years_ago(30, TODAY)))


def test_past_cases_count_and_date(li_wei, birth_item):
    finished_birth_case(li_wei, birth_item)
    today = timezone.localdate()
    person = li_wei.person
    assert holds([clause("finished_count", "eq", 1, source="case", item=BIRTH_CODE)], person, today)
    assert holds([clause("open_count", "eq", 0, source="case", item=BIRTH_CODE)], person, today)
    assert holds([clause("days_since_finished", "lte", 1, source="case", item=BIRTH_CODE)], person, today)
    assert not holds(
        [clause("days_since_finished", "gte", 180, source="case", item=BIRTH_CODE)], person, today
    )
    assert holds(
        [clause("days_since_finished", "gte", 180, source="case", item=BIRTH_CODE)],
        person,
        today + datetime.timedelta(days=180),
    )


def test_a_comparison_with_nothing_on_record_is_false_whatever_the_operator(li_wei, birth_item):
    person = li_wei.person
    since = {"source": "case", "item": BIRTH_CODE, "field": "days_since_finished"}
    assert not holds([{**since, "op": "ne", "value": 5}], person)
    assert not holds([{**since, "op": "not_in", "value": [5]}], person)
    assert holds([{**since, "op": "unknown"}], person)
    assert holds([clause("finished_count", "eq", 0, source="case", item=BIRTH_CODE)], person)
