"""The public catalogue (/data/catalogue/) and the catalogue admin's checks."""

import pytest

from conftest import login
from yiwang.datahub.actions import do_import_rows
from yiwang.datahub.models import DataElement, ImportBatch, Resource
from yiwang.datahub.tests.factories import person, registry

pytestmark = pytest.mark.usefixtures("district")


def test_everyone_sees_the_metadata_never_the_records(client):
    resources = registry()
    population = resources["人口基础信息"]
    do_import_rows(
        population, enumerate([person()]), mode=ImportBatch.ALL_OR_NOTHING, source=ImportBatch.API, actor=None
    )
    page = client.get("/data/catalogue/").content.decode()
    assert all(name in page for name in ("人口基础信息", "空气质量监测", "婚姻登记信息"))
    assert client.get("/data/catalogue/?sharing_type=unconditional&provider=500103-02").status_code == 200
    detail = client.get(f"/data/catalogue/{population.code}/").content.decode()
    assert "公民身份号码" in detail and "大数据发展局" in detail
    assert "李伟" not in detail and "13800000001" not in detail
    Resource.objects.filter(pk=population.pk).update(is_active=False)
    assert client.get(f"/data/catalogue/{population.code}/").status_code == 404
    assert client.get("/data/catalogue/NOPE/").status_code == 404


def item_rows(resource, **changes):
    data = {"items-TOTAL_FORMS": "0", "items-INITIAL_FORMS": "0"}
    rows = list(resource.items.order_by("sort_order"))
    data["items-TOTAL_FORMS"] = data["items-INITIAL_FORMS"] = str(len(rows))
    for index, item in enumerate(rows):
        values = {
            "id": item.pk,
            "resource": resource.pk,
            "sort_order": item.sort_order,
            "key": item.key,
            "name": item.name,
            "element": item.element_id,
            "required": item.required,
            "is_key": item.is_key,
            "is_subject": item.is_subject,
        }
        values.update(changes.get(item.key, {}))
        for name, value in values.items():
            if value is True:
                data[f"items-{index}-{name}"] = "on"
            elif value is not False:
                data[f"items-{index}-{name}"] = str(value)
    return data


def resource_form(resource):
    return {
        "code": resource.code,
        "name": resource.name,
        "kind": resource.kind,
        "classification": resource.classification,
        "provider": resource.provider_id,
        "abstract": resource.abstract,
        "format": resource.format,
        "subject_kind": resource.subject_kind,
        "is_active": "on",
        "sharing_type": resource.sharing_type,
        "sharing_method": resource.sharing_method,
        "opening_type": resource.opening_type,
        "update_cycle": resource.update_cycle,
    }


def test_admin_checks_key_and_subject_items(client, sysadmin):
    population = registry()["人口基础信息"]
    login(client, sysadmin)
    url = f"/admin/datahub/resource/{population.pk}/change/"
    assert client.get(url).status_code == 200
    no_key = client.post(
        url, {**resource_form(population), **item_rows(population, id_number={"is_key": False})}
    )
    assert (
        no_key.status_code == 200
        and "at least one data item" in no_key.content.decode()
        or "信息项" in no_key.content.decode()
    )
    name_element = DataElement.objects.get(identifier="DE0002")
    wrong = client.post(
        url, {**resource_form(population), **item_rows(population, id_number={"element": name_element.pk})}
    )
    assert wrong.status_code == 200
    population.refresh_from_db()
    assert population.items.get(key="id_number").element.identifier == "DE0001"
    fine = client.post(url, {**resource_form(population), "abstract": "新的摘要", **item_rows(population)})
    assert fine.status_code == 302
    population.refresh_from_db()
    assert population.abstract == "新的摘要"


def test_admin_is_closed_to_stewards(client, steward):
    registry()
    login(client, steward)
    assert client.get("/admin/datahub/resource/").status_code in (302, 403)
