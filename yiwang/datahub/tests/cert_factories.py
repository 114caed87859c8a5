"""Small builders for the certificate and 数据跑路 tests: data elements, resources and their records
written through the models and `datahub.keys` (personal values sealed as JSON, the rest in clear),
certificate types, and cases taken to their end through the case actions."""

import json

from conftest import department
from yiwang.datahub import keys
from yiwang.datahub.certificate_actions import do_create_certificate_type
from yiwang.datahub.models import DataElement, DataItem, Record, Resource

ELEMENTS = {
    # identifier: (name, type, check, personal)
    "DE0001": ("公民身份号码", DataElement.STRING, DataElement.CITIZEN_ID, True),
    "DE0002": ("姓名", DataElement.STRING, DataElement.NO_CHECK, True),
    "DE0003": ("户籍地址", DataElement.STRING, DataElement.NO_CHECK, True),
    "DE0004": ("民族", DataElement.STRING, DataElement.NO_CHECK, False),
    "DE0005": ("统一社会信用代码", DataElement.STRING, DataElement.CREDIT_CODE, False),
    "DE0006": ("参保状态", DataElement.STRING, DataElement.NO_CHECK, False),
}


def element(identifier):
    name, data_type, check, personal = ELEMENTS[identifier]
    return DataElement.objects.get_or_create(
        identifier=identifier,
        defaults=dict(name=name, data_type=data_type, check_kind=check, is_personal=personal),
    )[0]


def resource(
    name="人口基础信息",
    code="R-03-0001",
    provider="03",
    subject_kind=Resource.PERSON,
    sharing_type=Resource.SHARE_CONDITIONAL,
    items=None,
):
    """A resource with its items: (key, name, element identifier, is key, is subject)."""
    items = items or [
        ("id_number", "公民身份号码", "DE0001", True, True),
        ("name", "姓名", "DE0002", False, False),
        ("address", "户籍地址", "DE0003", False, False),
        ("ethnicity", "民族", "DE0004", False, False),
    ]
    res = Resource.objects.create(
        code=code,
        name=name,
        provider=department(provider),
        abstract=f"{name}（测试）",
        sharing_type=sharing_type,
        subject_kind=subject_kind,
    )
    for order, (key, label, identifier, is_key, is_subject) in enumerate(items):
        DataItem.objects.create(
            resource=res,
            key=key,
            name=label,
            element=element(identifier),
            is_key=is_key,
            is_subject=is_subject,
            sort_order=order,
        )
    return res


def record(res, values):
    """One record of `res`: personal items sealed, the others in clear, keyed and subject-indexed."""
    items = list(res.items.select_related("element"))
    sealed = {i.key: values[i.key] for i in items if i.is_personal and i.key in values}
    clear = {i.key: values[i.key] for i in items if not i.is_personal and i.key in values}
    subject_item = next(i for i in items if i.is_subject)
    subject = values[subject_item.key]
    index = (
        keys.person_index(subject) if res.subject_kind == Resource.PERSON else keys.enterprise_index(subject)
    )
    return Record.objects.create(
        resource=res,
        key_index=keys.key_index(res, values),
        subject_index=index,
        values=clear,
        sealed=json.dumps(sealed, ensure_ascii=False),
    )


def cert_type(code="11100", name="居民身份证", issuer="03", holder_kind="person", years=20, items=()):
    return do_create_certificate_type(
        code=code,
        name=name,
        issuer=department(issuer),
        holder_kind=holder_kind,
        validity_years=years,
        service_items=items,
    )


def finish_approved(case, officer, head):
    """Take a submitted sole-trader case through acceptance, both review steps and completion."""
    from yiwang.cases.actions import do_accept_case, do_complete_step, do_finish_case
    from yiwang.cases.models import Case

    do_accept_case(case, actor=officer)
    do_complete_step(case, actor=officer, opinion="材料齐全，符合条件。")
    do_complete_step(case, actor=head, opinion="同意。", decision=Case.APPROVE)
    return do_finish_case(case, actor=head)
