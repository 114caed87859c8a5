"""Declining a benefit granted without applying: the case is withdrawn with the reason, the grant
stays declined and no later run grants it again; nobody else can see or decline it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import _staff, department, login
from yiwang.benefits.actions import do_decline_benefit, do_run_benefit_rule
from yiwang.benefits.models import BenefitGrant
from yiwang.benefits.tests.world import birth_subsidy_rule, finished_birth_case
from yiwang.cases.models import Case
from yiwang.core.events import EventCode
from yiwang.core.models import Clock, Event


@pytest.fixture
def grant(li_wei, birth_item, subsidy_item, calendar):
    finished_birth_case(li_wei, birth_item)
    do_run_benefit_rule(birth_subsidy_rule(subsidy_item, birth_item))
    return BenefitGrant.objects.get()


def test_declining_withdraws_the_case_with_the_reason_and_no_run_grants_it_again(grant, li_wei):
    do_decline_benefit(grant, actor=li_wei, reason="已从单位领取")
    grant.refresh_from_db()
    case = grant.case
    assert grant.status == BenefitGrant.DECLINED and grant.decline_reason == "已从单位领取"
    assert case.status == Case.WITHDRAWN and case.result_reason == "已从单位领取" and case.finished_at
    assert case.clock.state == Clock.STOPPED
    assert case.steps.last().action == "declined"
    assert Event.objects.filter(code=EventCode.BENEFIT_DECLINED, object_id=str(grant.pk)).exists()
    assert Event.objects.filter(
        code=EventCode.CASE_WITHDRAWN, object_id=str(case.pk), payload__declined=True
    ).exists()
    run = do_run_benefit_rule(grant.rule)
    assert (run.found, run.granted, run.declined) == (1, 0, 1)
    assert BenefitGrant.objects.count() == 1


def test_a_reason_is_not_required(grant, li_wei):
    do_decline_benefit(grant, actor=li_wei)
    grant.refresh_from_db()
    assert grant.decline_reason == "申请人谢绝。"


def test_another_citizen_cannot_decline(grant, wang_fang):
    with pytest.raises(PermissionDenied):
        do_decline_benefit(grant, actor=wang_fang)
    grant.refresh_from_db()
    assert grant.status == BenefitGrant.GRANTED and grant.case.status == Case.APPROVED


def test_declining_twice_or_after_the_result_is_refused(grant, li_wei, english_messages):
    from yiwang.cases.actions import do_finish_case

    do_finish_case(grant.case, actor=_staff("medical", "医保", department("15"), "officer"))
    with pytest.raises(ValidationError, match="the result has been issued"):
        do_decline_benefit(grant, actor=li_wei)
    assert BenefitGrant.objects.get().status == BenefitGrant.GRANTED


def test_the_decline_page_declines(client, grant, li_wei):
    login(client, li_wei)
    page = client.get(f"/me/benefits/{grant.code}/")
    assert page.status_code == 200 and "一次性生育补贴" in page.content.decode()
    response = client.post(f"/me/benefits/{grant.code}/", {"reason": "不需要"})
    assert response.status_code == 302 and response.url == "/me/benefits/"
    grant.refresh_from_db()
    assert grant.status == BenefitGrant.DECLINED
    listing = client.get("/me/benefits/").content.decode()
    assert grant.case.number in listing


def test_a_too_long_reason_is_shown_on_the_form_and_changes_nothing(client, grant, li_wei, english):
    login(client, li_wei)
    page = client.post(f"/me/benefits/{grant.code}/", {"reason": "x" * 501})
    assert page.status_code == 200 and "at most 500 characters" in page.content.decode()
    assert BenefitGrant.objects.get().status == BenefitGrant.GRANTED


@pytest.mark.parametrize("code", ["not-a-uuid", "00000000-0000-0000-0000-000000000000", "%00"])
def test_unknown_benefits_are_not_found(client, li_wei, grant, code):
    login(client, li_wei)
    assert client.get(f"/me/benefits/{code}/").status_code == 404


def test_outsiders_see_nothing(client, grant, wang_fang, officer):
    for path in ("/me/benefits/", f"/me/benefits/{grant.code}/"):
        response = client.get(path)
        assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    assert client.post(f"/me/benefits/{grant.code}/").status_code == 302
    for user in (wang_fang, officer):
        login(client, user)
        assert client.get(f"/me/benefits/{grant.code}/").status_code == 404
        assert client.post(f"/me/benefits/{grant.code}/", {"reason": "x"}).status_code == 404
        assert grant.case.number not in client.get("/me/benefits/").content.decode()
    assert BenefitGrant.objects.get().status == BenefitGrant.GRANTED
