"""Every write of 好差评: rating a stage, and each step of a 差评's loop.

Each action is atomic, checks its guard (`rectification.can_<x>()`) and the actor's role, records an
event whose payload carries the facts dashboards count (department id, item code, level, channel
code, stage) and tells the person through the notification outbox. A refusal raises
`ValidationError` (bad input, wrong state, a stage rated already) or `PermissionDenied` (the wrong
person) and changes nothing.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from yiwang.accounts.models import Role
from yiwang.core.actions import ClockError, do_pause_clock, do_resume_clock, do_start_clock, do_stop_clock
from yiwang.core.cleantext import clean_text
from yiwang.core.events import EventCode, record_event
from yiwang.core.models import Clock
from yiwang.core.permissions import user_has_role
from yiwang.feedback.models import INDICATORS, ChannelCode, Evaluation, Level, Rectification

CLOCK_KIND = "feedback.fix"
MAX_COMMENT = 500
MAX_NOTE = 2000
# Staff of the evaluated department who carry out the loop (visit, verify, fix, appeal).
LOOP_ROLES = (Role.WINDOW_CLERK, Role.OFFICER, Role.DEPARTMENT_HEAD)


def facts(evaluation):
    """The payload every 好差评 event carries, so that counts never need to read the rows."""
    return {
        "department": evaluation.department_id,
        "item": evaluation.item_code,
        "level": evaluation.level,
        "channel_code": evaluation.channel_code,
        "stage": evaluation.stage,
        "evaluation": str(evaluation.code),
    }


def _text(value, field, limit, *, required):
    return clean_text(value, field=field, max_length=limit, required=required, multiline=True)


def _clean_rating(target, level, indicators, comment, channel_code):
    try:
        level = Level(int(level))
    except (TypeError, ValueError):
        raise ValidationError({"level": _("Choose one of the five levels.")}) from None
    if channel_code not in ChannelCode.values:
        raise ValidationError({"channel_code": _("Unknown evaluation channel.")})
    if indicators is None:
        indicators = []
    allowed = [key for key, _label in INDICATORS[target.mode]]
    if not isinstance(indicators, (list, tuple)) or any(
        not isinstance(key, str) or key not in allowed for key in indicators
    ):
        raise ValidationError({"indicators": _("Choose among the indicators offered.")})
    indicators = [key for key in allowed if key in indicators]  # in their order, once each
    return level, indicators, _text(comment, "comment", MAX_COMMENT, required=False), channel_code


def do_rate(target, *, level, indicators=(), comment="", channel_code, actor=None, by_link=False):
    """Record a person's rating of one stage; a 差评 starts its loop at once.

    `actor` is the logged-in person; without `by_link` they must be the applicant (or caller). A
    signed link (`by_link`) stands for the person it was sent to. Refuses a stage that has not
    happened, a stage rated already (also when two ratings race: the unique constraint decides),
    an unknown level, indicator or channel, and a comment too long.
    """
    if not by_link and not target.is_rater(actor):
        raise PermissionDenied(_("Only the applicant may rate this service."))
    level, indicators, comment, channel_code = _clean_rating(target, level, indicators, comment, channel_code)
    if not target.happened():
        raise ValidationError(_("This stage has not happened yet; you can rate it once it has."))
    rater = actor if getattr(actor, "is_authenticated", False) and target.is_rater(actor) else None
    channel = ChannelCode(channel_code).core_channel
    try:
        with transaction.atomic():
            evaluation = Evaluation.objects.create(
                case=target.case,
                ticket=target.ticket,
                stage=target.stage,
                department=target.department,
                item=target.item,
                item_code=target.item_code,
                level=level,
                mode=target.mode,
                indicators=indicators,
                comment=comment,
                channel_code=channel_code,
                channel=channel,
                rater=rater,
                rater_masked_name=target.masked_rater_name()[:50],
            )
            record_event(
                EventCode.EVALUATION_RECORDED,
                actor=rater,
                obj=evaluation,
                channel=channel,
                payload={**facts(evaluation), "bad": evaluation.is_bad, "number": target.number},
            )
            if evaluation.is_bad:
                Rectification.objects.create(evaluation=evaluation, department=evaluation.department)
                _tell_department(evaluation)
    except IntegrityError:
        raise ValidationError(_("This stage has been rated already; each stage is rated once.")) from None
    return evaluation


def _tell_department(evaluation):
    """An in-app alert to the evaluated department's staff: a 差评 waits for its return visit."""
    from yiwang.accounts.models import User
    from yiwang.notify.actions import do_notify
    from yiwang.notify.models import Notification

    users = User.objects.filter(
        role_assignments__department=evaluation.department,
        role_assignments__role__in=(Role.OFFICER, Role.DEPARTMENT_HEAD),
        is_active=True,
    ).distinct()
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Bad review of %(number)s: return visit due") % {"number": evaluation.number}
        body = _("A bad review (%(level)s) waits for its return visit.") % {
            "level": evaluation.get_level_display()
        }
    for user in users:
        do_notify(
            user,
            subject=subject,
            body=body,
            obj=evaluation,
            media=[Notification.IN_APP],
            link=f"/staff/feedback/{evaluation.rectification.code}/",
        )


