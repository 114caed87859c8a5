"""数据跑路 on a real demo application: materials fetched from certificates and shared data, uses
recorded, an upload asked for when the hub holds nothing, prefill, and the officers' view."""

import pytest
from django.core.exceptions import ValidationError

from conftest import _staff, department, item_spec, login, upload
from yiwang.cases.actions import do_add_material, do_apply, do_save_answers, do_start_case, do_submit_case
from yiwang.cases.models import Case, CaseMaterial
from yiwang.core.events import EventCode
from yiwang.core.models import Event
from yiwang.datahub.certificate_actions import do_revoke_certificate
from yiwang.datahub.models import Certificate, DataUse, MaterialFetch
from yiwang.services.actions import do_create_item, do_publish_version
from yiwang.testing.datahub import ANSWERS, LI_WEI_ID, PENSION


def _fetched(case):
    return {row.material.name: row.status for row in case.materials.select_related("material")}


def test_a_demo_application_fetches_every_material(pension, li_wei_held, client):
    li_wei = li_wei_held
    case = do_start_case(pension, applicant=li_wei.person, owner=li_wei, actor=li_wei)
    assert _fetched(case) == {"本人居民身份证": "fetched", "居民户口簿": "fetched", "户籍信息": "fetched"}
    do_save_answers(case, answers=ANSWERS, actor=li_wei)
    do_submit_case(case, actor=li_wei)  # nothing to upload
    assert case.status == Case.SUBMITTED
    uses = DataUse.objects.filter(case=case)
    assert sorted(uses.values_list("kind", flat=True)) == ["certificate", "certificate", "fetch"]
    assert all(case.number in use.purpose and PENSION in use.purpose for use in uses)
    assert {use.subject_id for use in uses} == {li_wei.person.pk}
    fetch = uses.get(kind="fetch")
    assert fetch.resource.name == "人口基础信息" and fetch.detail == {"material": "户籍信息", "rows": 1}
    sources = MaterialFetch.objects.filter(case=case, outcome=MaterialFetch.FOUND)
    assert sources.count() == 3 and sources.filter(resource__provider=department("03")).count() == 1
    assert Event.objects.filter(code=EventCode.CASE_MATERIALS_FETCHED, object_id=str(case.pk)).count() == 1
    login(client, li_wei)
    page = client.get(f"/cases/{case.code}/").content.decode()
    id_card = Certificate.objects.get(type__name="居民身份证")
    assert page.count("已通过数据共享获取") == 3 and id_card.identifier in page and "人口基础信息" in page


def test_submitting_again_does_not_fetch_twice(pension, li_wei_held):
    li_wei = li_wei_held
    case = do_start_case(pension, applicant=li_wei.person, owner=li_wei, actor=li_wei)
    do_save_answers(case, answers=ANSWERS, actor=li_wei)
    do_submit_case(case, actor=li_wei)
    assert DataUse.objects.filter(case=case).count() == 3 and case.materials.count() == 3


def test_nothing_held_asks_for_uploads_and_submission_waits_for_them(pension, wang_fang, hub, client):
    case = do_start_case(pension, applicant=wang_fang.person, owner=wang_fang, actor=wang_fang)
    assert not case.materials.exists() and not DataUse.objects.exists()
    assert set(MaterialFetch.objects.values_list("outcome", flat=True)) == {MaterialFetch.NOT_FOUND}
    do_save_answers(case, answers=ANSWERS, actor=wang_fang)
    with pytest.raises(ValidationError) as refused:
        do_submit_case(case, actor=wang_fang)
    for name in ("本人居民身份证", "居民户口簿", "户籍信息"):
        assert name in refused.value.message_dict["materials"][0]
    login(client, wang_fang)
    page = client.get(f"/cases/{case.code}/materials/").content.decode()
    assert page.count("upload-instead") == 3
    for material in pension.current.materials.all():
        do_add_material(case, upload=upload(), material=material, actor=wang_fang)
    do_submit_case(case, actor=wang_fang)
    assert case.status == Case.SUBMITTED and set(_fetched(case).values()) == {CaseMaterial.UPLOADED}


def test_a_revoked_certificate_is_not_fetched(pension, li_wei_held, district):
    steward = _staff("police_steward", "周警", department("03"), "data_steward")
    do_revoke_certificate(Certificate.objects.get(type__name="居民身份证"), actor=steward, reason="遗失")
    case = do_start_case(pension, applicant=li_wei_held.person, owner=li_wei_held, actor=li_wei_held)
    assert _fetched(case) == {"居民户口簿": "fetched", "户籍信息": "fetched"}
    assert (
        MaterialFetch.objects.get(case=case, material__name="本人居民身份证").outcome
        == MaterialFetch.NOT_FOUND
    )


