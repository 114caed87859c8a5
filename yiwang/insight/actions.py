"""Supervision (电子监察) acts on time limits: urging notices (督办) and escalation (升级).

Both work on any core Clock — a case's promised limit, a ticket's dispatch or handling limit, and
later a share request's answer limit or a 差评 fix — so that supervision is one list, not four.
Each is recorded (a Notice row and an event) and sent in-app to the people who must act.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from yiwang.accounts.models import Role, User
from yiwang.core.events import EventCode, record_event
from yiwang.core.models import Clock
from yiwang.insight import permissions
from yiwang.insight.models import Notice
from yiwang.insight.subjects import describe
from yiwang.notify.actions import do_notify
from yiwang.notify.models import Notification

MAX_NOTE = 1000


def _check(clock, note, actor):
    if not permissions.can_supervise(actor):
        raise PermissionDenied(_("Only a supervisor can urge or escalate."))
    note = (note or "").replace("\x00", "").strip()
    if not note:
        raise ValidationError({"note": _("Write what must be done.")})
    if len(note) > MAX_NOTE:
        raise ValidationError({"note": _("At most %(count)s characters.") % {"count": MAX_NOTE}})
    if clock.state == Clock.STOPPED:
        raise ValidationError(_("This time limit is no longer running."))
    if clock.department_id is None:
        raise ValidationError(_("This time limit has no responsible department yet."))
    return note


def _send(clock, kind, note, actor, recipients, subject, body):
    with transaction.atomic():
        Clock.objects.select_for_update().filter(pk=clock.pk).values_list("pk").first()
        users = list(recipients.order_by("pk"))
        notice = Notice.objects.create(
            clock=clock,
            kind=kind,
            department_id=clock.department_id,
            note=note,
            recipients=len(users),
            actor=actor,
        )
        what = describe([clock])[clock.pk]
        for user in users:
            do_notify(
                user,
                subject=subject,
                body=body % {"what": what["label"], "note": note},
                obj=clock,
                link=what["url"],
                media=[Notification.IN_APP],
            )
        record_event(
            EventCode.CLOCK_URGED if kind == Notice.URGE else EventCode.CLOCK_ESCALATED,
            actor=actor,
            obj=notice,
            payload={
                "clock": str(clock.code),
                "kind": clock.kind,
                "department": clock.department.code,
                "recipients": len(users),
            },
        )
    return notice


def _staff(department, *roles):
    return User.objects.filter(
        role_assignments__role__in=roles, role_assignments__department=department, is_active=True
    ).distinct()


def do_urge_clock(clock, *, note, actor):
    """Urge the responsible department's officers and heads about a time limit near or past its end
    (督办). Refuses anyone but a supervisor, an empty note, a stopped clock, a clock with no department."""
    note = _check(clock, note, actor)
    return _send(
        clock,
        Notice.URGE,
        note,
        actor,
        _staff(clock.department, Role.OFFICER, Role.DEPARTMENT_HEAD),
        _("Urging notice"),
        _("%(what)s is near or past its time limit: %(note)s"),
    )


def do_escalate_clock(clock, *, note, actor):
    """Escalate a time limit to the department's heads and the supervisors (升级督办); same refusals."""
    note = _check(clock, note, actor)
    supervisors = User.objects.filter(role_assignments__role=Role.SUPERVISOR, is_active=True).exclude(
        pk=actor.pk
    )
    recipients = User.objects.filter(
        pk__in=[
            *_staff(clock.department, Role.DEPARTMENT_HEAD).values_list("pk", flat=True),
            *supervisors.values_list("pk", flat=True),
        ]
    )
    return _send(
        clock,
        Notice.ESCALATE,
        note,
        actor,
        recipients,
        _("Escalated time limit"),
        _("%(what)s was escalated: %(note)s"),
    )
