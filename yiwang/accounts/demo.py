"""The demo district, modelled on Chongqing's Yuzhong District (渝中区), and one account per persona.

Passwords are random, made on the first run and kept in `var/demo-accounts.json` (mode 0600), so
that running `yiwang demo` again prints the same ones. Staff accounts are enrolled with a TOTP
secret printed beside them; `yiwang demo-code USERNAME` prints a demo account's current code.
"""

import json
import os
import secrets
import string

from django.conf import settings

from yiwang.accounts import actions
from yiwang.accounts.models import Department, EnterpriseAgent, Person, Role, User
from yiwang.core.identifiers import make_citizen_id, make_credit_code

REGION = "500103"  # 重庆市渝中区

DEPARTMENTS = [
    # code suffix, name, short name, English name, enquiry phone
    ("01", "渝中区政务服务管理办公室", "政务办", "Government Services Administration Office", "023-63800001"),
    ("02", "渝中区大数据发展局", "大数据局", "Big Data Development Bureau", "023-63800002"),
    ("03", "重庆市公安局渝中区分局", "公安分局", "Public Security Sub-bureau", "023-63800003"),
    ("04", "渝中区市场监督管理局", "市场监管局", "Market Supervision Administration", "023-63800004"),
    (
        "05",
        "渝中区人力资源和社会保障局",
        "人力社保局",
        "Human Resources and Social Security Bureau",
        "023-63800005",
    ),
    ("06", "渝中区民政局", "民政局", "Civil Affairs Bureau", "023-63800006"),
    ("07", "渝中区卫生健康委员会", "卫生健康委", "Health Commission", "023-63800007"),
    (
        "08",
        "渝中区住房和城乡建设委员会",
        "住房城乡建委",
        "Housing and Urban-Rural Development Commission",
        "023-63800008",
    ),
    ("09", "重庆市渝中区生态环境局", "生态环境局", "Ecology and Environment Bureau", "023-63800009"),
    ("10", "渝中区交通局", "交通局", "Transport Bureau", "023-63800010"),
    ("11", "渝中区教育委员会", "教委", "Education Commission", "023-63800011"),
    (
        "12",
        "渝中区文化和旅游发展委员会",
        "文化旅游委",
        "Culture and Tourism Development Commission",
        "023-63800012",
    ),
    ("13", "渝中区城市管理局", "城市管理局", "Urban Management Bureau", "023-63800013"),
    ("14", "渝中区商务委员会", "商务委", "Commerce Commission", "023-63800014"),
    ("15", "渝中区医疗保障局", "医保局", "Healthcare Security Bureau", "023-63800015"),
]

STREETS = {
    "七星岗街道": ["通远门社区", "金汤街社区", "领事巷社区"],
    "解放碑街道": ["民族路社区", "较场口社区", "大井巷社区"],
    "两路口街道": ["中山三路社区", "王家坡社区", "桂花园社区"],
    "上清寺街道": ["中山四路社区", "美专校街社区", "马鞍山社区"],
    "菜园坝街道": ["皇冠社区", "燕喜洞社区", "菜园坝社区"],
    "南纪门街道": ["凤凰台社区", "储奇门社区", "解放西路社区"],
    "望龙门街道": ["白象街社区", "东水门社区", "望龙门社区"],
    "朝天门街道": ["朝东路社区", "千厮门社区", "陕西路社区"],
    "大溪沟街道": ["人和街社区", "双钢路社区", "大溪沟社区"],
    "化龙桥街道": ["李子坝社区", "虎头岩社区", "红岩村社区"],
    "石油路街道": ["渝州路社区", "金银湾社区", "石油路社区"],
}

STREETS_EN = {
    "七星岗街道": "Qixinggang Subdistrict",
    "解放碑街道": "Jiefangbei Subdistrict",
    "两路口街道": "Lianglukou Subdistrict",
    "上清寺街道": "Shangqingsi Subdistrict",
    "菜园坝街道": "Caiyuanba Subdistrict",
    "南纪门街道": "Nanjimen Subdistrict",
    "望龙门街道": "Wanglongmen Subdistrict",
    "朝天门街道": "Chaotianmen Subdistrict",
    "大溪沟街道": "Daxigou Subdistrict",
    "化龙桥街道": "Hualongqiao Subdistrict",
    "石油路街道": "Shiyoulu Subdistrict",
}

CITIZENS = [
    # key, name, citizen ID (first 17 digits), phone
    ("citizen", "李伟", "50010319880314231", "13800000001"),
    ("citizen2", "王芳", "50010319920721122", "13800000002"),
]

STAFF = [
    # username, display name, department code suffix ("" = the district), role
    ("clerk", "张敏", "01", Role.WINDOW_CLERK),
    ("officer", "陈刚", "04", Role.OFFICER),
    ("officer2", "刘洋", "05", Role.OFFICER),
    ("head", "郑华", "04", Role.DEPARTMENT_HEAD),
    ("operator", "周婷", "01", Role.HOTLINE_OPERATOR),
    ("dispatcher", "吴强", "01", Role.DISPATCHER),
    ("supervisor", "赵静", "01", Role.SUPERVISOR),
    ("steward", "孙磊", "02", Role.DATA_STEWARD),
    ("leader", "钱明", "", Role.LEADER),
    ("sysadmin", "冯涛", "02", Role.SYSTEM_ADMIN),
    ("secadmin", "何丽", "02", Role.SECURITY_ADMIN),
    ("auditadmin", "许杰", "01", Role.AUDIT_ADMIN),
]

