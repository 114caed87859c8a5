"""即办件 finish at acceptance; 不予受理 needs a reason; withdrawal is the applicant's alone."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import department, item_spec
from yiwang.cases.actions import do_accept_case, do_apply, do_refuse_case, do_withdraw_case
from yiwang.cases.models import Case
from yiwang.core.models import Clock
from yiwang.services.actions import do_create_item, do_publish_version


@pytest.fixture
def certificate_item(district):
    """An item decided on the spot: 个体工商户营业执照补领 with no review steps."""
    spec = item_spec(
        name="个体工商户营业执照补领",
        handling_type="immediate",
        promised_limit=0,
        statutory_limit=None,
        steps=[],
        materials=[],
        form_fields=[{"key": "reason", "label": "补领原因", "kind": "text"}],
    )
    version = do_create_item(
        implementation_code="IMMEDIATE1", department=department("04"), spec=spec, actor=None
    )
    return do_publish_version(version, actor=None).item


def test_an_immediate_item_is_finished_at_acceptance(calendar, li_wei, certificate_item, clerk, officer):
    case = do_apply(
        certificate_item, applicant=li_wei.person, owner=li_wei, actor=li_wei, answers={"reason": "遗失"}
    )

    do_accept_case(case, actor=officer)

    assert case.status == Case.FINISHED and case.result == Case.APPROVE
    assert case.accepted_at == case.finished_at and case.letter_number
    assert not Clock.objects.exists()


def test_refusal_needs_a_reason_and_is_final(submitted_case, officer):
    with pytest.raises(ValidationError):
        do_refuse_case(submitted_case, actor=officer, reason="  ")
    submitted_case.refresh_from_db()
    assert submitted_case.status == Case.SUBMITTED

    do_refuse_case(submitted_case, actor=officer, reason="经营范围属于前置许可事项，请先办理食品经营许可。")

    assert submitted_case.status == Case.NOT_ACCEPTED and submitted_case.is_closed
    with pytest.raises(ValidationError):
        do_accept_case(submitted_case, actor=officer)


def test_only_the_applicant_withdraws_and_only_before_a_decision(
    calendar, submitted_case, li_wei, wang_fang, officer, head
):
    with pytest.raises(PermissionDenied):
        do_withdraw_case(submitted_case, actor=wang_fang)

    do_withdraw_case(submitted_case, actor=li_wei, reason="暂不开业")

    assert submitted_case.status == Case.WITHDRAWN


def test_a_person_cannot_apply_for_an_enterprise_only_item(li_wei, district):
    version = do_create_item(
        implementation_code="ENTONLY1",
        department=department("04"),
        spec=item_spec(service_objects=["2"]),
        actor=None,
    )
    item = do_publish_version(version, actor=None).item

    with pytest.raises(ValidationError) as caught:
        do_apply(item, applicant=li_wei.person, owner=li_wei, actor=li_wei, answers={})

    assert "applicant" in caught.value.message_dict
    assert not Case.objects.exists()
