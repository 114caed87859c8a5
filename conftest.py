"""Shared test personas (STYLE.md), built by real actions, and helpers to log them in."""

import time

import pytest

pytest_plugins = ["yiwang.testing.clock"]

PASSWORD = "Persona-pass-1"


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Each test starts with an empty cache and a calendar snapshot read from its own database."""
    from django.conf import settings
    from django.core.cache import cache
    from django.utils import translation

    from yiwang.core import workdays

    cache.clear()
    workdays.invalidate()
    translation.activate(settings.LANGUAGE_CODE)  # a request in an earlier test may have switched it
    yield
    workdays.invalidate()
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def calendar(db):
    """The working-day calendar of 2024–2026 from chinesecalendar."""
    from yiwang.core.actions import do_seed_calendar

    do_seed_calendar(years=[2024, 2025, 2026])


@pytest.fixture
def district(db):
    """The demo district's tree: the district, 15 departments, 11 streets and their communities."""
    from yiwang.accounts.demo import seed_departments

    return seed_departments()


@pytest.fixture
def password():
    """The personas' password."""
    return PASSWORD


@pytest.fixture
def english_messages():
    """Messages raised by actions in English (the source language), for exact assertions."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def english(client):
    """The test client asking for English pages (the language cookie)."""
    client.cookies["yiwang_language"] = "en"
    return client


@pytest.fixture(name="department")
def department_fixture(db):
    """A department of the demo district by its code suffix: department("04") is 市场监管局."""
    return department


def department(code_suffix):
    from yiwang.accounts.models import Department

    return Department.objects.get(code=f"500103-{code_suffix}")


def _citizen(name, id17, phone):
    from yiwang.accounts.actions import do_register_citizen
    from yiwang.core.identifiers import make_citizen_id

    return do_register_citizen(
        real_name=name, id_number=make_citizen_id(id17), phone=phone, password=PASSWORD
    )


def _staff(username, name, dept, role):
    from yiwang.accounts.actions import do_create_staff, do_grant_role

    user = do_create_staff(username=username, name=name, password=PASSWORD, actor=None)
    do_grant_role(user, dept, role, actor=None)
    return user


@pytest.fixture
def li_wei(db):
    """The citizen."""
    return _citizen("李伟", "50010319880314231", "13800000001")


@pytest.fixture
def wang_fang(db):
    """A second citizen, who must never see Li Wei's things."""
    return _citizen("王芳", "50010319920721122", "13800000002")


@pytest.fixture
def newcomer(db):
    """A staff account that holds no role yet (roles are only ever given to staff accounts)."""
    from yiwang.accounts.actions import do_create_staff

    return do_create_staff(username="newcomer", name="林新", password=PASSWORD, actor=None)


@pytest.fixture
def clerk(district):
    return _staff("clerk", "张敏", department("01"), "window_clerk")


@pytest.fixture
def officer(district):
    """An officer of the responsible department (市场监管局)."""
    return _staff("officer", "陈刚", department("04"), "officer")


@pytest.fixture
def head(district):
    """The head of the responsible department (市场监管局), who takes decisions."""
    return _staff("head", "周强", department("04"), "department_head")


@pytest.fixture
def other_officer(district):
    """An officer of another department (人力社保局)."""
    return _staff("officer2", "刘洋", department("05"), "officer")


@pytest.fixture
def supervisor(district):
    return _staff("supervisor", "赵静", department("01"), "supervisor")


@pytest.fixture
def steward(district):
    return _staff("steward", "孙磊", department("02"), "data_steward")


@pytest.fixture
def sysadmin(district):
    return _staff("sysadmin", "冯涛", department("02"), "system_admin")


@pytest.fixture
def secadmin(district):
    return _staff("secadmin", "何丽", department("02"), "security_admin")


@pytest.fixture
def auditadmin(district):
    return _staff("auditadmin", "许杰", department("01"), "audit_admin")


def login(client, user):
    """Log a user in as the login pages would: staff with their second factor passed."""
    from yiwang.accounts.middleware import SECOND_FACTOR_AT

    client.force_login(user, backend="yiwang.accounts.backends.IdentifierBackend")
    if user.needs_second_factor:
        session = client.session
        session[SECOND_FACTOR_AT] = time.time()
        session.save()
    return client


