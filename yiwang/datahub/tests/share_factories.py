"""Small resources, records, consumer systems and signed gateway requests for the sharing tests.

Records are written through the models and `datahub.keys` as ingest writes them (personal items
JSON-encoded into `Record.sealed`, the others in `values`), so these tests do not wait on ingest.
"""

import json
from urllib.parse import quote

from yiwang.accounts.actions import do_create_staff, do_grant_role
from yiwang.core.identifiers import make_citizen_id, make_credit_code
from yiwang.datahub import keys, sharing, signing
from yiwang.datahub.models import DataElement, DataItem, Record, Resource

PASSWORD = "Persona-pass-1"


def element(identifier, name, *, personal=False, data_type=DataElement.STRING, check=""):
    return DataElement.objects.get_or_create(
        identifier=identifier,
        defaults={"name": name, "is_personal": personal, "data_type": data_type, "check_kind": check},
    )[0]


def population(provider, *, sharing_type=Resource.SHARE_CONDITIONAL, code="RK-001", name="人口基础信息"):
    """A resource about persons keyed by the citizen ID: id_number, name (personal), sex, district."""
    resource = Resource.objects.create(
        code=code,
        name=name,
        provider=provider,
        abstract="户籍人口的基础信息。",
        sharing_type=sharing_type,
        subject_kind=Resource.PERSON,
    )
    citizen_id = element("DE0001", "公民身份号码", personal=True, check=DataElement.CITIZEN_ID)
    DataItem.objects.create(
        resource=resource,
        key="id_number",
        name="公民身份号码",
        element=citizen_id,
        is_key=True,
        is_subject=True,
        required=True,
        sort_order=1,
    )
    DataItem.objects.create(
        resource=resource,
        key="name",
        name="姓名",
        element=element("DE0002", "姓名", personal=True),
        sort_order=2,
    )
    DataItem.objects.create(
        resource=resource, key="sex", name="性别", element=element("DE0003", "性别代码"), sort_order=3
    )
    DataItem.objects.create(
        resource=resource, key="district", name="户籍地", element=element("DE0004", "行政区划"), sort_order=4
    )
    return resource


def air_quality(provider, *, sharing_type=Resource.SHARE_UNCONDITIONAL):
    """A resource about no one: station and day are the key; aqi and level in clear."""
    resource = Resource.objects.create(
        code="HJ-001",
        name="空气质量监测",
        provider=provider,
        abstract="监测站每日空气质量。",
        sharing_type=sharing_type,
    )
    DataItem.objects.create(
        resource=resource,
        key="station",
        name="监测站",
        element=element("DE0101", "站点"),
        is_key=True,
        sort_order=1,
    )
    DataItem.objects.create(
        resource=resource,
        key="day",
        name="日期",
        element=element("DE0102", "日期"),
        is_key=True,
        sort_order=2,
    )
    DataItem.objects.create(
        resource=resource,
        key="aqi",
        name="空气质量指数",
        element=element("DE0103", "指数", data_type=DataElement.INTEGER),
        sort_order=3,
    )
    DataItem.objects.create(
        resource=resource, key="level", name="等级", element=element("DE0104", "等级"), sort_order=4
    )
    return resource


def person_record(resource, id17, name, sex="1", district="渝中区"):
    citizen_id = make_citizen_id(id17)
    return Record.objects.create(
        resource=resource,
        key_index=keys.key_index_of(resource.code, [citizen_id]),
        subject_index=keys.person_index(citizen_id),
        values={"sex": sex, "district": district},
        sealed=json.dumps({"id_number": citizen_id, "name": name}, ensure_ascii=False),
    ), citizen_id


def people(resource, count, *, start=1):
    """`count` persons born 1980–; returns their citizen IDs."""
    ids = []
    for n in range(start, start + count):
        _, citizen_id = person_record(
            resource,
            f"500103198001{n % 28 + 1:02d}{n:03d}",
            f"测试{n}",
            sex="1" if n % 2 else "2",
            district="渝中区" if n % 3 else "江北区",
        )
        ids.append(citizen_id)
    return ids


def air_record(resource, station, day, aqi, level):
    return Record.objects.create(
        resource=resource,
        key_index=keys.key_index_of(resource.code, [station, day]),
        values={"station": station, "day": day, "aqi": aqi, "level": level},
    )


def steward_of(department, username):
    user = do_create_staff(username=username, name="数据员" + username[-2:], password=PASSWORD, actor=None)
    do_grant_role(user, department, "data_steward", actor=None)
    return user


def consumer_of(department, steward, subsystem="case-system", rate_limit=600):
    credit = department.credit_code or make_credit_code("11500103MB" + f"{department.pk:07d}")
    return sharing.do_register_consumer(
        department,
        name="审批系统",
        instance="CN-CQ",
        member_class="GOV",
        member_code=credit,
        subsystem_code=subsystem,
        rate_limit=rate_limit,
        actor=steward,
    )


class GatewayClient:
    """Signs requests with a consumer key through Django's test client."""

    def __init__(self, client, key_id, secret, purpose="", client_header=""):
        self.client, self.key_id, self.secret = client, key_id, secret
        self.purpose, self.client_header = purpose, client_header

    def headers(self, method, path, body=b"", purpose=None, **overrides):
        headers = signing.signed_headers(self.key_id, self.secret, method, path, body)
        purpose = self.purpose if purpose is None else purpose
        if purpose:
            headers["X-Yiwang-Purpose"] = quote(purpose)
        if self.client_header:
            headers["Information-Mediator-Client"] = self.client_header
        headers.update(overrides)
        return headers

    def get(self, path, **kwargs):
        return self.client.get(path, headers=self.headers("GET", path, **kwargs))

    def post(self, path, data=None, raw=None, **kwargs):
        body = raw if raw is not None else json.dumps(data or {}, ensure_ascii=False).encode("utf-8")
        return self.client.generic(
            "POST",
            path,
            body,
            content_type="application/json",
            headers=self.headers("POST", path, body, **kwargs),
        )
