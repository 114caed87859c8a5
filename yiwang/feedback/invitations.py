"""Invitations to rate, sent when a stage the person meets happens (read from its event).

Registered in `FeedbackConfig.ready` with `core.events.read_events`, so they are written in the
stage's own transaction: no stage without its invitation, no invitation for a stage rolled back.
The account gets an in-app message linking to the portal's rating page; the phone gets an SMS with a
signed link that works without logging in (channel code 6).
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from yiwang.core.events import EventCode
from yiwang.feedback.links import rating_url
from yiwang.feedback.models import STAGE_ACCEPT, STAGE_ANSWER, STAGE_RESULT, ChannelCode
from yiwang.feedback.stages import CASE, TICKET


def _portal_path(kind, code, stage):
    return reverse("feedback:rate", kwargs={"kind": kind, "code": code, "stage": stage})


def _texts(number, stage, link):
    with translation.override(settings.LANGUAGE_CODE):
        what = {
            STAGE_ACCEPT: _("the acceptance of %(number)s"),
            STAGE_RESULT: _("the result of %(number)s"),
            STAGE_ANSWER: _("the answer to %(number)s"),
        }[stage] % {"number": number}
        subject = _("Please rate %(what)s") % {"what": what}
        body = _(
            "How satisfied are you with %(what)s? Rate it once, from very satisfied to very dissatisfied: "
            "%(link)s"
        ) % {"what": what, "link": link}
    return subject, body


def invite_for_case(event, case):
    """Acceptance (or refusal) and result of a case. An item decided on the spot is accepted and
    finished in one action: it gets the result's invitation only."""
    from yiwang.accounts.models import Person
    from yiwang.notify.actions import do_notify
    from yiwang.notify.models import Notification

    if event.code == EventCode.CASE_ACCEPTED:
        if case.version.is_immediate:
            return
        stage = STAGE_ACCEPT
    elif event.code == EventCode.CASE_NOT_ACCEPTED:
        stage = STAGE_ACCEPT
    else:
        stage = STAGE_RESULT
    sms_link = rating_url(CASE, case.code, stage, ChannelCode.PHONE_SMS)
    if case.owner_id:
        subject, body = _texts(
            case.number, stage, f"{settings.YIWANG_SITE_URL}{_portal_path(CASE, case.code, stage)}"
        )
        do_notify(
            case.owner,
            subject=subject,
            body=body,
            obj=case,
            media=(Notification.IN_APP,),
            link=_portal_path(CASE, case.code, stage),
        )
        subject, body = _texts(case.number, stage, sms_link)
        do_notify(case.owner, subject=subject, body=body, obj=case, media=(Notification.SMS,))
        return
    person = Person.objects.filter(pk=case.applicant_id).first()
    if person is not None and person.phone:
        subject, body = _texts(case.number, stage, sms_link)
        do_notify(None, subject=subject, body=body, obj=case, media=(Notification.SMS,), phone=person.phone)


def invite_for_ticket(event, ticket):
    """The answer to a ticket, rated against the department that answered it."""
    from yiwang.feedback.models import Evaluation
    from yiwang.notify.actions import do_notify
    from yiwang.notify.models import Notification

    if ticket.department_id is None or Evaluation.objects.filter(ticket=ticket, stage=STAGE_ANSWER).exists():
        return  # answered by the hotline centre itself, or a reopened ticket whose answer was rated
    if ticket.caller_user_id:
        path = _portal_path(TICKET, ticket.code, STAGE_ANSWER)
        subject, body = _texts(ticket.number, STAGE_ANSWER, f"{settings.YIWANG_SITE_URL}{path}")
        do_notify(
            ticket.caller_user,
            subject=subject,
            body=body,
            obj=ticket,
            media=(Notification.IN_APP,),
            link=path,
        )
    if ticket.caller_phone or ticket.caller_user_id:
        subject, body = _texts(
            ticket.number, STAGE_ANSWER, rating_url(TICKET, ticket.code, STAGE_ANSWER, ChannelCode.PHONE_SMS)
        )
        do_notify(
            ticket.caller_user,
            subject=subject,
            body=body,
            obj=ticket,
            media=(Notification.SMS,),
            phone=ticket.caller_phone,
        )