def test_apply_in_one_go_fetches_or_refuses_whole(pension, li_wei_held, wang_fang):
    case = do_apply(
        pension, applicant=li_wei_held.person, owner=li_wei_held, actor=li_wei_held, answers=ANSWERS
    )
    assert set(_fetched(case).values()) == {"fetched"} and DataUse.objects.filter(case=case).count() == 3
    with pytest.raises(ValidationError) as refused:
        do_apply(pension, applicant=wang_fang.person, owner=wang_fang, actor=wang_fang, answers=ANSWERS)
    assert "materials" in refused.value.message_dict
    assert Case.objects.count() == 1 and DataUse.objects.count() == 3 and MaterialFetch.objects.count() == 3


def test_the_form_is_prefilled_from_the_applicants_record(li_wei_held, hub, district):
    spec = item_spec(
        materials=[],
        form_fields=[
            {"key": "operator_name", "label": "经营者姓名", "kind": "text", "prefill": "applicant.name"},
            {"key": "ethnicity", "label": "民族", "kind": "text", "prefill": "人口基础信息.ethnicity"},
            {"key": "address", "label": "户籍地址", "kind": "address", "prefill": "人口基础信息.address"},
            {
                "key": "missing",
                "label": "无此项",
                "kind": "text",
                "required": False,
                "prefill": "人口基础信息.nothing",
            },
        ],
    )
    item = do_publish_version(
        do_create_item(
            implementation_code="11500103MB0000004X017002", department=department("04"), spec=spec, actor=None
        ),
        actor=None,
    ).item
    case = do_start_case(item, applicant=li_wei_held.person, owner=li_wei_held, actor=li_wei_held)
    assert case.data == {"operator_name": "李伟", "ethnicity": "汉族", "address": "重庆市渝中区民族路88号"}
    use = DataUse.objects.get(kind=DataUse.PREFILL)
    assert use.case == case and use.resource == hub and use.detail == {"fields": ["address", "ethnicity"]}


def test_officers_open_the_fetched_data_masked_and_recorded(pension, li_wei_held, client, other_officer):
    case = do_apply(
        pension, applicant=li_wei_held.person, owner=li_wei_held, actor=li_wei_held, answers=ANSWERS
    )
    login(client, other_officer)  # an officer of 人力社保局, the responsible department
    page = client.get(f"/staff/cases/{case.code}/").content.decode()
    population = case.material_fetches.get(resource__isnull=False)
    link = f"/staff/certificates/cases/{case.code}/materials/{population.material_id}/"
    assert link in page
    before = DataUse.objects.count()
    opened = client.get(link).content.decode()
    assert (
        "5001**********" in opened
        and LI_WEI_ID not in opened
        and "汉族" in opened
        and "民族路88号" not in opened
    )
    assert Event.objects.filter(code=EventCode.CASE_DATA_VIEWED, object_id=str(case.pk)).exists()
    assert DataUse.objects.count() == before + 1 and DataUse.objects.first().actor == other_officer
    id_card = case.material_fetches.get(certificate__type__name="居民身份证")
    shown = client.get(
        f"/staff/certificates/cases/{case.code}/materials/{id_card.material_id}/"
    ).content.decode()
    assert id_card.certificate.identifier in shown and LI_WEI_ID not in shown


def test_outsiders_cannot_open_fetched_data(pension, li_wei_held, client, officer, wang_fang):
    case = do_apply(
        pension, applicant=li_wei_held.person, owner=li_wei_held, actor=li_wei_held, answers=ANSWERS
    )
    material = case.material_fetches.first().material_id
    link = f"/staff/certificates/cases/{case.code}/materials/{material}/"
    assert client.get(link).status_code == 302
    for outsider in (li_wei_held, wang_fang, officer):  # the applicant too: this is the officers' view
        login(client, outsider)
        assert client.get(link).status_code == 404
    login(client, officer)
    for bad in ("nonsense", "0", "99999999999999999999"):
        assert client.get(f"/staff/certificates/cases/{case.code}/materials/{bad}/").status_code == 404
    assert not DataUse.objects.filter(actor__isnull=False).exclude(actor=li_wei_held).exists()