@pytest.fixture
def login_as(client):
    return lambda user: login(client, user)


def item_spec(**overrides):
    """The spec of 个体工商户登记 (sole trader registration), a promised item of 市场监管局 with two steps."""
    spec = {
        "name": "个体工商户设立登记",
        "item_type": "01",
        "exercise_level": "4",
        "summary": "经营者申请开办个体工商户，领取营业执照。",
        "aliases": "个体户注册,办营业执照",
        "legal_basis": "《促进个体工商户发展条例》第八条",
        "statutory_limit": 15,
        "promised_limit": 3,
        "acceptance_conditions": "有经营能力的自然人；经营场所符合规定。",
        "result_name": "营业执照",
        "fee_required": False,
        "service_scope": "cross_county",
        "service_objects": ["1"],
        "handling_forms": ["1", "2", "3"],
        "online": True,
        "visits": 0,
        "online_depth": 4,
        "handling_type": "promised",
        "place": "渝中区政务服务中心一楼 A 区",
        "hours": "周一至周五 9:00-17:00",
        "enquiry_phone": "023-63800004",
        "complaint_phone": "12345",
        "themes": [],
        "co_departments": [],
        "materials": [
            {
                "name": "经营者身份证明",
                "source": "certificate",
                "source_ref": "身份证",
                "required": True,
                "format": "electronic",
                "originals": 1,
            },
            {
                "name": "经营场所使用证明",
                "source": "applicant",
                "required": True,
                "format": "electronic",
                "copies": 1,
            },
        ],
        "form_fields": [
            {"key": "operator_name", "label": "经营者姓名", "kind": "text", "prefill": "applicant.name"},
            {
                "key": "operator_id",
                "label": "经营者身份证号",
                "kind": "citizen_id",
                "prefill": "applicant.id_number",
            },
            {"key": "phone", "label": "联系电话", "kind": "phone", "prefill": "applicant.phone"},
            {"key": "trade_name", "label": "字号名称", "kind": "text", "required": False},
            {
                "key": "business_scope",
                "label": "经营范围",
                "kind": "choice",
                "choices": ["餐饮服务", "零售", "理发美容"],
            },
            {"key": "address", "label": "经营场所", "kind": "address"},
            {"key": "capital", "label": "资金数额（万元）", "kind": "number"},
            {"key": "opening_date", "label": "拟开业日期", "kind": "date", "required": False},
        ],
        "steps": [
            {"name": "审查", "role": "officer", "limit": 2},
            {"name": "决定", "role": "department_head", "limit": 1},
        ],
    }
    spec.update(overrides)
    return spec


@pytest.fixture
def sole_trader_item(district):
    """个体工商户设立登记 of 市场监管局, published (version 1)."""
    from yiwang.services.actions import do_create_item, do_publish_version

    version = do_create_item(
        implementation_code="11500103MB0000004X017001",
        department=department("04"),
        spec=item_spec(),
        actor=None,
    )
    return do_publish_version(version, actor=None).item


def upload(name="lease.pdf", content=b"%PDF-1.7\n% a lease\n%%EOF\n"):
    """An uploaded file as a view would receive it."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/pdf")


def sole_trader_answers():
    return {
        "trade_name": "李记小面",
        "business_scope": "餐饮服务",
        "address": "重庆市渝中区民族路 88 号",
        "capital": "5",
        "opening_date": "2026-12-01",
    }


@pytest.fixture
def submitted_case(li_wei, sole_trader_item):
    """Li Wei's application for 个体工商户设立登记, submitted online with its lease uploaded."""
    from yiwang.cases.actions import do_add_material, do_save_answers, do_start_case, do_submit_case

    case = do_start_case(sole_trader_item, applicant=li_wei.person, owner=li_wei, actor=li_wei)
    lease = sole_trader_item.current.materials.get(source="applicant")
    do_add_material(case, upload=upload(), material=lease, actor=li_wei)
    do_save_answers(case, answers=sole_trader_answers(), actor=li_wei)
    return do_submit_case(case, actor=li_wei)
