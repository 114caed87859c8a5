"""The demo's certificate types and the demo personas' electronic certificates.

Every certificate type the demo catalogue's materials name (their `source_ref`), each issued by the
department that issues it in real life (or the nearest demo department), linked to the demo items
whose result it is. Then certificates for the personas of `accounts/demo.py`, so that an
application by 李伟 or by his restaurant company shows its materials fetched (数据跑路), and one by
王芳, who holds only her ID card, shows the upload asked for instead. Written through the actions
(every certificate signed); safe to run again.
"""

import datetime

from yiwang.accounts.actions import citizen_id_index
from yiwang.accounts.demo import CITIZENS, REGION
from yiwang.accounts.models import Department, Enterprise, EnterpriseAgent, Person
from yiwang.core.identifiers import make_citizen_id
from yiwang.datahub.certificate_actions import (
    do_create_certificate_type,
    do_issue_certificate,
    do_set_certificate_items,
)
from yiwang.datahub.keys import enterprise_index
from yiwang.datahub.models import Certificate, CertificateType
from yiwang.services.models import ServiceItem

P, E = "person", "enterprise"

# type code, name, issuing department (code suffix), held by, years valid (None: long-term), English name,
# and the result names (审批结果) of the demo items that issue it.
TYPES = [
    ("11100", "居民身份证", "03", P, 20, "Resident identity card", ["中华人民共和国居民身份证"]),
    ("11200", "居民户口簿", "03", P, None, "Household register", ["户口登记（户口簿）"]),
    ("11300", "居住证", "03", P, 1, "Residence permit", ["重庆市居住证"]),
    ("11400", "机动车驾驶证", "03", P, 6, "Driving licence", []),
    ("12100", "出生医学证明", "07", P, None, "Medical certificate of birth", ["出生医学证明（补发）"]),
    ("12200", "医师资格证书", "07", P, None, "Physician qualification certificate", []),
    (
        "12300",
        "医师执业证书",
        "07",
        P,
        None,
        "Physician practising certificate",
        ["医师执业证书（电子证照）"],
    ),
    ("12400", "护士执业资格考试合格证明", "07", P, None, "Nurse qualification examination pass", []),
    ("13100", "结婚证", "06", P, None, "Marriage certificate", ["结婚证"]),
    ("13200", "残疾人证", "06", P, 10, "Disability certificate", []),
    ("14100", "社会保障卡", "05", P, 10, "Social security card", ["中华人民共和国社会保障卡"]),
    ("14200", "医保电子凭证", "15", P, None, "Medical insurance e-voucher", []),
    ("15100", "道路运输从业人员从业资格证", "10", P, 6, "Road transport qualification certificate", []),
    ("15200", "出租汽车驾驶员从业资格证", "10", P, 6, "Taxi driver qualification certificate", []),
    ("16100", "执业药师注册证", "04", P, 5, "Licensed pharmacist registration", []),
    ("17100", "不动产权证书", "08", P, None, "Real estate title certificate", []),
    ("21100", "营业执照", "04", E, None, "Business licence", ["营业执照"]),
    ("21200", "食品经营许可证", "04", E, 5, "Food business licence", ["食品经营许可证"]),
    ("22100", "建筑工程施工许可证", "08", E, None, "Construction permit", ["建筑工程施工许可证"]),
    ("22200", "建设工程规划许可证", "08", E, None, "Construction project planning permit", []),
    ("22300", "房地产开发企业资质证书", "08", E, 3, "Real estate developer qualification", []),
    ("23100", "营业性演出许可证", "12", E, 2, "Commercial performance licence", []),
]

RESTAURANT = "重庆渝中山城小面餐饮有限公司"


def _department(suffix):
    return Department.objects.get(code=f"{REGION}-{suffix}")


def seed_types():
    existing = set(CertificateType.objects.values_list("code", flat=True))
    for code, name, suffix, holder, years, english, results in TYPES:
        if code in existing:
            continue
        cert_type = do_create_certificate_type(
            code=code,
            name=name,
            issuer=_department(suffix),
            holder_kind=holder,
            validity_years=years,
            name_en=english,
        )
        if results:
            items = [
                item
                for item in ServiceItem.objects.select_related("current").filter(current__isnull=False)
                if item.current.result_name in results
            ]
            do_set_certificate_items(cert_type, service_items=items)


def _give(code, holder, issued_on, *, valid_to=None, content=None):
    """Issue a demo certificate unless the holder has one of this type already."""
    cert_type = CertificateType.objects.get(code=code)
    index = holder.id_number_index if isinstance(holder, Person) else None
    query = Certificate.objects.filter(type=cert_type, origin=Certificate.DEMO)
    if index is not None:
        query = query.filter(holder_index=index)
    else:
        query = query.filter(holder_index=enterprise_index(holder.credit_code))
    if query.exists():
        return 0
    do_issue_certificate(
        cert_type,
        holder=holder,
        issued_on=issued_on,
        valid_to=valid_to,
        content=content,
        origin=Certificate.DEMO,
    )
    return 1


def seed(out):
    seed_types()
    people = {}
    for key, _name, id17, _phone in CITIZENS:
        people[key] = Person.objects.filter(id_number_index=citizen_id_index(make_citizen_id(id17))).first()
    li_wei, wang_fang = people.get("citizen"), people.get("citizen2")
    added = 0
    if li_wei is not None:
        added += _give(
            "11100", li_wei, datetime.date(2018, 5, 10), content={"签发机关": "重庆市公安局渝中区分局"}
        )
        added += _give("11200", li_wei, datetime.date(2010, 3, 2))
        added += _give("13100", li_wei, datetime.date(2016, 10, 1), content={"登记机关": "渝中区民政局"})
        added += _give("14100", li_wei, datetime.date(2021, 7, 15))
        added += _give("14200", li_wei, datetime.date(2020, 1, 6))
        added += _give(
            "11300", li_wei, datetime.date(2022, 4, 1), valid_to=datetime.date(2023, 3, 31)
        )  # expired
        agency = (
            EnterpriseAgent.objects.filter(user=li_wei.user, enterprise__name=RESTAURANT).first()
            if li_wei.user_id
            else None
        )
        if agency is not None:
            company = Enterprise.objects.get(pk=agency.enterprise_id)
            added += _give(
                "21100",
                company,
                datetime.date(2019, 8, 20),
                content={
                    "类型": "有限责任公司（自然人独资）",
                    "法定代表人": "李伟",
                    "经营范围": "餐饮服务；食品销售",
                    "住所": "重庆市渝中区民族路88号",
                },
            )
            added += _give(
                "21200",
                company,
                datetime.date(2023, 2, 14),
                content={"经营项目": "热食类食品制售", "经营场所": "重庆市渝中区民族路88号"},
            )
    if wang_fang is not None:
        added += _give("11100", wang_fang, datetime.date(2020, 9, 1))
    if added:
        out.write(
            f"Electronic certificates: {CertificateType.objects.count()} types, {added} demo certificates "
            "signed."
        )
