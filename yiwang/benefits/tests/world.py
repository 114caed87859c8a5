"""Shared setup of the benefits tests: a few published items, people of chosen ages, finished cases."""

import datetime

import pytest
from django.utils import timezone

from conftest import _staff, department, item_spec


def publish(code, dept, name, *, steps=True, item_type="05", objects=("1",)):
    from yiwang.services.actions import do_create_item, do_publish_version

    spec = item_spec(
        name=name,
        item_type=item_type,
        service_objects=list(objects),
        materials=[],
        form_fields=[],
        promised_limit=10 if steps else 0,
        handling_type="promised" if steps else "immediate",
        steps=[{"name": "审核", "role": "officer", "limit": 5}] if steps else [],
    )
    version = do_create_item(implementation_code=code, department=department(dept), spec=spec, actor=None)
    return do_publish_version(version, actor=None).item


ALLOWANCE_CODE = "11500103MB0000006X050006"
BIRTH_CODE = "11500103MB0000003X070003"
SUBSIDY_CODE = "11500103MB0000015X050004"


@pytest.fixture
def allowance_item(district, calendar):
    """高龄津贴 of 民政局, reviewed in one step."""
    return publish(ALLOWANCE_CODE, "06", "高龄津贴")


@pytest.fixture
def birth_item(district, calendar):
    """出生登记 of 公安分局, decided on the spot."""
    return publish(BIRTH_CODE, "03", "出生登记", steps=False, item_type="07")


@pytest.fixture
def subsidy_item(district, calendar):
    """生育津贴申领 of 医保局, with no review step (approved at once when granted)."""
    return publish(SUBSIDY_CODE, "15", "生育津贴申领", steps=False, objects=("1", "2"))


def years_ago(years, today=None, days=0):
    """The date `years` before `today` (29 February → 28 February), moved by `days`."""
    today = today or timezone.localdate()
    try:
        day = today.replace(year=today.year - years)
    except ValueError:
        day = today.replace(year=today.year - years, day=28)
    return day + datetime.timedelta(days=days)


_serial = [100]


def resident(birth_date, *, name="赵老", phone="", user=None, sex="M"):
    """A person in the register (no account unless `user`), born on `birth_date`."""
    from yiwang.accounts.actions import do_create_person
    from yiwang.core.identifiers import make_citizen_id

    _serial[0] += 2
    sequence = _serial[0] + (1 if sex == "M" else 0)
    return do_create_person(
        name=name,
        id_number=make_citizen_id(f"500103{birth_date:%Y%m%d}{sequence % 1000:03d}"),
        phone=phone,
        user=user,
    )


def finished_birth_case(user, birth_item):
    """A birth registration applied for by `user` and finished on the spot by the police."""
    from yiwang.cases.actions import do_accept_case, do_apply

    police = _staff(f"police{user.pk}", "民警", department("03"), "officer")
    case = do_apply(birth_item, applicant=user.person, owner=user, actor=user, answers={})
    return do_accept_case(case, actor=police)


def birth_subsidy_rule(subsidy_item, birth_item):
    from yiwang.benefits.actions import do_save_benefit_rule

    return do_save_benefit_rule(
        code="birth-subsidy",
        name="一次性生育补贴",
        audience="person",
        item=subsidy_item,
        condition=[
            {
                "source": "case",
                "item": birth_item.implementation_code,
                "field": "finished_count",
                "op": "gte",
                "value": 1,
            }
        ],
        amount="2000",
        grant_description="一次性生育补贴",
        actor=None,
    )


def allowance_rule(allowance_item, **extra):
    from yiwang.benefits.actions import do_save_benefit_rule

    return do_save_benefit_rule(
        code="elderly-allowance",
        name="高龄津贴",
        audience="person",
        item=allowance_item,
        condition=[{"source": "person", "field": "age", "op": "gte", "value": 80}],
        amount="100",
        grant_description="80周岁以上老年人高龄津贴，按月发放",
        actor=None,
        **extra,
    )
