"""The service catalogue the tests share: 个体工商户设立登记 (sole trader registration) of 市场监管局,
published through the real actions, and Li Wei's application for it.

The item is created in each test that asks for it, inside that test's transaction.
"""

import pytest

from yiwang.testing.world import department


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