PERSONA_NOTES = {
    "citizen": "citizen (李伟), legal representative of the demo restaurant company",
    "citizen2": "second citizen (王芳), must never see 李伟's things",
    "clerk": "window clerk, 政务服务管理办公室",
    "officer": "officer, 市场监管局 (responsible department)",
    "officer2": "officer of another department, 人力社保局",
    "head": "department head, 市场监管局",
    "operator": "12345 hotline operator",
    "dispatcher": "12345 dispatcher",
    "supervisor": "supervisor (督办)",
    "steward": "data steward, 大数据发展局",
    "leader": "district leader (dashboard)",
    "sysadmin": "system administrator",
    "secadmin": "security administrator",
    "auditadmin": "audit administrator",
}


def _credit_code(index):
    # 11 = government body (机构编制 1, 机关 1); region; a 9-character organisation code.
    return make_credit_code(f"11{REGION}{index:08d}0")


def _random_password():
    alphabet = string.ascii_letters + string.digits
    while True:
        body = "".join(secrets.choice(alphabet) for _ in range(10))
        if (
            any(c.isdigit() for c in body)
            and any(c.islower() for c in body)
            and any(c.isupper() for c in body)
        ):
            return f"Yw-{body}"


def _secrets_file():
    return settings.VAR_DIR / "demo-accounts.json"


def load_demo_secrets():
    path = _secrets_file()
    return json.loads(path.read_text()) if path.exists() else {}


def _save_demo_secrets(data):
    path = _secrets_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump(data, handle, ensure_ascii=False, indent=1)


def _department(code, name, kind, parent, **fields):
    existing = Department.objects.filter(code=code).first()
    return existing or actions.do_create_department(
        code=code, name=name, kind=kind, parent=parent, actor=None, **fields
    )


def seed_departments():
    district = _department(
        REGION,
        "重庆市渝中区人民政府",
        Department.DISTRICT,
        None,
        short_name="区政府",
        name_en="Yuzhong District People's Government",
        credit_code=_credit_code(0),
        address="重庆市渝中区人民路169号",
    )
    for index, (suffix, name, short, english, phone) in enumerate(DEPARTMENTS, start=1):
        _department(
            f"{REGION}-{suffix}",
            name,
            Department.DEPARTMENT,
            district,
            short_name=short,
            phone=phone,
            name_en=english,
            credit_code=_credit_code(index),
            sort_order=index,
        )
    for s_index, (street, communities) in enumerate(STREETS.items(), start=1):
        node = _department(
            f"{REGION}-S{s_index:02d}",
            street,
            Department.STREET,
            district,
            sort_order=s_index,
            name_en=STREETS_EN[street],
        )
        for c_index, community in enumerate(communities, start=1):
            _department(
                f"{REGION}-S{s_index:02d}-{c_index:02d}",
                community,
                Department.COMMUNITY,
                node,
                sort_order=c_index,
            )
    return district


def seed(out):
    import pyotp

    district = seed_departments()
    known = load_demo_secrets()
    rows = []
    for key, name, id17, phone in CITIZENS:
        id_number = make_citizen_id(id17)
        entry = known.setdefault(key, {"password": _random_password()})
        person = Person.objects.filter(id_number_index=actions.citizen_id_index(id_number)).first()
        if person is None or person.user is None:
            user = actions.do_register_citizen(
                real_name=name, id_number=id_number, phone=phone, password=entry["password"]
            )
        else:
            user = person.user
            if not user.check_password(entry["password"]):
                actions.do_set_password(user, entry["password"], actor=None)
        entry["username"] = user.username
        rows.append((key, f"{id_number} / {phone}", entry["password"], ""))
    li_wei = User.objects.get(username=known["citizen"]["username"])
    if not EnterpriseAgent.objects.filter(user=li_wei).exists():
        actions.do_register_enterprise(
            user=li_wei,
            name="重庆渝中山城小面餐饮有限公司",
            credit_code=make_credit_code("91500103MA5U7Y3K2"),
            legal_representative="李伟",
        )
    for username, name, suffix, role in STAFF:
        entry = known.setdefault(username, {"password": _random_password(), "totp": pyotp.random_base32()})
        user = User.objects.filter(username=username).first()
        if user is None:
            user = actions.do_create_staff(
                username=username, name=name, password=entry["password"], actor=None
            )
        elif not user.check_password(entry["password"]):
            actions.do_set_password(user, entry["password"], actor=None)
        if user.totp_secret != entry["totp"]:
            actions.do_provision_second_factor(user, entry["totp"], actor=None)
        department = district if not suffix else Department.objects.get(code=f"{REGION}-{suffix}")
        actions.do_grant_role(user, department, role, actor=None)
        entry["username"] = username
        rows.append((username, "", entry["password"], entry["totp"]))
    _save_demo_secrets(known)

    out.write("\nDemo accounts (log in at /accounts/login/; citizens by ID number or mobile number):")
    out.write(f"  {'account':<12} {'password':<15} {'TOTP secret':<34} who")
    for key, login_as, password, totp in rows:
        out.write(f"  {key:<12} {password:<15} {totp or '-':<34} {PERSONA_NOTES[key]}")
        if login_as:
            out.write(f"  {'':<12} log in with {login_as}")
    out.write(
        "Staff log in with a second factor: add the TOTP secret to an authenticator app, or run "
        "`yiwang demo-code USERNAME` for the current code.\n"
    )