# The 差评 loop ------------------------------------------------------------------------------------


def _locked(rectification):
    Rectification.objects.select_for_update().filter(pk=rectification.pk).values_list("pk").first()
    rectification.refresh_from_db()
    return rectification


def _require_department_staff(actor, rectification):
    if not user_has_role(actor, *LOOP_ROLES, department=rectification.department):
        raise PermissionDenied(_("Only staff of the evaluated department may do this."))


def _refuse_unless(allowed, message):
    if not allowed:
        raise ValidationError(message)


def _record(code, rectification, actor, **extra):
    evaluation = rectification.evaluation
    record_event(
        code,
        actor=actor,
        obj=rectification,
        channel=evaluation.channel,
        payload={**facts(evaluation), **extra},
    )


def _tell_person(rectification, subject, body):
    """The loop's outcome to the person who rated: their account, else the phone of the case or ticket.

    Callers write the texts in the platform's language, whatever language the actor uses."""
    from yiwang.accounts.models import Person
    from yiwang.notify.actions import do_notify
    from yiwang.notify.models import Notification

    evaluation = rectification.evaluation
    if evaluation.case_id:
        case = evaluation.case
        if case.owner_id:
            do_notify(case.owner, subject=subject, body=body, obj=evaluation, link=f"/cases/{case.code}/")
            return
        person = Person.objects.filter(pk=case.applicant_id).first()
        if person is not None and person.phone:
            do_notify(
                None,
                subject=subject,
                body=body,
                obj=evaluation,
                media=(Notification.SMS,),
                phone=person.phone,
            )
        return
    ticket = evaluation.ticket
    media = [Notification.IN_APP] if ticket.caller_user_id else []
    if ticket.caller_phone or ticket.caller_user_id:
        media.append(Notification.SMS)
    if media:
        do_notify(
            ticket.caller_user,
            subject=subject,
            body=body,
            obj=evaluation,
            media=media,
            phone=ticket.caller_phone,
            link=f"/hotline/my/{ticket.code}/",
        )


def do_record_visit(rectification, *, note, actor):
    """Record the return visit (回访) to the person who gave the 差评: what they said."""
    _require_department_staff(actor, rectification)
    note = _text(note, "note", MAX_NOTE, required=True)
    with transaction.atomic():
        _locked(rectification)
        _refuse_unless(rectification.can_visit(), _("The return visit has been recorded already."))
        rectification.status, rectification.visit_note = Rectification.VERIFY, note
        rectification.visited_at, rectification.visited_by = timezone.now(), actor
        rectification.save(update_fields=["status", "visit_note", "visited_at", "visited_by", "updated_at"])
        _record(EventCode.RECTIFICATION_VISITED, rectification, actor)
    return rectification


