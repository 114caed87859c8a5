"""The 差评 loop: return visit → verified → fixed on the spot / within a deadline (a core Clock) /
explained; the department's appeal and the supervisor's decision; the person is told the outcome."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from yiwang.core.events import EventCode
from yiwang.core.models import Clock, Event
from yiwang.core.workdays import add_workdays
from yiwang.feedback import actions
from yiwang.feedback.models import Rectification
from yiwang.notify.models import Notification

LOOP_CODES = {
    EventCode.RECTIFICATION_VISITED,
    EventCode.RECTIFICATION_VERIFIED,
    EventCode.RECTIFICATION_FIXED_ON_SPOT,
    EventCode.RECTIFICATION_DEADLINE_SET,
    EventCode.RECTIFICATION_FIXED,
    EventCode.RECTIFICATION_EXPLAINED,
    EventCode.RECTIFICATION_APPEALED,
    EventCode.APPEAL_UPHELD,
    EventCode.APPEAL_REJECTED,
}


def visited_and_verified(loop, officer, true=True):
    actions.do_record_visit(loop, note="电话回访，申请人反映等待时间长。", actor=officer)
    return actions.do_verify(
        loop, true=true, note="查看记录属实。" if true else "经核实，办理均在时限内。", actor=officer
    )


def told(bad_review):
    return Notification.objects.filter(recipient=bad_review.case.owner, object_type="feedback.evaluation")


def test_visit_verify_and_fix_on_the_spot(loop, officer, bad_review):
    visited_and_verified(loop, officer)
    assert loop.status == Rectification.RESOLVE and loop.verified is True
    actions.do_fix_on_spot(loop, note="已调整窗口引导，增派人员。", actor=officer)
    loop.refresh_from_db()
    assert (loop.status, loop.outcome, loop.is_fixed) == (
        Rectification.DONE,
        Rectification.FIXED_ON_SPOT,
        True,
    )
    assert told(bad_review).filter(body__contains="已调整窗口引导").exists()
    events = Event.objects.filter(code__in=LOOP_CODES).order_by("id")
    assert [e.code for e in events] == [
        EventCode.RECTIFICATION_VISITED,
        EventCode.RECTIFICATION_VERIFIED,
        EventCode.RECTIFICATION_FIXED_ON_SPOT,
    ]
    for event in events:
        assert event.payload["department"] == bad_review.department_id
        assert event.payload["item"] == bad_review.item_code
        assert (event.payload["level"], event.payload["channel_code"], event.payload["stage"]) == (
            1,
            "1",
            "result",
        )


def test_fix_within_the_deadline_runs_on_a_clock(loop, officer):
    visited_and_verified(loop, officer)
    actions.do_set_fix_deadline(loop, note="优化排队系统。", actor=officer)
    clock = loop.clock
    assert loop.status == Rectification.FIXING
    assert (clock.kind, clock.unit, clock.limit, clock.department) == (
        "feedback.fix",
        Clock.WORKDAYS,
        5,
        loop.department,
    )
    assert clock.due_date == add_workdays(timezone.localdate(), 5)
    actions.do_complete_fix(loop, note="排队系统已升级。", actor=officer)
    clock.refresh_from_db()
    assert clock.state == Clock.STOPPED and clock.met is True
    assert loop.status == Rectification.DONE and loop.outcome == Rectification.FIXED


def test_the_fix_deadline_is_a_setting(loop, officer, settings):
    settings.YIWANG_FEEDBACK_FIX_DAYS = 15
    visited_and_verified(loop, officer)
    actions.do_set_fix_deadline(loop, note="", actor=officer)
    assert loop.clock.limit == 15 and loop.clock.due_date == add_workdays(timezone.localdate(), 15)


def test_a_late_fix_is_recorded_as_missing_its_deadline(loop, officer):
    visited_and_verified(loop, officer)
    actions.do_set_fix_deadline(loop, note="", actor=officer)
    Clock.objects.filter(pk=loop.clock_id).update(due_at=timezone.now() - datetime.timedelta(days=1))
    assert loop.clock.__class__.objects.get(pk=loop.clock_id).signal() == Clock.RED
    actions.do_complete_fix(loop, note="已整改。", actor=officer)
    loop.clock.refresh_from_db()
    assert loop.clock.met is False


def test_a_complaint_found_untrue_is_explained_not_fixed(loop, officer, english_messages):
    visited_and_verified(loop, officer, true=False)
    for fix in (actions.do_fix_on_spot, actions.do_set_fix_deadline):
        with pytest.raises(ValidationError, match="verified as true"):
            fix(loop, note="x", actor=officer)
    actions.do_explain(loop, note="办理在承诺时限内完成，已向申请人说明。", actor=officer)
    assert loop.status == Rectification.DONE and not loop.is_fixed


def test_steps_out_of_order_are_refused(loop, officer, english_messages):
    with pytest.raises(ValidationError):
        actions.do_verify(loop, true=True, note="x", actor=officer)
    with pytest.raises(ValidationError):
        actions.do_explain(loop, note="x", actor=officer)
    actions.do_record_visit(loop, note="已回访。", actor=officer)
    with pytest.raises(ValidationError, match="recorded already"):
        actions.do_record_visit(loop, note="again", actor=officer)
    with pytest.raises(ValidationError):
        actions.do_complete_fix(loop, note="x", actor=officer)


@pytest.mark.parametrize("note", ["", "   ", None, "x" * 2001, 7])
def test_a_step_needs_a_sensible_note(loop, officer, note):
    with pytest.raises(ValidationError):
        actions.do_record_visit(loop, note=note, actor=officer)
    loop.refresh_from_db()
    assert loop.status == Rectification.VISIT


def test_only_the_evaluated_department_runs_the_loop(loop, other_officer, supervisor, li_wei):
    for outsider in (other_officer, supervisor, li_wei, None):
        with pytest.raises(PermissionDenied):
            actions.do_record_visit(loop, note="已回访。", actor=outsider)
        with pytest.raises(PermissionDenied):
            actions.do_appeal(loop, kind="malicious", reason="x", actor=outsider)
    assert not Event.objects.filter(code__in=LOOP_CODES).exists()


def test_an_upheld_appeal_excludes_the_review_and_tells_the_person(loop, head, supervisor, bad_review):
    actions.do_appeal(
        loop, kind=Rectification.MALICIOUS, reason="申请人当日未到窗口，评价与事实不符。", actor=head
    )
    assert loop.status == Rectification.APPEALED
    actions.do_decide_appeal(loop, uphold=True, note="经调取监控核实，评价与事实不符。", actor=supervisor)
    bad_review.refresh_from_db()
    assert loop.status == Rectification.EXCLUDED and bad_review.excluded
    assert told(bad_review).filter(body__contains="经调取监控核实").exists()
    assert Event.objects.filter(code=EventCode.APPEAL_UPHELD, payload__stage="result").exists()


def test_a_rejected_appeal_continues_the_loop_and_its_paused_deadline(
    loop, officer, head, supervisor, english_messages
):
    visited_and_verified(loop, officer)
    actions.do_set_fix_deadline(loop, note="", actor=officer)
    actions.do_appeal(loop, kind=Rectification.MISTAKEN, reason="申请人评错了事项。", actor=head)
    assert loop.clock.state == Clock.PAUSED
    actions.do_decide_appeal(loop, uphold=False, note="证据不足。", actor=supervisor)
    loop.clock.refresh_from_db()
    assert loop.status == Rectification.FIXING and loop.clock.state == Clock.RUNNING
    assert not loop.evaluation.excluded
    with pytest.raises(ValidationError, match="no longer be appealed"):
        actions.do_appeal(loop, kind=Rectification.MISTAKEN, reason="再次申诉。", actor=head)


def test_only_a_supervisor_decides_an_appeal(loop, head, officer, other_officer, english_messages):
    actions.do_appeal(loop, kind=Rectification.MISTAKEN, reason="评错。", actor=head)
    for someone in (head, officer, other_officer):
        with pytest.raises(PermissionDenied):
            actions.do_decide_appeal(loop, uphold=True, note="x", actor=someone)
    assert Rectification.objects.get(pk=loop.pk).status == Rectification.APPEALED


def test_bad_appeal_input_is_refused(loop, head, supervisor):
    for kind, reason in (("other", "x"), ("mistaken", ""), (None, "x")):
        with pytest.raises(ValidationError):
            actions.do_appeal(loop, kind=kind, reason=reason, actor=head)
    with pytest.raises(ValidationError):  # nothing to decide
        actions.do_decide_appeal(loop, uphold=True, note="x", actor=supervisor)
    actions.do_appeal(loop, kind="mistaken", reason="x", actor=head)
    with pytest.raises(ValidationError):
        actions.do_decide_appeal(loop, uphold="yes", note="x", actor=supervisor)


def test_a_walk_in_applicant_is_told_by_sms(finished_case, officer, li_wei):
    """The counter's applicant without an account rated through the SMS link: the outcome goes by SMS."""
    from yiwang.cases.models import Case
    from yiwang.feedback.actions import do_rate
    from yiwang.feedback.stages import CASE, Target

    Case.objects.filter(pk=finished_case.pk).update(owner=None)
    finished_case.refresh_from_db()
    evaluation = do_rate(Target(CASE, finished_case, "accept"), level=2, channel_code="6", by_link=True)
    loop = evaluation.rectification
    actions.do_record_visit(loop, note="已回访。", actor=officer)
    actions.do_verify(loop, true=True, note="属实。", actor=officer)
    actions.do_fix_on_spot(loop, note="已当面致歉并改进。", actor=officer)
    sms = Notification.objects.get(object_type="feedback.evaluation", medium=Notification.SMS)
    assert sms.recipient is None and sms.address == li_wei.person.phone and "已当面致歉并改进" in sms.body
