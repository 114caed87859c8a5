"""Incremental counts equal the rebuild after any sequence of real actions (property test)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import department
from yiwang.cases import actions as cases
from yiwang.cases.models import Case
from yiwang.hotline import actions as hotline
from yiwang.hotline.models import Ticket
from yiwang.insight import counting
from yiwang.insight.models import Count
from yiwang.insight.tests.conftest import apply, make_ticket

OPERATIONS = (
    "apply",
    "apply_immediate",
    "accept",
    "accept_late",
    "step",
    "finish",
    "refuse",
    "withdraw",
    "supplement",
    "ticket",
    "consultation",
    "dispatch",
    "take_up",
    "answer",
    "visit",
    "return",
    "close_directly",
    "merge",
    "deliver",
)


def _pick(queryset, index):
    rows = list(queryset.order_by("pk"))
    return rows[index % len(rows)] if rows else None


def run(operation, index, who):
    """Carry out one action on some case or ticket; refusals are part of life."""
    cases_ = Case.objects.all()
    tickets = Ticket.objects.all()
    if operation == "apply":
        apply(who["promised"], who["li_wei"], channel=("web", "kiosk", "counter")[index % 3])
    elif operation == "apply_immediate":
        apply(who["immediate"], who["li_wei"], channel="mobile")
    elif operation in ("accept", "accept_late"):
        case = _pick(cases_.filter(status=Case.SUBMITTED), index)
        if case:
            at = timezone.now() - datetime.timedelta(days=20) if operation == "accept_late" else None
            cases.do_accept_case(case, actor=who["officer"], at=at)
    elif operation == "step":
        case = _pick(cases_.filter(status=Case.IN_REVIEW), index)
        if case:
            last = not case.version.steps.filter(sort_order__gt=case.step.sort_order).exists()
            decision = (Case.APPROVE if index % 2 else Case.DENY) if last else None
            cases.do_complete_step(case, actor=who["head"], opinion="同意", decision=decision)
    elif operation == "finish":
        case = _pick(cases_.filter(status__in=(Case.APPROVED, Case.DENIED)), index)
        if case:
            cases.do_finish_case(case, actor=who["officer"])
    elif operation == "deliver":
        case = _pick(cases_.filter(status=Case.FINISHED), index)
        if case:
            cases.do_deliver_case(case, actor=who["officer"], method="counter")
    elif operation == "refuse":
        case = _pick(cases_.filter(status=Case.SUBMITTED), index)
        if case:
            cases.do_refuse_case(case, actor=who["officer"], reason="材料不齐")
    elif operation == "withdraw":
        case = _pick(cases_.filter(status__in=(Case.SUBMITTED, Case.SUPPLEMENT)), index)
        if case:
            cases.do_withdraw_case(case, actor=who["li_wei"])
    elif operation == "supplement":
        case = _pick(cases_.filter(status__in=(Case.SUBMITTED, Case.IN_REVIEW)), index)
        if case:
            cases.do_request_supplement(case, actor=who["officer"], items=["租赁合同"])
            cases.do_supplement_case(case, actor=who["li_wei"])
    elif operation == "ticket":
        make_ticket(who["operator"], channel=("phone", "web", "sms")[index % 3])
    elif operation == "consultation":
        make_ticket(
            who["operator"],
            kind="consultation",
            title="咨询营业执照办理",
            text="请问个体户营业执照在哪里办理？",
        )
    elif operation == "dispatch":
        ticket = _pick(tickets.filter(status__in=(Ticket.RECEIVED, Ticket.RETURNED)), index)
        if ticket:
            category = who["categories"][index % len(who["categories"])]
            hotline.do_dispatch_ticket(
                ticket, category=category, department=department("04"), actor=who["dispatcher"]
            )
    elif operation == "take_up":
        ticket = _pick(tickets.filter(status=Ticket.DISPATCHED), index)
        if ticket:
            hotline.do_take_up_ticket(ticket, actor=who["officer"])
    elif operation == "answer":
        ticket = _pick(tickets.filter(status__in=(Ticket.DISPATCHED, Ticket.HANDLING)), index)
        if ticket:
            hotline.do_answer_ticket(ticket, answer="已处理。", actor=who["officer"])
    elif operation == "visit":
        ticket = _pick(tickets.filter(status=Ticket.ANSWERED), index)
        if ticket:
            satisfaction = (Ticket.SATISFIED, Ticket.BASICALLY_SATISFIED, Ticket.UNSATISFIED)[index % 3]
            hotline.do_record_return_visit(
                ticket, satisfaction=satisfaction, resolved=index % 2 == 0, actor=who["operator"]
            )
    elif operation == "return":
        ticket = _pick(tickets.filter(status__in=(Ticket.DISPATCHED, Ticket.HANDLING)), index)
        if ticket:
            hotline.do_return_ticket(ticket, reason="不属于本部门职责", actor=who["officer"])
    elif operation == "close_directly":
        ticket = _pick(tickets.filter(status=Ticket.RECEIVED, kind=Ticket.CONSULTATION), index)
        if ticket:
            hotline.do_close_directly(ticket, answer="请到政务服务中心办理。", actor=who["operator"])
    elif operation == "merge":
        ticket = _pick(tickets.filter(status=Ticket.RECEIVED, master__isnull=True), index)
        master = _pick(tickets.filter(status__in=Ticket.OPEN, master__isnull=True), index + 1)
        if ticket and master:
            hotline.do_merge_ticket(ticket, master=master, actor=who["dispatcher"])


@pytest.fixture
def world(calendar, li_wei, officer, head, operator, dispatcher, categories, promised_item, immediate_item):
    return {
        "li_wei": li_wei,
        "officer": officer,
        "head": head,
        "operator": operator,
        "dispatcher": dispatcher,
        "categories": list(categories.values()),
        "promised": promised_item,
        "immediate": immediate_item,
    }


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(st.tuples(st.sampled_from(OPERATIONS), st.integers(0, 7)), min_size=1, max_size=25))
def test_incremental_counts_equal_the_rebuild(world, steps):
    for operation, index in steps:
        try:
            run(operation, index, world)
        except (ValidationError, PermissionDenied):
            pass
    assert counting.check() == []
    before = counting.stored()
    counting.rebuild()
    assert counting.stored() == before


def test_a_lost_reader_is_found_by_the_check_and_mended_by_the_rebuild(world):
    case = apply(world["promised"], world["li_wei"])
    Count.objects.filter(metric="case.submitted").delete()  # as if the reader had missed it
    differences = counting.check()
    assert sorted((key[0], key[1]) for key, _have, _want in differences) == [
        ("case.submitted", Count.DAY),
        ("case.submitted", Count.MONTH),
    ]
    counting.rebuild()
    assert counting.check() == []
    assert Count.objects.get(metric="case.submitted", period=Count.DAY).dim == case.channel
