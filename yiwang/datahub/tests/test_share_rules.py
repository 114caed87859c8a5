"""Share types (无条件 / 有条件 / 不予共享), the 10-working-day answer limit and its escalation,
approval of a subset of the items asked, refusal with reasons, revocation."""

import datetime

import pytest
from django.utils import timezone

from conftest import department
from yiwang.core.events import EventCode
from yiwang.core.models import Clock, Event
from yiwang.core.schedule import run_due
from yiwang.core.workdays import add_workdays
from yiwang.datahub import sharing
from yiwang.datahub.models import Grant, Resource, ShareRequest
from yiwang.datahub.tests import share_factories as f
from yiwang.datahub.tests.share_world import *  # noqa: F401,F403
from yiwang.notify.models import Notification


def _ask(consumer, resource, actor, **kwargs):
    args = {"purpose": "核验", "legal_basis": "", "fields": ["id_number", "name", "sex"], "duration_days": 30}
    args.update(kwargs)
    return sharing.do_request_share(consumer, resource, actor=actor, **args)


def test_unconditional_resource_is_granted_at_once(consumer, provider, market_steward):
    resource = f.population(provider, sharing_type=Resource.SHARE_UNCONDITIONAL)
    share = _ask(consumer, resource, market_steward)
    assert share.status == ShareRequest.APPROVED and share.clock is None
    grant = share.grant
    assert (
        grant.basis == Grant.UNCONDITIONAL
        and grant.fields == ["id_number", "name", "sex"]
        and grant.is_active()
    )
    assert Event.objects.filter(code=EventCode.SHARE_GRANTED).exists()


def test_provider_steward_may_grant_an_unconditional_resource_too(consumer, provider, police_steward):
    resource = f.population(provider, sharing_type=Resource.SHARE_UNCONDITIONAL)
    assert _ask(consumer, resource, police_steward).grant.granted_by == police_steward


def test_conditional_request_waits_on_a_10_working_day_clock(
    consumer, population, market_steward, police_steward
):
    share = _ask(consumer, population, market_steward)
    assert share.status == ShareRequest.PENDING and not Grant.objects.exists()
    clock = share.clock
    assert (clock.kind, clock.unit, clock.limit, clock.department) == (
        ShareRequest.CLOCK_KIND,
        Clock.WORKDAYS,
        10,
        population.provider,
    )
    assert clock.due_date == add_workdays(timezone.localdate(clock.started_at), 10)
    assert Notification.objects.filter(recipient=police_steward, object_id=str(share.pk)).exists()


def test_approval_grants_exactly_the_approved_subset_for_the_approved_time(
    consumer, population, market_steward, police_steward
):
    share = _ask(consumer, population, market_steward)
    grant = sharing.do_approve_share_request(
        share, fields=["sex", "id_number"], duration_days=7, actor=police_steward
    )
    assert grant.fields == ["id_number", "sex"] and grant.basis == Grant.APPROVED
    assert abs((grant.valid_until - grant.valid_from) - datetime.timedelta(days=7)) < datetime.timedelta(
        seconds=1
    )
    share.refresh_from_db()
    share.clock.refresh_from_db()
    assert share.status == ShareRequest.APPROVED and share.clock.state == Clock.STOPPED and share.clock.met
    assert not grant.is_active(grant.valid_until + datetime.timedelta(seconds=1))


def test_approval_cannot_widen_the_request(
    consumer, population, market_steward, police_steward, english_messages
):
    share = _ask(consumer, population, market_steward, fields=["id_number"])
    with pytest.raises(sharing.ShareError, match="not asked: sex"):
        sharing.do_approve_share_request(
            share, fields=["id_number", "sex"], duration_days=7, actor=police_steward
        )
    with pytest.raises(sharing.ShareError, match="from 1 to 30"):
        sharing.do_approve_share_request(share, fields=["id_number"], duration_days=31, actor=police_steward)
    share.refresh_from_db()
    assert share.status == ShareRequest.PENDING and not Grant.objects.exists()


def test_only_the_providers_steward_answers(consumer, population, market_steward, police_steward, steward):
    share = _ask(consumer, population, market_steward)
    for outsider in (market_steward, steward):
        with pytest.raises(sharing.ShareError):
            sharing.do_approve_share_request(share, fields=["id_number"], duration_days=5, actor=outsider)
        with pytest.raises(sharing.ShareError):
            sharing.do_refuse_share_request(share, reason="不行", actor=outsider)
    assert ShareRequest.objects.get().status == ShareRequest.PENDING


