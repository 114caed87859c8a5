"""Insight personas and helpers: a leader, and items to apply for."""

import pytest

from conftest import _staff, department, item_spec
from yiwang.hotline.tests.conftest import categories, dispatcher, make_ticket, operator  # noqa: F401


@pytest.fixture
def leader(district):
    return _staff("leader", "钱明", department("01"), "leader")


def publish(code, **spec):
    """A published item of 市场监管局 that needs no upload (its only material is a certificate)."""
    from yiwang.services.actions import do_create_item, do_publish_version

    materials = [
        {
            "name": "经营者身份证明",
            "source": "certificate",
            "source_ref": "身份证",
            "required": True,
            "format": "electronic",
            "originals": 1,
        }
    ]
    version = do_create_item(
        implementation_code=code,
        department=department("04"),
        spec=item_spec(materials=materials, **spec),
        actor=None,
    )
    return do_publish_version(version, actor=None).item


@pytest.fixture
def promised_item(district):
    return publish("11500103MB0000004X017101")


@pytest.fixture
def immediate_item(district):
    return publish(
        "11500103MB0000004X017102",
        name="个体工商户名称自主申报",
        promised_limit=0,
        handling_type="immediate",
        statutory_limit=1,
        steps=[],
    )


def answers():
    return {
        "trade_name": "李记小面",
        "business_scope": "餐饮服务",
        "address": "重庆市渝中区民族路 88 号",
        "capital": "5",
        "opening_date": "2026-12-01",
    }


def apply(item, citizen, channel="web"):
    from yiwang.cases.actions import do_apply

    return do_apply(
        item, applicant=citizen.person, owner=citizen, actor=citizen, answers=answers(), channel=channel
    )
