"""Benefit runs: who is granted, what the case and the message look like, and that no run —
repeated, chunked or racing another — grants anything twice."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from conftest import _staff, department, login
from yiwang.benefits.actions import do_execute_benefit_run, do_run_benefit_rule, do_save_benefit_rule
from yiwang.benefits.models import BenefitGrant, BenefitRun
from yiwang.benefits.tests.world import (
    allowance_rule,
    birth_subsidy_rule,
    finished_birth_case,
    resident,
    years_ago,
)
from yiwang.cases.models import Case
from yiwang.core.channels import Channel
from yiwang.core.events import EventCode
from yiwang.core.models import Clock, Event
from yiwang.notify.models import Notification


def test_a_run_grants_the_eligible_with_accepted_proactive_cases(allowance_item, li_wei):
    old = resident(years_ago(80), phone="13900000080")
    resident(years_ago(80, days=1))  # 80 tomorrow
    rule = allowance_rule(allowance_item)
    run = do_run_benefit_rule(rule)
    assert (run.status, run.checked, run.found, run.granted, run.already_granted, run.declined) == (
        BenefitRun.FINISHED,
        3,
        1,
        1,
        0,
        0,
    )
    grant = BenefitGrant.objects.get()
    case = grant.case
    assert grant.subject_id == old.pk and grant.amount == rule.amount
    assert (case.status, case.channel, case.item, case.step.name) == (
        Case.IN_REVIEW,
        Channel.PROACTIVE,
        allowance_item,
        "审核",
    )
    assert case.accepted_at is not None and case.clock.state == Clock.RUNNING and case.clock.limit == 10
    assert [s.action for s in case.steps.all()] == ["proactive", "accepted", ""]
    assert Event.objects.filter(code=EventCode.CASE_OPENED_PROACTIVELY, object_id=str(case.pk)).exists()
    assert Event.objects.filter(code=EventCode.BENEFIT_GRANTED, object_id=str(grant.pk)).exists()
    assert Event.objects.filter(code=EventCode.CLOCK_STARTED, object_id=str(case.clock_id)).exists()
    sms = Notification.objects.get()  # no account: told by SMS at the registered phone
    assert sms.medium == Notification.SMS and sms.address == "13900000080" and "高龄津贴" in sms.body


def test_running_twice_grants_nothing_twice(allowance_item, district):
    for _ in range(3):
        resident(years_ago(85))
    rule = allowance_rule(allowance_item)
    first = do_run_benefit_rule(rule, chunk=2)
    second = do_run_benefit_rule(rule, chunk=2)
    assert (first.found, first.granted, first.already_granted) == (3, 3, 0)
    assert (second.found, second.granted, second.already_granted) == (3, 0, 3)
    assert BenefitGrant.objects.count() == Case.objects.count() == 3


def test_the_database_refuses_a_second_grant_to_the_same_subject(allowance_item, district):
    resident(years_ago(85))
    rule = allowance_rule(allowance_item)
    run = do_run_benefit_rule(rule)
    grant = BenefitGrant.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        BenefitGrant.objects.create(rule=rule, subject_id=grant.subject_id, run=run)
    # the insert a racing run makes is skipped, not doubled
    BenefitGrant.objects.bulk_create(
        [BenefitGrant(rule=rule, subject_id=grant.subject_id, run=run)], ignore_conflicts=True
    )
    assert BenefitGrant.objects.count() == 1


def test_a_run_is_carried_out_once_even_if_delivered_twice(allowance_item, district, english_messages):
    resident(years_ago(85))
    rule = allowance_rule(allowance_item)
    run = BenefitRun.objects.create(rule=rule, trigger=BenefitRun.MANUAL)
    do_execute_benefit_run(run)
    with pytest.raises(ValidationError, match="already been carried out"):
        do_execute_benefit_run(run)
    assert BenefitGrant.objects.count() == 1


def test_newly_eligible_people_are_granted_by_the_next_run(allowance_item, district):
    rule = allowance_rule(allowance_item)
    resident(years_ago(90))
    do_run_benefit_rule(rule)
    resident(years_ago(80))
    run = do_run_benefit_rule(rule)
    assert (run.found, run.granted, run.already_granted) == (2, 1, 1)


def test_birth_subsidy_after_a_finished_birth_registration(li_wei, wang_fang, birth_item, subsidy_item):
    finished_birth_case(li_wei, birth_item)
    rule = birth_subsidy_rule(subsidy_item, birth_item)
    run = do_run_benefit_rule(rule)
    assert (run.found, run.granted) == (1, 1)
    case = BenefitGrant.objects.get().case
    # no review step: approved by the rule, waiting for the department to issue it
    assert (case.applicant_id, case.owner, case.status, case.result) == (
        li_wei.person.pk,
        li_wei,
        Case.APPROVED,
        Case.APPROVE,
    )
    message = Notification.objects.filter(recipient=li_wei, medium=Notification.IN_APP).first()
    assert "一次性生育补贴" in message.body and message.link == f"/me/benefits/{case.benefit_grant.code}/"


def test_a_rule_whose_item_is_withdrawn_fails_its_run_and_grants_nothing(
    allowance_item, district, english_messages
):
    from yiwang.services.actions import do_withdraw_item

    resident(years_ago(85))
    rule = allowance_rule(allowance_item)
    do_withdraw_item(allowance_item, actor=None)
    with pytest.raises(ValidationError):
        do_run_benefit_rule(rule)
    run = BenefitRun.objects.get()
    assert run.status == BenefitRun.FAILED and "not published" in run.error
    assert not BenefitGrant.objects.exists()


def test_saving_a_rule_refuses_bad_input_and_changes_nothing(allowance_item, english_messages):
    good = {
        "code": "x",
        "name": "高龄津贴",
        "audience": "person",
        "item": allowance_item,
        "grant_description": "津贴",
        "condition": [],
        "actor": None,
    }
    for changes, field in [
        ({"code": "Bad Code!"}, "code"),
        ({"code": "x\ny"}, "code"),
        ({"name": ""}, "name"),
        ({"audience": "alien"}, "audience"),
        ({"item": None}, "item"),
        ({"condition": "age>80"}, "condition"),
        ({"amount": "-1"}, "amount"),
        ({"amount": "lots"}, "amount"),
        ({"grant_description": " "}, "grant_description"),
        ({"audience": "enterprise"}, "item"),
    ]:
        with pytest.raises(ValidationError) as error:
            do_save_benefit_rule(**{**good, **changes})
        assert field in error.value.message_dict
    assert not Event.objects.filter(code=EventCode.BENEFIT_RULE_CHANGED).exists()
    do_save_benefit_rule(**good)
    with pytest.raises(ValidationError) as error:
        do_save_benefit_rule(**good)
    assert error.value.message_dict == {"code": ["This code is in use."]}


def test_the_department_handles_a_proactive_case_like_any_other(client, allowance_item, li_wei):
    from yiwang.accounts.models import Person
    from yiwang.cases.actions import do_complete_step, do_finish_case

    Person.objects.filter(pk=li_wei.person.pk).update(birth_date=years_ago(80))
    do_run_benefit_rule(allowance_rule(allowance_item))
    case = BenefitGrant.objects.get().case
    login(client, li_wei)
    assert client.get(f"/cases/{case.code}/").status_code == 200
    civil = _staff("civil", "民政", department("06"), "officer")
    login(client, civil)
    assert client.get(f"/staff/cases/{case.code}/").status_code == 200
    do_complete_step(case, actor=civil, opinion="核实无误", decision=Case.APPROVE)
    do_finish_case(case, actor=civil)
    case.refresh_from_db()
    assert case.status == Case.FINISHED and not case.can_decline()
