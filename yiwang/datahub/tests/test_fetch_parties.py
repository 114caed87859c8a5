"""数据跑路 for an enterprise's application (its licence, its agent's ID card) and at the counter,
where a material the hub does not hold is scanned in instead."""

from django.urls import reverse

from conftest import department, item_spec, login, upload
from yiwang.accounts.actions import do_register_enterprise
from yiwang.cases.actions import do_apply
from yiwang.cases.models import Case, CaseMaterial
from yiwang.core.identifiers import make_credit_code
from yiwang.datahub.certificate_actions import do_issue_certificate
from yiwang.datahub.models import Certificate, DataUse, MaterialFetch
from yiwang.datahub.tests.cert_factories import cert_type
from yiwang.services.actions import do_create_item, do_publish_version


def _enterprise_item(district):
    spec = item_spec(
        name="食品经营许可（测试）",
        service_objects=["2"],
        form_fields=[
            {"key": "enterprise_name", "label": "单位名称", "kind": "text", "prefill": "enterprise.name"}
        ],
        materials=[
            {"name": "营业执照", "source": "certificate", "source_ref": "营业执照", "format": "electronic"},
            {
                "name": "经办人居民身份证",
                "source": "certificate",
                "source_ref": "居民身份证",
                "format": "electronic",
            },
        ],
    )
    draft = do_create_item(
        implementation_code="11500103MB0000004X017004", department=department("04"), spec=spec, actor=None
    )
    return do_publish_version(draft, actor=None).item


def test_an_enterprise_fetches_its_licence_and_its_agents_id_card(li_wei, district):
    company = do_register_enterprise(
        user=li_wei,
        name="重庆渝中山城小面餐饮有限公司",
        credit_code=make_credit_code("91500103MA5U7Y3K2"),
        legal_representative="李伟",
    )
    do_issue_certificate(
        cert_type(code="21100", name="营业执照", issuer="04", holder_kind="enterprise", years=None),
        holder=company,
        origin=Certificate.IMPORT,
    )
    do_issue_certificate(cert_type(), holder=li_wei.person, origin=Certificate.IMPORT)
    case = do_apply(_enterprise_item(district), applicant=company, owner=li_wei, actor=li_wei, answers={})
    assert set(case.materials.values_list("status", flat=True)) == {CaseMaterial.FETCHED}
    subjects = {use.subject_id for use in DataUse.objects.filter(case=case)}
    assert subjects == {company.pk, li_wei.person.pk}


def test_the_counter_asks_for_a_scan_of_what_the_hub_does_not_hold(client, clerk, wang_fang, district):
    """王芳 walks in; the hub knows 居民身份证 and 营业执照 but holds neither for her."""
    cert_type()
    item_code = "11500103MB0000004X017005"
    spec = item_spec(
        materials=[
            {
                "name": "经营者身份证明",
                "source": "certificate",
                "source_ref": "居民身份证",
                "format": "electronic",
            }
        ]
    )
    item = do_publish_version(
        do_create_item(implementation_code=item_code, department=department("04"), spec=spec, actor=None),
        actor=None,
    ).item
    material = item.current.materials.get()
    login(client, clerk)
    client.post(
        reverse("staff_cases:counter_applicant", args=[item.code]),
        {"kind": "person", "id_number": wang_fang.person.id_number},
    )
    page = client.get(reverse("staff_cases:counter_apply", args=[item.code]))
    form = page.context["form"]
    assert f"material-{material.pk}" in form.fields
    data = {
        "idempotency_key": form["idempotency_key"].value(),
        "business_scope": "零售",
        "capital": "3",
        "address": "重庆市渝中区民族路 1 号",
    }
    refused = client.post(reverse("staff_cases:counter_apply", args=[item.code]), data)
    assert refused.status_code == 200 and not Case.objects.exists()
    done = client.post(
        reverse("staff_cases:counter_apply", args=[item.code]),
        {**data, f"material-{material.pk}": upload("id-scan.pdf")},
    )
    assert done.status_code == 302
    case = Case.objects.get()
    assert case.materials.get(material=material).status == CaseMaterial.UPLOADED
    assert MaterialFetch.objects.get(case=case).outcome == MaterialFetch.NOT_FOUND