def test_refusal_needs_a_reason(consumer, population, market_steward, police_steward):
    share = _ask(consumer, population, market_steward)
    with pytest.raises(sharing.ShareError):
        sharing.do_refuse_share_request(share, reason="  ", actor=police_steward)
    sharing.do_refuse_share_request(share, reason="用途与数据无关", actor=police_steward)
    share.refresh_from_db()
    assert share.status == ShareRequest.REFUSED and share.refusal_reason == "用途与数据无关"
    assert share.clock.state == Clock.STOPPED and not Grant.objects.exists()
    with pytest.raises(sharing.ShareError):  # answered once
        sharing.do_approve_share_request(share, fields=["id_number"], duration_days=5, actor=police_steward)


def test_not_shared_needs_a_legal_basis_and_the_grant_names_it(
    consumer, provider, market_steward, police_steward
):
    resource = f.population(provider, sharing_type=Resource.SHARE_NONE)
    with pytest.raises(sharing.ShareError):
        _ask(consumer, resource, market_steward)
    assert not ShareRequest.objects.exists()
    share = _ask(consumer, resource, market_steward, legal_basis="《反洗钱法》第三十八条")
    assert share.status == ShareRequest.PENDING
    grant = sharing.do_approve_share_request(
        share, fields=["id_number"], duration_days=5, actor=police_steward
    )
    assert grant.basis == Grant.LEGAL_BASIS and grant.legal_basis == "《反洗钱法》第三十八条"


def test_outsiders_cannot_ask_for_another_departments_system(consumer, population, steward, other_officer):
    for outsider in (steward, other_officer):
        with pytest.raises(sharing.ShareError):
            _ask(consumer, population, outsider)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"fields": []},
        {"fields": ["nope"]},
        {"fields": "id_number"},
        {"duration_days": 0},
        {"duration_days": "5"},
        {"purpose": ""},
        {"purpose": "x" * 201},
        {"purpose": "a\x00b"},
    ],
)
def test_bad_requests_change_nothing(consumer, population, market_steward, kwargs):
    with pytest.raises(sharing.ShareError):
        _ask(consumer, population, market_steward, **kwargs)
    assert not ShareRequest.objects.exists() and not Clock.objects.exists()


def test_overdue_request_is_escalated_once_by_the_scheduled_task(
    consumer, population, market_steward, supervisor
):
    share = _ask(consumer, population, market_steward)
    later = share.clock.due_at + datetime.timedelta(minutes=1)
    assert (
        sharing.do_escalate_overdue_share_requests(share.clock.due_at - datetime.timedelta(minutes=1)) == []
    )
    Clock.objects.filter(pk=share.clock_id).update(due_at=timezone.now() - datetime.timedelta(minutes=1))
    assert "datahub-escalate-share-requests" in run_due()  # the immediate task backend runs it now
    share.refresh_from_db()
    assert share.escalated_at is not None
    assert Event.objects.filter(code=EventCode.SHARE_REQUEST_ESCALATED, object_id=str(share.pk)).count() == 1
    assert Notification.objects.filter(recipient=supervisor, object_id=str(share.pk)).count() == 1
    assert sharing.do_escalate_overdue_share_requests(later) == []  # once only


def test_answered_request_is_not_escalated(consumer, population, market_steward, police_steward, supervisor):
    share = _ask(consumer, population, market_steward)
    sharing.do_refuse_share_request(share, reason="不符合条件", actor=police_steward)
    assert sharing.do_escalate_overdue_share_requests(share.clock.due_at + datetime.timedelta(days=30)) == []


def test_revoke_needs_a_reason_and_the_provider(granted, police_steward, market_steward):
    with pytest.raises(sharing.ShareError):
        sharing.do_revoke_grant(granted, reason="x", actor=market_steward)
    with pytest.raises(sharing.ShareError):
        sharing.do_revoke_grant(granted, reason="", actor=police_steward)
    sharing.do_revoke_grant(granted, reason="项目结束", actor=police_steward)
    granted.refresh_from_db()
    assert not granted.is_active() and granted.revoke_reason == "项目结束"
    with pytest.raises(sharing.ShareError):
        sharing.do_revoke_grant(granted, reason="again", actor=police_steward)


def test_consumer_identifier_is_checked_and_unique(market_steward, consumer, steward):
    dept = department("04")
    with pytest.raises(sharing.ShareError):
        f.consumer_of(dept, market_steward)  # same identifier
    with pytest.raises(sharing.ShareError):
        sharing.do_register_consumer(
            dept,
            name="x",
            instance="CN CQ",
            member_class="GOV",
            member_code="1",
            subsystem_code="a",
            actor=market_steward,
        )
    with pytest.raises(sharing.ShareError):  # a steward of another department
        sharing.do_register_consumer(
            dept,
            name="x",
            instance="CN-CQ",
            member_class="GOV",
            member_code="1",
            subsystem_code="b",
            actor=steward,
        )
    assert consumer.identifier.startswith("CN-CQ/GOV/") and consumer.identifier.endswith("/case-system")
