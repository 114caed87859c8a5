"""Checking one row against the resource's data items: every type and identifier check."""

import pytest

from yiwang.datahub.tests.factories import person, registry
from yiwang.datahub.validation import RowChecker

pytestmark = pytest.mark.usefixtures("district", "english_messages")


@pytest.fixture
def population():
    return RowChecker(registry()["人口基础信息"])


def errors_of(checker, row):
    return {column: message for column, message, _value in checker.check(row).errors}


def test_a_good_row_is_split_into_clear_and_sealed_values(population):
    checked = population.check(person())
    assert checked.ok
    assert checked.sealed["id_number"] == "50010319880314231X"[:17] + checked.sealed["id_number"][17]
    assert {"id_number", "name", "birth_date", "address", "phone"} == set(checked.sealed)
    assert checked.values == {
        "sex": "1",
        "ethnicity": "01",
        "education": "20",
        "household_type": "1",
        "region": "500103",
    }
    assert len(checked.key_index) == 64 and len(checked.subject_index) == 64


def test_subject_index_is_the_persons_account_index(li_wei, population):
    assert population.check(person()).subject_index == li_wei.person.id_number_index


def test_citizen_id_check_character_is_enforced_and_masked(population):
    row = person(id_number="500103198803142310")
    checked = population.check(row)
    column, message, shown = checked.errors[0]
    assert column == "id_number" and "check character" in message
    assert shown == "5001**********2310"


def test_code_must_be_in_the_code_list_but_its_label_is_accepted(population):
    assert "code" in errors_of(population, person(sex="3"))["sex"]
    assert population.check(person(sex="男性")).values["sex"] == "1"


def test_date_required_and_phone(population):
    assert "date" in errors_of(population, person(birth_date="1988-02-30"))["birth_date"]
    assert errors_of(population, person(name=""))["name"] == "This value is required."
    assert "mobile" in errors_of(population, person(phone="12345"))["phone"]
    assert population.check(person(phone="+86 138-0000-0001")).sealed["phone"] == "13800000001"


def test_format_and_length(population):
    assert "digits" in errors_of(population, person(region="50010A"))["region"]
    assert "Exactly 6" in errors_of(population, person(region="5001031"))["region"]
    assert "At most 50" in errors_of(population, person(name="李" * 51))["name"]
    assert "too long" in errors_of(population, person(address="x" * 5000))["address"]


def test_unknown_column_and_nested_value(population):
    errors = errors_of(population, {**person(), "colour": "red", "name": ["a"]})
    assert "not a data item" in errors["colour"]
    assert "single value" in errors["name"]


def test_integer_decimal_boolean_datetime_and_credit_code():
    resources = registry()
    vehicles = RowChecker(resources["机动车登记信息"])
    row = {
        "plate_no": "渝A12345",
        "plate_type": "02",
        "owner_id": person()["id_number"],
        "owner_name": "李伟",
        "registered_on": "2020/05/01",
        "new_energy": "是",
    }
    checked = vehicles.check(row)
    assert (
        checked.ok
        and checked.values["new_energy"] is True
        and checked.values["registered_on"] == "2020-05-01"
    )
    assert "yes or no" in errors_of(vehicles, {**row, "new_energy": "maybe"})["new_energy"]

    air = RowChecker(resources["空气质量监测"])
    good = {
        "station": "解放碑",
        "measured_at": "2026-10-01T08:00:00+08:00",
        "aqi": "57",
        "pm25": "34.50",
        "level": "2",
    }
    checked = air.check(good)
    assert checked.ok and checked.values["aqi"] == 57 and checked.values["pm25"] == "34.5"
    assert checked.subject_index == ""
    assert "whole number" in errors_of(air, {**good, "aqi": "5.5"})["aqi"]
    assert "a number" in errors_of(air, {**good, "pm25": "lots"})["pm25"]
    assert "date and time" in errors_of(air, {**good, "measured_at": "yesterday"})["measured_at"]

    legal = RowChecker(resources["法人基础信息"])
    company = {
        "credit_code": "91110000600037341L",
        "org_name": "测试公司",
        "entity_type": "1100",
        "legal_representative": "李伟",
        "founded_on": "2019-05-20",
        "status": "1",
    }
    assert legal.check(company).ok
    assert (
        "check character" in errors_of(legal, {**company, "credit_code": "91110000600037341M"})["credit_code"]
    )


def test_header_check_names_unknown_and_missing_columns(population):
    mapping, problems = population.check_header(["公民身份号码", "name", "colour"])
    assert mapping == {"公民身份号码": "id_number", "name": "name"}
    assert "colour" in problems[0] and "sex" in problems[1] and "birth_date" in problems[1]
