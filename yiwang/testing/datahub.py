"""The data hub's shared test world: the demo certificate types, the 人口基础信息 resource, Li Wei's
certificates and his row in it, and a demo item whose materials are fetched (数据跑路).

Used by the data hub's tests and by the ledger's (each fetch is an entry of the ledger).
"""

import datetime

import pytest

from yiwang.core.identifiers import make_citizen_id
from yiwang.testing.world import department

LI_WEI_ID = make_citizen_id("50010319880314231")
PENSION = (
    "城乡居民养老保险参保登记"  # 人力社保局: 居民身份证 + 居民户口簿 (certificates), 人口基础信息 (shared)
)
ANSWERS = {"grade": "500", "address": "重庆市渝中区民族路88号"}


def demo_item(suffix, name):
    """A service item of the demo catalogue, published as `yiwang demo` publishes it."""
    from yiwang.services.actions import do_create_item, do_publish_version
    from yiwang.services.demo import demo_spec, implementation_code, seed_themes
    from yiwang.services.demo_catalogue import CATALOGUE

    seed_themes()
    dept = department(suffix)
    entry = next(e for e in CATALOGUE[suffix] if e["name"] == name)
    draft = do_create_item(
        implementation_code=implementation_code(dept, entry),
        department=dept,
        spec=demo_spec(dept, entry),
        actor=None,
    )
    return do_publish_version(draft, actor=None).item


@pytest.fixture
def hub(district):
    """The demo certificate types and the 人口基础信息 resource."""
    from yiwang.datahub.demo_certificates import seed_types
    from yiwang.datahub.tests import cert_factories as factories

    seed_types()
    return factories.resource()


@pytest.fixture
def pension(hub):
    return demo_item("05", PENSION)


@pytest.fixture
def li_wei_held(li_wei, hub):
    """李伟's ID card and household register, and his row in 人口基础信息."""
    from yiwang.datahub.certificate_actions import do_issue_certificate
    from yiwang.datahub.models import Certificate, CertificateType
    from yiwang.datahub.tests import cert_factories as factories

    for name in ("居民身份证", "居民户口簿"):
        do_issue_certificate(
            CertificateType.objects.get(name=name),
            holder=li_wei.person,
            issued_on=datetime.date(2018, 5, 10),
            origin=Certificate.DEMO,
        )
    factories.record(
        hub,
        {"id_number": LI_WEI_ID, "name": "李伟", "address": "重庆市渝中区民族路88号", "ethnicity": "汉族"},
    )
    return li_wei
