"""Resources and records for the open-data tests, written through the data hub's models and keys
(the same shape the hub's ingest writes): non-personal values in clear, personal ones sealed."""

import datetime
import json

from django.utils import timezone

from yiwang.datahub.keys import key_index_of, person_index
from yiwang.datahub.models import DataElement, DataItem, Record, Resource


def element(identifier, name, data_type="string", *, personal=False, check=""):
    return DataElement.objects.get_or_create(
        identifier=identifier,
        defaults={"name": name, "data_type": data_type, "is_personal": personal, "check_kind": check},
    )[0]


def air_quality(provider, *, opening="unconditional", rows=30, updated=None):
    """空气质量监测: station, day, AQI, level — not about persons."""
    resource = Resource.objects.create(
        code="500103-AQ-0001",
        name="空气质量监测",
        kind=Resource.THEMATIC,
        provider=provider,
        abstract="渝中区各监测站点每日空气质量指数（AQI）与等级。",
        sharing_type=Resource.SHARE_UNCONDITIONAL,
        opening_type=opening,
        update_cycle=Resource.DAILY,
        published_on=datetime.date(2026, 1, 1),
        subject_kind=Resource.OTHER,
        data_updated_at=updated or timezone.now(),
    )
    items = [
        ("station", "监测站点", element("DE9001", "监测站点名称"), True),
        ("day", "日期", element("DE9002", "日期", "date"), True),
        ("aqi", "空气质量指数", element("DE9003", "空气质量指数", "integer"), False),
        ("level", "空气质量等级", element("DE9004", "空气质量等级"), False),
    ]
    for order, (key, name, el, is_key) in enumerate(items):
        DataItem.objects.create(
            resource=resource, key=key, name=name, element=el, is_key=is_key, required=True, sort_order=order
        )
    stations = ["解放碑", "两路口", "菜园坝"]
    records = []
    for n in range(rows):
        station = stations[n % 3]
        day = (datetime.date(2026, 10, 1) + datetime.timedelta(days=n // 3)).isoformat()
        aqi = 40 + (n * 7) % 90
        values = {"station": station, "day": day, "aqi": aqi, "level": "优" if aqi <= 50 else "良"}
        records.append(
            Record(resource=resource, key_index=key_index_of(resource.code, [station, day]), values=values)
        )
    Record.objects.bulk_create(records)
    return resource


def population(provider, *, people=None, opening="conditional"):
    """人口基础信息: about persons — ID number and name are personal; sex and street are not."""
    resource = Resource.objects.create(
        code="500103-RK-0001",
        name="人口基础信息",
        kind=Resource.BASIC,
        provider=provider,
        abstract="户籍人口的基础信息。",
        sharing_type=Resource.SHARE_CONDITIONAL,
        opening_type=opening,
        update_cycle=Resource.MONTHLY,
        subject_kind=Resource.PERSON,
        data_updated_at=timezone.now(),
    )
    items = [
        (
            "id_number",
            "公民身份号码",
            element("DE0001", "公民身份号码", personal=True, check="citizen_id"),
            True,
        ),
        ("name", "姓名", element("DE0002", "姓名", personal=True), False),
        ("sex", "性别", element("DE0003", "性别代码", "code"), False),
        ("street", "街道", element("DE0004", "街道"), False),
    ]
    for order, (key, name, el, is_key) in enumerate(items):
        DataItem.objects.create(
            resource=resource,
            key=key,
            name=name,
            element=el,
            is_key=is_key,
            is_subject=key == "id_number",
            sort_order=order,
        )
    people = people if people is not None else residents(12)
    records = []
    for _n, (id_number, name, sex, street) in enumerate(people):
        records.append(
            Record(
                resource=resource,
                key_index=key_index_of(resource.code, [id_number]),
                subject_index=person_index(id_number),
                values={"sex": sex, "street": street},
                sealed=json.dumps({"id_number": id_number, "name": name}, ensure_ascii=False),
            )
        )
    Record.objects.bulk_create(records)
    return resource


def residents(count):
    """`count` people with valid ID numbers: (id_number, name, sex, street), streets in turn."""
    from yiwang.core.identifiers import make_citizen_id

    streets = ["解放碑街道", "七星岗街道", "大溪沟街道"]
    out = []
    for n in range(count):
        number = make_citizen_id(f"50010319{80 + n % 20:02d}0{1 + n % 9}1{n % 10}{n % 7}{n % 3}{n % 2}"[:17])
        out.append((number, f"居民{n}", "1" if n % 2 else "2", streets[n % 3]))
    return out