def do_verify(rectification, *, true, note, actor):
    """Record whether the complaint is true (核实). Only a true one can be fixed; any can be explained."""
    _require_department_staff(actor, rectification)
    if not isinstance(true, bool):
        raise ValidationError({"true": _("Say whether the complaint is true.")})
    note = _text(note, "note", MAX_NOTE, required=True)
    with transaction.atomic():
        _locked(rectification)
        _refuse_unless(rectification.can_verify(), _("Only a visited review waits for verification."))
        rectification.status, rectification.verified = Rectification.RESOLVE, true
        rectification.verify_note, rectification.verified_at = note, timezone.now()
        rectification.save(update_fields=["status", "verified", "verify_note", "verified_at", "updated_at"])
        _record(EventCode.RECTIFICATION_VERIFIED, rectification, actor, true=true)
    return rectification


def _close(rectification, outcome, note, actor, code):
    now = timezone.now()
    rectification.status, rectification.outcome, rectification.outcome_note = (
        Rectification.DONE,
        outcome,
        note,
    )
    rectification.closed_at = now
    rectification.save(update_fields=["status", "outcome", "outcome_note", "closed_at", "updated_at"])
    _record(code, rectification, actor, outcome=outcome, fixed=outcome in Rectification.FIX_OUTCOMES)
    number = rectification.evaluation.number
    with translation.override(settings.LANGUAGE_CODE):
        _tell_person(
            rectification,
            _("Your review of %(number)s was followed up") % {"number": number},
            _("About your review of %(number)s, the department reports: %(note)s")
            % {"number": number, "note": note[:300]},
        )


def do_fix_on_spot(rectification, *, note, actor):
    """The verified problem was fixed at once (立行立改); the fix is published and the person told."""
    _require_department_staff(actor, rectification)
    note = _text(note, "note", MAX_NOTE, required=True)
    with transaction.atomic():
        _locked(rectification)
        _refuse_unless(rectification.can_fix_on_spot(), _("Only a complaint verified as true can be fixed."))
        _close(rectification, Rectification.FIXED_ON_SPOT, note, actor, EventCode.RECTIFICATION_FIXED_ON_SPOT)
    return rectification


def do_set_fix_deadline(rectification, *, note, actor):
    """The verified problem will be fixed within YIWANG_FEEDBACK_FIX_DAYS working days (限期整改),
    on a clock that supervision watches."""
    _require_department_staff(actor, rectification)
    note = _text(note, "note", MAX_NOTE, required=False)
    with transaction.atomic():
        _locked(rectification)
        _refuse_unless(rectification.can_set_deadline(), _("Only a complaint verified as true can be fixed."))
        try:
            rectification.clock = do_start_clock(
                rectification,
                kind=CLOCK_KIND,
                unit=Clock.WORKDAYS,
                limit=settings.YIWANG_FEEDBACK_FIX_DAYS,
                department=rectification.department,
                actor=actor,
            )
        except ClockError as error:
            raise ValidationError(str(error)) from None
        rectification.status, rectification.outcome_note = Rectification.FIXING, note
        rectification.save(update_fields=["status", "clock", "outcome_note", "updated_at"])
        _record(
            EventCode.RECTIFICATION_DEADLINE_SET,
            rectification,
            actor,
            due=rectification.clock.due_date.isoformat(),
        )
    return rectification


def do_complete_fix(rectification, *, note, actor):
    """The fix within the deadline is done: the clock stops (in time or late) and the fix is published."""
    _require_department_staff(actor, rectification)
    note = _text(note, "note", MAX_NOTE, required=True)
    with transaction.atomic():
        _locked(rectification)
        _refuse_unless(rectification.can_complete_fix(), _("Only a review being fixed can be marked fixed."))
        if rectification.clock_id:
            do_stop_clock(rectification.clock, actor=actor)
        _close(rectification, Rectification.FIXED, note, actor, EventCode.RECTIFICATION_FIXED)
    return rectification


