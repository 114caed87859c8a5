"""The closed loop after dispatch: take up, 退单, answer, return visit, 重办, close; 延期 and 督办."""

import pytest
from django.core.exceptions import ValidationError

from yiwang.core.events import EventCode
from yiwang.core.models import Clock, Event
from yiwang.hotline import actions
from yiwang.hotline.models import Ticket
from yiwang.notify.models import Notification


def test_department_returns_a_wrong_ticket_to_the_dispatcher(dispatched, officer):
    actions.do_return_ticket(dispatched, reason="不属于本部门职责", actor=officer)

    dispatched.refresh_from_db()
    assert dispatched.status == Ticket.RETURNED and dispatched.department is None
    assert dispatched.dispatch_clock.state == Clock.RUNNING
    assert Clock.objects.filter(kind="ticket.handling", state=Clock.STOPPED).count() == 1
    assert dispatched.can_dispatch()


def test_return_needs_a_reason(dispatched, officer):
    with pytest.raises(ValidationError):
        actions.do_return_ticket(dispatched, reason=" ", actor=officer)
    dispatched.refresh_from_db()
    assert dispatched.status == Ticket.DISPATCHED


def test_answer_stops_the_limit_and_sends_the_visit_link(answered):
    assert answered.status == Ticket.ANSWERED
    assert answered.handling_clock.state == Clock.STOPPED and answered.handling_clock.met
    sms = Notification.objects.filter(medium=Notification.SMS, object_id=str(answered.pk)).latest("id")
    assert f"/hotline/visit/{answered.visit_token}/" in sms.body


def test_satisfied_visit_closes(answered, operator):
    actions.do_record_return_visit(answered, satisfaction=Ticket.SATISFIED, resolved=True, actor=operator)

    assert answered.status == Ticket.CLOSED and answered.closed_at is not None
    assert Event.objects.filter(code=EventCode.TICKET_CLOSED).exists()


def test_unsatisfied_and_unsolved_reopens_once_then_closes(answered, operator, officer):
    actions.do_record_return_visit(answered, satisfaction=Ticket.UNSATISFIED, resolved=False, actor=operator)
    assert answered.status == Ticket.HANDLING and answered.reopen_count == 1
    assert answered.handling_clock.state == Clock.RUNNING

    actions.do_answer_ticket(answered, answer="再次核查，已全部退款。", actor=officer)
    actions.do_record_return_visit(answered, satisfaction=Ticket.UNSATISFIED, resolved=False, actor=operator)
    assert answered.status == Ticket.CLOSED and answered.reopen_count == 1


def test_visit_only_after_an_answer(dispatched, operator):
    with pytest.raises(ValidationError):
        actions.do_record_return_visit(
            dispatched, satisfaction=Ticket.SATISFIED, resolved=True, actor=operator
        )


def test_extension_requested_and_approved_moves_the_due_date(dispatched, officer, supervisor):
    due = dispatched.handling_clock.due_at
    actions.do_request_extension(dispatched, days=5, reason="需要第三方检测", actor=officer)
    actions.do_decide_extension(dispatched, approve=True, actor=supervisor)

    dispatched.handling_clock.refresh_from_db()
    assert dispatched.extension_state == Ticket.EXTENSION_APPROVED
    assert dispatched.handling_clock.limit == 20 and dispatched.handling_clock.due_at > due


def test_refused_extension_leaves_the_limit(dispatched, officer, supervisor):
    due = dispatched.handling_clock.due_at
    actions.do_request_extension(dispatched, days=5, reason="需要第三方检测", actor=officer)
    actions.do_decide_extension(dispatched, approve=False, actor=supervisor)

    dispatched.handling_clock.refresh_from_db()
    assert dispatched.handling_clock.due_at == due
    with pytest.raises(ValidationError):
        actions.do_decide_extension(dispatched, approve=True, actor=supervisor)


@pytest.mark.parametrize("days", [0, 31, "5", True])
def test_extension_days_are_checked(dispatched, officer, days):
    with pytest.raises(ValidationError):
        actions.do_request_extension(dispatched, days=days, reason="x", actor=officer)


def test_urging_counts_and_tells_the_department(officer, dispatched, supervisor):
    actions.do_urge_ticket(dispatched, note="请加快办理", actor=supervisor)

    assert dispatched.urge_count == 1
    assert Notification.objects.filter(recipient=officer, subject__contains="12345").count() == 2


def test_consultation_is_closed_directly(calendar, categories, operator):
    from yiwang.hotline.tests.conftest import make_ticket

    ticket = make_ticket(
        operator, kind="consultation", title="公积金怎么提取", text="请问公积金提取需要什么材料？"
    )
    actions.do_close_directly(ticket, answer="携带身份证和购房合同到公积金中心办理。", actor=operator)

    assert ticket.status == Ticket.CLOSED and ticket.dispatch_clock.state == Clock.STOPPED
    complaint = make_ticket(operator)
    with pytest.raises(ValidationError):
        actions.do_close_directly(complaint, answer="x", actor=operator)


def test_overdue_tickets_are_escalated_once(supervisor, ticket):
    import datetime

    later = ticket.dispatch_clock.due_at + datetime.timedelta(minutes=1)

    assert actions.do_escalate_overdue(later) == [ticket]
    assert actions.do_escalate_overdue(later) == []
    assert Notification.objects.filter(recipient=supervisor).count() == 1


def test_handling_limit_counts_working_days(calendar, categories, operator, dispatcher):
    """A consultation dispatched on Friday 2026-11-27 is due at the end of Wednesday 2026-12-02."""
    import datetime

    from django.utils import timezone

    from yiwang.hotline.tests.conftest import make_ticket

    ticket = make_ticket(operator, kind="consultation")
    friday = datetime.datetime(2026, 11, 27, 10, 0, tzinfo=timezone.get_current_timezone())
    from yiwang.core.actions import do_start_clock

    clock = do_start_clock(
        ticket,
        kind="ticket.test",
        unit=Clock.WORKDAYS,
        limit=actions.limits.handling_days("consultation"),
        start=friday,
    )
    assert clock.due_date == datetime.date(2026, 12, 2)
