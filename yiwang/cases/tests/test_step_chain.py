"""The whole step chain of a promised item: submit → accept → 审查 → 决定 → finish → deliver."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from yiwang.cases.actions import (
    do_accept_case,
    do_complete_step,
    do_deliver_case,
    do_finish_case,
    do_start_case,
    do_submit_case,
)
from yiwang.cases.models import Case, CaseMaterial
from yiwang.core.events import EventCode
from yiwang.core.models import Clock, Event
from yiwang.notify.models import Notification


def at(day, hour=10):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def test_a_draft_starts_prefilled_from_the_applicants_record(li_wei, sole_trader_item):
    case = do_start_case(sole_trader_item, applicant=li_wei.person, owner=li_wei, actor=li_wei)

    assert case.status == Case.DRAFT
    assert case.data["operator_name"] == "李伟"
    assert case.data["operator_id"] == li_wei.person.id_number
    assert case.version == sole_trader_item.current


def test_submission_names_every_missing_answer_and_material_and_changes_nothing(li_wei, sole_trader_item):
    case = do_start_case(sole_trader_item, applicant=li_wei.person, owner=li_wei, actor=li_wei)

    with pytest.raises(ValidationError) as caught:
        do_submit_case(case, actor=li_wei)

    assert {"business_scope", "address", "capital", "materials"} <= set(caught.value.message_dict)
    case.refresh_from_db()
    assert case.status == Case.DRAFT and not case.steps.exists()


def test_submission_makes_placeholders_for_fetched_materials(submitted_case):
    rows = {row.material.name: row.status for row in submitted_case.materials.all()}

    assert rows == {"经营者身份证明": CaseMaterial.AWAITING, "经营场所使用证明": CaseMaterial.UPLOADED}
    assert submitted_case.status == Case.SUBMITTED
    assert Notification.objects.filter(recipient=submitted_case.owner, medium="in_app").count() == 1


def test_the_whole_chain_runs_on_the_promised_clock(calendar, submitted_case, officer, head, li_wei):
    accepted = at(datetime.date(2026, 11, 23))  # a Monday
    case = do_accept_case(submitted_case, actor=officer, at=accepted)

    assert case.status == Case.IN_REVIEW and case.step.name == "审查"
    assert case.clock.unit == Clock.WORKDAYS and case.clock.limit == 3
    assert case.clock.due_date == datetime.date(2026, 11, 26)

    do_complete_step(
        case, actor=officer, opinion="材料齐全，符合条件。", at=accepted + datetime.timedelta(hours=2)
    )
    assert case.step.name == "决定"
    do_complete_step(
        case,
        actor=head,
        opinion="准予登记。",
        decision=Case.APPROVE,
        at=accepted + datetime.timedelta(hours=3),
    )
    assert case.status == Case.APPROVED
    do_finish_case(case, actor=officer, at=accepted + datetime.timedelta(hours=4))
    assert case.status == Case.FINISHED and case.letter_number
    case.clock.refresh_from_db()
    assert case.clock.state == Clock.STOPPED and case.clock.met is True

    do_deliver_case(case, actor=li_wei, method="electronic")
    assert case.status == Case.DELIVERED
    assert [step.name for step in case.steps.order_by("id")] == [
        "申请",
        "受理",
        "审查",
        "决定",
        "办结",
        "送达",
    ]
    codes = list(
        Event.objects.filter(object_type="cases.case", object_id=str(case.pk)).values_list("code", flat=True)
    )
    assert {
        EventCode.CASE_SUBMITTED,
        EventCode.CASE_ACCEPTED,
        EventCode.CASE_STEP_COMPLETED,
        EventCode.CASE_APPROVED,
        EventCode.CASE_FINISHED,
        EventCode.CASE_DELIVERED,
    } <= set(codes)


def test_the_promised_limit_skips_the_national_day_holiday(calendar, submitted_case, officer):
    case = do_accept_case(submitted_case, actor=officer, at=at(datetime.date(2026, 9, 29)))

    # 9-30 is the 1st working day; 10-1…10-7 are holidays; 10-8 and 10-9 are the 2nd and 3rd.
    assert case.clock.due_date == datetime.date(2026, 10, 9)


def test_finishing_late_is_recorded_as_not_met(calendar, submitted_case, officer, head):
    accepted = at(datetime.date(2026, 11, 2))
    case = do_accept_case(submitted_case, actor=officer, at=accepted)
    do_complete_step(case, actor=officer, opinion="同意。", at=accepted)
    do_complete_step(case, actor=head, opinion="准予。", decision=Case.APPROVE, at=accepted)

    do_finish_case(case, actor=officer, at=at(datetime.date(2026, 11, 20)))

    case.clock.refresh_from_db()
    assert case.clock.met is False


def test_the_last_step_must_decide_and_a_denial_keeps_its_reason(calendar, submitted_case, officer, head):
    case = do_accept_case(submitted_case, actor=officer)
    with pytest.raises(ValidationError):
        do_complete_step(case, actor=officer, opinion="同意。", decision=Case.APPROVE)  # not the last step
    do_complete_step(case, actor=officer, opinion="经营场所为住宅，不符合条件。")
    with pytest.raises(ValidationError):
        do_complete_step(case, actor=head, opinion="不予登记。")  # no decision

    do_complete_step(case, actor=head, opinion="经营场所为住宅，不予登记。", decision=Case.DENY)

    assert case.status == Case.DENIED and case.result_reason == "经营场所为住宅，不予登记。"


def test_an_officer_cannot_take_the_heads_decision(calendar, submitted_case, officer):
    case = do_accept_case(submitted_case, actor=officer)
    do_complete_step(case, actor=officer, opinion="同意。")

    with pytest.raises(PermissionDenied):
        do_complete_step(case, actor=officer, opinion="准予。", decision=Case.APPROVE)

    case.refresh_from_db()
    assert case.status == Case.IN_REVIEW and case.step.name == "决定"


def test_an_officer_of_another_department_cannot_accept(calendar, submitted_case, other_officer):
    with pytest.raises(PermissionDenied):
        do_accept_case(submitted_case, actor=other_officer)

    submitted_case.refresh_from_db()
    assert submitted_case.status == Case.SUBMITTED and submitted_case.clock is None


def test_accepting_twice_is_refused(calendar, submitted_case, officer):
    do_accept_case(submitted_case, actor=officer)

    with pytest.raises(ValidationError):
        do_accept_case(submitted_case, actor=officer)

    assert Clock.objects.count() == 1