def do_explain(rectification, *, note, actor):
    """The department explains (解释说明): the complaint was not true, or nothing is to be changed."""
    _require_department_staff(actor, rectification)
    note = _text(note, "note", MAX_NOTE, required=True)
    with transaction.atomic():
        _locked(rectification)
        _refuse_unless(rectification.can_explain(), _("Only a verified review can be explained."))
        _close(rectification, Rectification.EXPLAINED, note, actor, EventCode.RECTIFICATION_EXPLAINED)
    return rectification


def do_appeal(rectification, *, kind, reason, actor):
    """The evaluated department appeals a mistaken or malicious review (申诉), once; the supervisor
    decides. A fix deadline pauses meanwhile."""
    _require_department_staff(actor, rectification)
    if kind not in dict(Rectification.APPEAL_CHOICES):
        raise ValidationError({"kind": _("Choose why the review is appealed.")})
    reason = _text(reason, "reason", MAX_NOTE, required=True)
    with transaction.atomic():
        _locked(rectification)
        _refuse_unless(rectification.can_appeal(), _("This review can no longer be appealed."))
        if rectification.clock_id and rectification.clock.can_pause():
            do_pause_clock(rectification.clock, reason="appeal", actor=actor)
        rectification.appeal_from, rectification.status = rectification.status, Rectification.APPEALED
        rectification.appeal_kind, rectification.appeal_reason = kind, reason
        rectification.appealed_at = timezone.now()
        rectification.save(
            update_fields=[
                "appeal_from",
                "status",
                "appeal_kind",
                "appeal_reason",
                "appealed_at",
                "updated_at",
            ]
        )
        _record(EventCode.RECTIFICATION_APPEALED, rectification, actor, kind=kind)
    return rectification


def do_decide_appeal(rectification, *, uphold, note, actor):
    """The supervisor decides an appeal. Upheld: the review is excluded from the statistics and the
    loop ends; rejected: the loop continues where it was (a paused deadline runs on)."""
    if not user_has_role(actor, Role.SUPERVISOR):
        raise PermissionDenied(_("Only a supervisor decides appeals."))
    if not isinstance(uphold, bool):
        raise ValidationError({"uphold": _("Decide: uphold or reject the appeal.")})
    note = _text(note, "note", MAX_NOTE, required=True)
    with transaction.atomic():
        _locked(rectification)
        _refuse_unless(rectification.can_decide_appeal(), _("This review has no appeal waiting."))
        now = timezone.now()
        rectification.decision_note, rectification.decided_by, rectification.decided_at = note, actor, now
        clock = rectification.clock if rectification.clock_id else None
        if uphold:
            if clock is not None and clock.can_stop():
                do_stop_clock(clock, actor=actor)
            rectification.status, rectification.appeal_decision = Rectification.EXCLUDED, Rectification.UPHELD
            rectification.closed_at = now
            evaluation = rectification.evaluation
            evaluation.excluded = True
            evaluation.save(update_fields=["excluded"])
        else:
            if clock is not None and clock.can_resume():
                do_resume_clock(clock, actor=actor)
            rectification.status, rectification.appeal_decision = (
                rectification.appeal_from,
                Rectification.REJECTED,
            )
        rectification.save(
            update_fields=[
                "status",
                "appeal_decision",
                "decision_note",
                "decided_by",
                "decided_at",
                "closed_at",
                "updated_at",
            ]
        )
        _record(EventCode.APPEAL_UPHELD if uphold else EventCode.APPEAL_REJECTED, rectification, actor)
        if uphold:
            number = rectification.evaluation.number
            with translation.override(settings.LANGUAGE_CODE):
                _tell_person(
                    rectification,
                    _("Your review of %(number)s was reviewed") % {"number": number},
                    _(
                        "After the department's appeal, the supervisor decided that your review of "
                        "%(number)s no longer counts: %(note)s"
                    )
                    % {"number": number, "note": note[:300]},
                )
    return rectification
