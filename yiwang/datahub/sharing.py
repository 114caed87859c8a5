"""Writes of sharing (DOMAIN.md §5): consumer systems and their keys, share requests and their
answers, grants and their revocation, the escalation of overdue requests, the gateway's call log.

The sharing type of the resource decides what a request becomes:

- 无条件共享 (unconditional): the request is granted at once, for the items asked;
- 有条件共享 (conditional): the provider's data steward answers within 10 working days (a core
  Clock, escalated to the supervisors when overdue); approval grants exactly the approved items
  (a subset of those asked) for the approved time (at most the time asked); a refusal gives reasons;
- 不予共享 (not shared): refused unless a legal basis is recorded; with one, the provider's steward
  answers it as a conditional request and a grant names that basis.
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from yiwang.accounts.models import Department, Role, User
from yiwang.core.actions import do_start_clock, do_stop_clock
from yiwang.core.cleantext import TextRefused, clean_text
from yiwang.core.events import EventCode, record_event
from yiwang.core.models import Clock
from yiwang.core.permissions import user_has_role
from yiwang.datahub import signing
from yiwang.datahub.models import Consumer, ConsumerKey, GatewayCall, Grant, Resource, ShareRequest
from yiwang.notify.actions import do_notify
from yiwang.notify.models import Notification

MAX_DURATION_DAYS = 3 * 366
MAX_RATE_LIMIT = 100_000
CONSUMER_ROLES = (Role.DATA_STEWARD, Role.DEPARTMENT_HEAD)  # who asks for data for a department's system
IDENTIFIER_PART = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"


class ShareError(ValueError):
    """A sharing change that cannot be made; the message is translated and says why."""


def _text(value, label, max_length, *, required=True):
    try:
        return clean_text(
            value if isinstance(value, str) else None,
            max_length=max_length,
            required=required,
            multiline=True,
        )
    except TextRefused as error:
        raise ShareError(
            _("%(label)s: %(problem)s") % {"label": label, "problem": error.messages[0]}
        ) from None


def _identifier_part(value, label, max_length):
    import re

    value = _text(value, label, max_length)
    if not re.match(IDENTIFIER_PART, value):
        raise ShareError(_("%(label)s may hold only letters, digits, '.', '-' and '_'.") % {"label": label})
    return value


def _whole_number(value, label, low, high):
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise ShareError(
            _("%(label)s must be a whole number from %(low)s to %(high)s.")
            % {"label": label, "low": low, "high": high}
        )
    return value


def is_provider_steward(user, resource):
    return user_has_role(user, Role.DATA_STEWARD, department=resource.provider)


def may_act_for_consumer(user, consumer):
    return user_has_role(user, *CONSUMER_ROLES, department=consumer.department)


# Consumers and keys ---------------------------------------------------------------------------


def do_register_consumer(
    department, *, name, instance, member_class, member_code, subsystem_code, rate_limit=600, actor
):
    """Register a department system under its X-Road style identifier. Refuses an actor who is not a
    data steward of the department, a malformed or taken identifier."""
    if not user_has_role(actor, Role.DATA_STEWARD, department=department):
        raise ShareError(_("Only a data steward of the department can register its systems."))
    fields = {
        "name": _text(name, _("System name"), 100),
        "instance": _identifier_part(instance, _("Instance"), 40),
        "member_class": _identifier_part(member_class, _("Member class"), 20),
        "member_code": _identifier_part(member_code, _("Member code"), 40),
        "subsystem_code": _identifier_part(subsystem_code, _("Subsystem code"), 60),
        "rate_limit": _whole_number(rate_limit, _("Requests per minute"), 1, MAX_RATE_LIMIT),
    }
    with transaction.atomic():
        try:
            with transaction.atomic():
                consumer = Consumer.objects.create(department=department, **fields)
        except IntegrityError:  # the identifier's unique constraint: checked by the database, race-free
            raise ShareError(_("A system with this identifier is already registered.")) from None
        record_event(
            EventCode.CONSUMER_REGISTERED,
            actor=actor,
            obj=consumer,
            payload={"identifier": consumer.identifier, "department": department.code},
        )
    return consumer


def do_change_consumer(consumer, *, rate_limit, is_active, actor):
    """Change a system's rate limit or suspend it (a suspended system's keys stop working)."""
    if not user_has_role(actor, Role.DATA_STEWARD, department=consumer.department):
        raise ShareError(_("Only a data steward of the department can change its systems."))
    _whole_number(rate_limit, _("Requests per minute"), 1, MAX_RATE_LIMIT)
    with transaction.atomic():
        consumer.rate_limit, consumer.is_active = rate_limit, bool(is_active)
        consumer.save(update_fields=["rate_limit", "is_active", "updated_at"])
        record_event(
            EventCode.CONSUMER_CHANGED,
            actor=actor,
            obj=consumer,
            payload={"rate_limit": rate_limit, "active": consumer.is_active},
        )
    return consumer


def do_issue_consumer_key(consumer, *, actor):
    """Issue a signing key; returns (key, secret). The secret is shown once: only its hash is kept."""
    if not user_has_role(actor, Role.DATA_STEWARD, department=consumer.department):
        raise ShareError(_("Only a data steward of the department can issue keys for its systems."))
    key_id = signing.new_key_id()
    secret = signing.secret_for(key_id)
    with transaction.atomic():
        key = ConsumerKey.objects.create(
            consumer=consumer, key_id=key_id, secret_hash=signing.secret_hash(secret), issued_by=actor
        )
        record_event(EventCode.CONSUMER_KEY_ISSUED, actor=actor, obj=consumer, payload={"key_id": key_id})
    return key, secret


def do_revoke_consumer_key(key, *, actor):
    """Revoke a key: requests signed with it are refused from now on."""
    if not user_has_role(actor, Role.DATA_STEWARD, department=key.consumer.department):
        raise ShareError(_("Only a data steward of the department can revoke keys of its systems."))
    with transaction.atomic():
        if not ConsumerKey.objects.filter(pk=key.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        ):
            raise ShareError(_("This key is already revoked."))
        key.refresh_from_db()
        record_event(
            EventCode.CONSUMER_KEY_REVOKED, actor=actor, obj=key.consumer, payload={"key_id": key.key_id}
        )
    return key


# Share requests and grants --------------------------------------------------------------------


def _check_fields(resource, fields):
    known = [item.key for item in resource.items.all()]
    if not isinstance(fields, (list, tuple)) or not fields or not all(isinstance(f, str) for f in fields):
        raise ShareError(_("Choose at least one data item."))
    unknown = sorted(set(fields) - set(known))
    if unknown:
        raise ShareError(
            _("%(resource)s has no data item %(items)s.")
            % {"resource": resource.name, "items": ", ".join(unknown)}
        )
    return [key for key in known if key in set(fields)]  # in the resource's order, once each


def do_request_share(consumer, resource, *, purpose, legal_basis="", fields, duration_days, actor):
    """Ask for items of a resource for a consumer system.

    Unconditional resources are granted at once; conditional ones (and not-shared ones with a legal
    basis) wait for the provider's steward on a 10-working-day clock. Refuses an actor who acts for
    neither the consumer's department nor the provider, an inactive resource, unknown items, a
    not-shared resource without a legal basis. Returns the request (its `grant` when granted).
    """
    if not (may_act_for_consumer(actor, consumer) or is_provider_steward(actor, resource)):
        raise ShareError(_("You may ask for data only for your own department's systems."))
    if not resource.is_active:
        raise ShareError(_("This resource is no longer offered."))
    if not consumer.is_active:
        raise ShareError(_("This consumer system is suspended."))
    purpose = _text(purpose, _("Purpose"), 200)
    legal_basis = _text(legal_basis, pgettext("sharing", "Legal basis"), 2000, required=False)
    fields = _check_fields(resource, fields)
    _whole_number(duration_days, _("Duration (days)"), 1, MAX_DURATION_DAYS)
    if resource.sharing_type == Resource.SHARE_NONE and not legal_basis:
        raise ShareError(
            _("This resource is not shared: a request must record the legal basis that requires it.")
        )
    with transaction.atomic():
        share = ShareRequest.objects.create(
            consumer=consumer,
            resource=resource,
            purpose=purpose,
            legal_basis=legal_basis,
            fields=fields,
            duration_days=duration_days,
            requested_by=actor,
        )
        record_event(
            EventCode.SHARE_REQUESTED,
            actor=actor,
            obj=share,
            payload={
                "consumer": consumer.identifier,
                "resource": resource.code,
                "fields": fields,
                "duration_days": duration_days,
                "sharing_type": resource.sharing_type,
            },
        )
        if resource.sharing_type == Resource.SHARE_UNCONDITIONAL:
            now = timezone.now()
            share.status, share.answered_at = ShareRequest.APPROVED, now
            share.save(update_fields=["status", "answered_at", "updated_at"])
            grant = Grant.objects.create(
                consumer=consumer,
                resource=resource,
                fields=fields,
                purpose=purpose,
                basis=Grant.UNCONDITIONAL,
                legal_basis=legal_basis,
                request=share,
                valid_from=now,
                valid_until=now + datetime.timedelta(days=duration_days),
                granted_by=actor,
            )
            record_event(
                EventCode.SHARE_GRANTED,
                actor=actor,
                obj=grant,
                payload={"consumer": consumer.identifier, "resource": resource.code, "fields": fields},
            )
        else:
            share.clock = do_start_clock(
                share,
                kind=ShareRequest.CLOCK_KIND,
                unit=Clock.WORKDAYS,
                limit=ShareRequest.ANSWER_LIMIT,
                department=resource.provider,
                actor=actor,
            )
            share.save(update_fields=["clock", "updated_at"])
            _tell_stewards(
                share,
                _("Share request to answer"),
                _("%(consumer)s asks for %(resource)s; answer within 10 working days.")
                % {"consumer": consumer.name, "resource": resource.name},
            )
    return share


def _locked_pending(share):
    share = (
        ShareRequest.objects.select_for_update(of=("self",))
        .select_related("resource", "consumer", "clock")
        .get(pk=share.pk)
    )
    if not share.can_answer():
        raise ShareError(_("This request has already been answered."))
    return share


def do_approve_share_request(share, *, fields, duration_days, actor):
    """Approve a request: grant exactly `fields` (a subset of those asked) for `duration_days` (at most
    the duration asked). Only a data steward of the provider may answer."""
    if not is_provider_steward(actor, share.resource):
        raise ShareError(_("Only a data steward of the providing department can answer this request."))
    with transaction.atomic():
        share = _locked_pending(share)
        fields = _check_fields(share.resource, fields)
        beyond = sorted(set(fields) - set(share.fields))
        if beyond:
            raise ShareError(
                _("Only items that were asked for can be granted; not asked: %(items)s.")
                % {"items": ", ".join(beyond)}
            )
        _whole_number(duration_days, _("Duration (days)"), 1, share.duration_days)
        now = timezone.now()
        share.status, share.answered_by, share.answered_at = ShareRequest.APPROVED, actor, now
        share.save(update_fields=["status", "answered_by", "answered_at", "updated_at"])
        basis = Grant.LEGAL_BASIS if share.resource.sharing_type == Resource.SHARE_NONE else Grant.APPROVED
        grant = Grant.objects.create(
            consumer=share.consumer,
            resource=share.resource,
            fields=fields,
            purpose=share.purpose,
            basis=basis,
            legal_basis=share.legal_basis,
            request=share,
            valid_from=now,
            valid_until=now + datetime.timedelta(days=duration_days),
            granted_by=actor,
        )
        if share.clock is not None and share.clock.can_stop():
            do_stop_clock(share.clock, actor=actor, at=now)
        record_event(
            EventCode.SHARE_APPROVED,
            actor=actor,
            obj=share,
            payload={"grant": str(grant.code), "fields": fields, "duration_days": duration_days},
        )
        _tell_requester(
            share,
            _("Share request approved"),
            _("Your request for %(resource)s was approved.") % {"resource": share.resource.name},
        )
    return grant


def do_refuse_share_request(share, *, reason, actor):
    """Refuse a request, giving the reasons (the provider must say why)."""
    if not is_provider_steward(actor, share.resource):
        raise ShareError(_("Only a data steward of the providing department can answer this request."))
    reason = _text(reason, _("Reason for refusal"), 2000)
    with transaction.atomic():
        share = _locked_pending(share)
        now = timezone.now()
        share.status, share.answered_by, share.answered_at = ShareRequest.REFUSED, actor, now
        share.refusal_reason = reason
        share.save(update_fields=["status", "answered_by", "answered_at", "refusal_reason", "updated_at"])
        if share.clock is not None and share.clock.can_stop():
            do_stop_clock(share.clock, actor=actor, at=now)
        record_event(EventCode.SHARE_REFUSED, actor=actor, obj=share, payload={"reason": reason})
        _tell_requester(
            share,
            _("Share request refused"),
            _("Your request for %(resource)s was refused: %(reason)s")
            % {"resource": share.resource.name, "reason": reason},
        )
    return share


def do_revoke_grant(grant, *, reason, actor):
    """Revoke a grant (the provider's decision): the gateway refuses it from now on."""
    if not is_provider_steward(actor, grant.resource):
        raise ShareError(_("Only a data steward of the providing department can revoke this grant."))
    reason = _text(reason, _("Reason for revocation"), 2000)
    with transaction.atomic():
        now = timezone.now()
        if not Grant.objects.filter(pk=grant.pk, revoked_at__isnull=True).update(
            revoked_at=now, revoked_by=actor, revoke_reason=reason
        ):
            raise ShareError(_("This grant is already revoked."))
        grant.refresh_from_db()
        record_event(
            EventCode.GRANT_REVOKED,
            actor=actor,
            obj=grant,
            payload={
                "consumer": grant.consumer.identifier,
                "resource": grant.resource.code,
                "reason": reason,
            },
        )
    return grant


def do_escalate_overdue_share_requests(now=None):
    """Send share requests past their 10 working days to the supervisors (once each, event and
    message). Returns the requests escalated."""
    now = now or timezone.now()
    overdue = (
        Clock.objects.overdue(now)
        .filter(kind=ShareRequest.CLOCK_KIND, object_type="datahub.sharerequest")
        .values_list("object_id", flat=True)
    )
    escalated = []
    candidates = ShareRequest.objects.filter(
        pk__in=[int(i) for i in overdue], status=ShareRequest.PENDING, escalated_at__isnull=True
    ).select_related("resource", "consumer")
    for share in candidates:
        with transaction.atomic():
            if not ShareRequest.objects.filter(pk=share.pk, escalated_at__isnull=True).update(
                escalated_at=now
            ):
                continue  # another worker got it first
            record_event(
                EventCode.SHARE_REQUEST_ESCALATED,
                obj=share,
                payload={"resource": share.resource.code, "consumer": share.consumer.identifier},
            )
            supervisors = User.objects.filter(
                role_assignments__role=Role.SUPERVISOR, is_active=True
            ).distinct()
            for user in supervisors:
                do_notify(
                    user,
                    subject=_("Overdue share request"),
                    obj=share,
                    media=[Notification.IN_APP],
                    link=f"/staff/data/sharing/requests/{share.code}/",
                    body=_(
                        "%(provider)s has not answered the request of %(consumer)s for %(resource)s "
                        "within 10 working days."
                    )
                    % {
                        "provider": share.resource.provider.name,
                        "consumer": share.consumer.name,
                        "resource": share.resource.name,
                    },
                )
            escalated.append(share)
    return escalated


def _tell_stewards(share, subject, body):
    """In-app messages (the notification outbox, written in the action's transaction)."""
    stewards = User.objects.filter(
        role_assignments__role=Role.DATA_STEWARD,
        is_active=True,
        role_assignments__department__in=Department.objects.filter(pk=share.resource.provider_id),
    ).distinct()
    for user in stewards:
        do_notify(
            user,
            subject=subject,
            body=body,
            obj=share,
            media=[Notification.IN_APP],
            link=f"/staff/data/sharing/requests/{share.code}/",
        )


def _tell_requester(share, subject, body):
    if share.requested_by is not None:
        do_notify(
            share.requested_by,
            subject=subject,
            body=body,
            obj=share,
            media=[Notification.IN_APP],
            link=f"/staff/data/sharing/requests/{share.code}/",
        )


# The gateway's call log -----------------------------------------------------------------------


def log_gateway_call(
    *,
    consumer,
    operation,
    path,
    request_hash,
    status,
    duration_ms,
    resource=None,
    grant=None,
    purpose="",
    rows=0,
    error="",
):
    """Record one gateway call (also refused ones), outside any business action: it is the log of
    the exchange itself, read on the call-log pages."""
    return GatewayCall.objects.create(
        consumer=consumer,
        resource=resource,
        grant=grant,
        operation=operation,
        path=path[:200],
        purpose=purpose[:200],
        request_hash=request_hash,
        rows=rows,
        status=status,
        error=error[:40],
        duration_ms=max(0, int(duration_ms)),
    )


def finish_gateway_call(call, *, rows, duration_ms):
    """The end of a streamed export: the rows sent and the time it took."""
    GatewayCall.objects.filter(pk=call.pk).update(rows=rows, duration_ms=max(0, int(duration_ms)))
