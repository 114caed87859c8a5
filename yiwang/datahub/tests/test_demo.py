"""The demo data hub: every material's shared source exists, and the demo people and company are
found, consistently, across resources."""

import io

import pytest

from yiwang.accounts.demo import CITIZENS
from yiwang.core.identifiers import make_citizen_id, make_credit_code
from yiwang.datahub import demo
from yiwang.datahub.keys import enterprise_index, person_index
from yiwang.datahub.models import Record, Resource
from yiwang.services.demo_catalogue import CATALOGUE

pytestmark = pytest.mark.usefixtures("district")


def shared_refs(value):
    if isinstance(value, dict):
        if value.get("source") == "shared_data":
            yield value["source_ref"]
        for child in value.values():
            yield from shared_refs(child)
    elif isinstance(value, (list, tuple)):
        for child in value:
            yield from shared_refs(child)


def test_demo_loads_consistent_records_and_runs_again():
    demo.seed(io.StringIO(), people=300, enterprises=40)
    names = set(Resource.objects.values_list("name", flat=True))
    assert len(names) >= 25
    refs = set(shared_refs(CATALOGUE))
    assert len(refs) >= 20 and refs <= names
    assert not Resource.objects.filter(records__isnull=True).exists()

    li_wei = person_index(make_citizen_id(CITIZENS[0][2]))
    held = set(Record.objects.filter(subject_index=li_wei).values_list("resource__name", flat=True))
    assert {
        "人口基础信息",
        "婚姻登记信息",
        "社保参保信息",
        "医保参保信息",
        "出生医学证明信息",
        "不动产登记信息",
        "学历学籍信息",
        "从业人员健康体检信息",
    } <= held
    wang_fang = person_index(make_citizen_id(CITIZENS[1][2]))
    assert Record.objects.filter(subject_index=wang_fang, resource__name="就业失业登记信息").exists()
    company = enterprise_index(make_credit_code("91500103MA5U7Y3K2"))
    assert set(Record.objects.filter(subject_index=company).values_list("resource__name", flat=True)) >= {
        "法人基础信息",
        "营业执照信息",
        "食品经营许可证信息",
    }

    count = Record.objects.count()
    out = io.StringIO()
    demo.seed(out, people=300, enterprises=40)
    assert Record.objects.count() == count and "already loaded" in out.getvalue()
    assert Resource.objects.get(name="税务清税信息").stale_since is not None


def test_population_is_deterministic():
    first, second = demo.Population(200, 20), demo.Population(200, 20)
    assert [p["id"] for p in first.people] == [p["id"] for p in second.people]
    assert [e["code"] for e in first.enterprises] == [e["code"] for e in second.enterprises]
