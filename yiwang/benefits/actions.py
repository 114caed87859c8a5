"""Every write of recommendations and benefits without applying (免申即享).

A benefit run goes through the rule's subjects in chunks of `CHUNK` (memory stays bounded however
many residents there are); each chunk is one transaction: the grants are inserted with
ON CONFLICT DO NOTHING against the unique (rule, subject) constraint, and only the grants this run
actually inserted get a case, a notification and an event. So a run repeated, or two runs at the
same moment, never grant anything twice; a failed run keeps the chunks it finished.
"""

import decimal
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from yiwang.accounts.models import Enterprise, EnterpriseAgent, Person, User
from yiwang.benefits import conditions
from yiwang.benefits.models import (
    BenefitGrant,
    BenefitRule,
    BenefitRun,
    RecommendationOptOut,
    RecommendationRule,
)
from yiwang.cases.actions import do_decline_proactive_case, do_open_proactive_cases
from yiwang.cases.models import Case
from yiwang.core.channels import Channel
from yiwang.core.events import EventCode, record_event, record_events
from yiwang.services.models import Audience, ServiceItem, ServiceItemVersion

CHUNK = 1000
CODE_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,49}\Z")


# Rules ------------------------------------------------------------------------------------------------


def _checked_rule_fields(*, code, name, audience, item, condition):
    errors = {}
    code = str(code or "").strip()
    if not CODE_RE.match(code):
        errors["code"] = _("A code of lower-case letters, digits and hyphens, at most 50.")
    name = str(name or "").strip()
    if not name or len(name) > 100:
        errors["name"] = _("Give a name of at most 100 characters.")
    if audience not in Audience.values:
        errors["audience"] = _("Choose persons or enterprises.")
    if not isinstance(item, ServiceItem) or item.pk is None:
        errors["item"] = _("Choose a service item of the catalogue.")
    elif audience in Audience.values and item.current_id and not item.current.serves(audience):
        errors["item"] = _("This item does not serve the chosen kind of subject.")
    if audience in Audience.values:
        try:
            conditions.check_condition(condition, audience)
        except ValidationError as error:
            errors["condition"] = error.messages
    if errors:
        raise ValidationError(errors)
    return code, name


def do_save_recommendation_rule(
    rule=None, *, code, name, audience, item, condition, reason, actor, is_active=True, sort_order=0
):
    """Create (rule=None) or change a recommendation rule; refuses a malformed condition and an
    empty reason. The code of an existing rule stays."""
    code, name = _checked_rule_fields(
        code=rule.code if rule else code, name=name, audience=audience, item=item, condition=condition
    )
    reason = str(reason or "").strip()
    if not reason or len(reason) > 300:
        raise ValidationError({"reason": _("Give the reason shown to the citizen, at most 300 characters.")})
    with transaction.atomic():
        if rule is None:
            if RecommendationRule.objects.filter(code=code).exists():
                raise ValidationError({"code": _("This code is in use.")})
            rule = RecommendationRule(code=code)
        else:
            rule = RecommendationRule.objects.select_for_update().get(pk=rule.pk)
        rule.name, rule.audience, rule.item, rule.condition, rule.reason = (
            name,
            audience,
            item,
            condition,
            reason,
        )
        rule.is_active, rule.sort_order = bool(is_active), sort_order or 0
        rule.save()
        record_event(
            EventCode.RECOMMENDATION_RULE_CHANGED,
            actor=actor,
            obj=rule,
            payload={"code": rule.code, "active": rule.is_active, "condition": condition},
        )
    return rule


def do_save_benefit_rule(
    rule=None, *, code, name, audience, item, condition, grant_description, actor, amount=None, is_active=True
):
    """Create (rule=None) or change a benefit rule; refuses a malformed condition, a negative amount
    and an empty description of what is granted. Grants already made stay as they are."""
    code, name = _checked_rule_fields(
        code=rule.code if rule else code, name=name, audience=audience, item=item, condition=condition
    )
    grant_description = str(grant_description or "").strip()
    if not grant_description or len(grant_description) > 300:
        raise ValidationError({"grant_description": _("Say what is granted, in at most 300 characters.")})
    if amount is not None:
        try:
            amount = decimal.Decimal(str(amount)).quantize(decimal.Decimal("0.01"))
        except (decimal.InvalidOperation, ValueError):
            raise ValidationError({"amount": _("Give the amount in yuan, or nothing.")}) from None
        if amount < 0 or amount >= 10**10:
            raise ValidationError({"amount": _("Give the amount in yuan, or nothing.")})
    with transaction.atomic():
        if rule is None:
            if BenefitRule.objects.filter(code=code).exists():
                raise ValidationError({"code": _("This code is in use.")})
            rule = BenefitRule(code=code)
        else:
            rule = BenefitRule.objects.select_for_update().get(pk=rule.pk)
        rule.name, rule.audience, rule.item, rule.condition = name, audience, item, condition
        rule.amount, rule.grant_description, rule.is_active = amount, grant_description, bool(is_active)
        rule.save()
        record_event(
            EventCode.BENEFIT_RULE_CHANGED,
            actor=actor,
            obj=rule,
            payload={
                "code": rule.code,
                "active": rule.is_active,
                "condition": condition,
                "amount": str(amount) if amount is not None else "",
            },
        )
    return rule


# Recommendations ----------------------------------------------------------------------------------------


def do_switch_recommendations(user, *, on, actor, channel=Channel.WEB):
    """Switch the user's personal recommendations on or off (off: their data is not evaluated)."""
    with transaction.atomic():
        if on:
            changed = RecommendationOptOut.objects.filter(user=user).delete()[0] > 0
        else:
            changed = RecommendationOptOut.objects.get_or_create(user=user)[1]
        if changed:
            record_event(
                EventCode.RECOMMENDATIONS_SWITCHED,
                actor=actor,
                obj=user,
                channel=channel,
                payload={"on": bool(on)},
            )
    return changed


# Benefit runs -------------------------------------------------------------------------------------------


def do_queue_benefit_run(rule, *, actor, trigger=BenefitRun.MANUAL):
    """Ask for a run of `rule` by the task worker (after commit); returns the queued run."""
    from yiwang.benefits.tasks import execute_benefit_run

    with transaction.atomic():
        run = BenefitRun.objects.create(
            rule=rule, trigger=trigger, started_by=actor if actor and actor.pk else None
        )
        transaction.on_commit(lambda: execute_benefit_run.enqueue(run.pk))
    return run


def _subject_ids(rule, after, size):
    model = Person if rule.audience == Audience.PERSON else Enterprise
    return list(model.objects.filter(pk__gt=after).order_by("pk").values_list("pk", flat=True)[:size])


def _owners(rule, subject_ids):
    """Who follows each subject's case online: the person's account, or the enterprise's legal
    representative (else any agent)."""
    if rule.audience == Audience.PERSON:
        return dict(
            Person.objects.filter(pk__in=subject_ids, user__isnull=False).values_list("pk", "user_id")
        )
    owners = {}
    for enterprise_id, user_id, capacity in (
        EnterpriseAgent.objects.filter(enterprise_id__in=subject_ids)
        .order_by("created_at")
        .values_list("enterprise_id", "user_id", "capacity")
    ):
        if enterprise_id not in owners or capacity == EnterpriseAgent.LEGAL_REPRESENTATIVE:
            owners[enterprise_id] = user_id
    return owners


def _grant_message(rule, case):
    with translation.override(settings.LANGUAGE_CODE):
        amount = (_("%(amount)s yuan") % {"amount": rule.amount}) if rule.amount is not None else ""
        subject = _("Granted without applying: %(benefit)s") % {"benefit": rule.name}
        body = _(
            "From the data the government holds you are eligible for %(benefit)s (%(grant)s%(amount)s). "
            "Case %(number)s has been opened and accepted for you; nothing needs to be done. If you do not "
            "want it, you can decline it in your personal centre."
        ) % {
            "benefit": rule.name,
            "grant": rule.grant_description,
            "number": case.number,
            "amount": f"，{amount}" if amount else "",
        }
    return subject, body


def _notify(rule, grants, owners):
    from yiwang.notify.actions import do_notify
    from yiwang.notify.models import Notification

    users = {u.pk: u for u in User.objects.filter(pk__in=set(owners.values())).select_related("person")}
    walk_in = [g.subject_id for g in grants if g.subject_id not in owners]
    phones = dict(Person.objects.filter(pk__in=walk_in).values_list("pk", "phone")) if walk_in else {}
    for grant in grants:
        subject, body = _grant_message(rule, grant.case)
        user = users.get(owners.get(grant.subject_id))
        if user is not None:
            do_notify(user, subject=subject, body=body, obj=grant.case, link=f"/me/benefits/{grant.code}/")
        elif phones.get(grant.subject_id):
            do_notify(
                None,
                subject=subject,
                body=body,
                obj=grant.case,
                media=(Notification.SMS,),
                phone=phones[grant.subject_id],
            )


def _grant_chunk(run, rule, test, condition, ids, today, actor):
    """Evaluate and grant one chunk, in one transaction; returns (found, granted, already, declined)."""
    records = conditions.load(condition, ids, today)
    eligible = [pk for pk in ids if test(pk, records)]
    if not eligible:
        return 0, 0, 0, 0
    with transaction.atomic():
        existing = dict(
            BenefitGrant.objects.filter(rule=rule, subject_id__in=eligible).values_list(
                "subject_id", "status"
            )
        )
        declined = sum(1 for status in existing.values() if status == BenefitGrant.DECLINED)
        new_ids = [pk for pk in eligible if pk not in existing]
        BenefitGrant.objects.bulk_create(
            [BenefitGrant(rule=rule, subject_id=pk, run=run, amount=rule.amount) for pk in new_ids],
            ignore_conflicts=True,
        )
        # Only the rows this run inserted: a concurrent run's rows lost the conflict to it or won it.
        grants = list(
            BenefitGrant.objects.filter(run=run, subject_id__in=new_ids, case__isnull=True).order_by("pk")
        )
        if grants:
            owners = _owners(rule, [g.subject_id for g in grants])
            answers = {
                "benefit": rule.name,
                "grant": rule.grant_description,
                "amount": str(rule.amount) if rule.amount is not None else "",
            }
            cases = do_open_proactive_cases(
                rule.item, [(g.subject_id, owners.get(g.subject_id), answers) for g in grants], actor=actor
            )
            for grant, case in zip(grants, cases, strict=True):
                grant.case = case
            # One UPDATE: each grant takes the case just opened for its subject (bulk_update would
            # send a CASE of every row).
            BenefitGrant.objects.filter(pk__in=[g.pk for g in grants]).update(
                case=Subquery(
                    Case.objects.filter(
                        pk__in=[c.pk for c in cases], applicant_id=OuterRef("subject_id")
                    ).values("pk")[:1]
                )
            )
            record_events(
                EventCode.BENEFIT_GRANTED,
                grants,
                actor=actor,
                channel=Channel.PROACTIVE,
                payloads=[{"rule": rule.code, "run": str(run.code), "case": case.number} for case in cases],
            )
            _notify(rule, grants, owners)
    granted = len(grants)
    return len(eligible), granted, len(eligible) - granted - declined, declined


def do_execute_benefit_run(run, *, progress=None, chunk=CHUNK, today=None):
    """Carry out a queued run: every subject of the rule's audience is checked, chunk by chunk,
    and each eligible one not yet granted gets a case opened for them, accepted, and a message.

    Claims the run first (a run executed twice by two workers is carried out once). Refuses a
    rule whose item is not published. `progress(run, total)` is called after each chunk.
    """
    claimed = BenefitRun.objects.filter(pk=run.pk, status=BenefitRun.QUEUED).update(
        status=BenefitRun.RUNNING, started_at=timezone.now(), updated_at=timezone.now()
    )
    if not claimed:
        raise ValidationError(_("This run has already been carried out."))
    run.refresh_from_db()
    rule, actor = run.rule, run.started_by
    record_event(
        EventCode.BENEFIT_RUN_STARTED,
        actor=actor,
        obj=run,
        payload={"rule": rule.code, "trigger": run.trigger},
    )
    try:
        version = rule.item.current
        if version is None or version.status != ServiceItemVersion.PUBLISHED:
            raise ValidationError(_("The rule's item is not published; nothing can be granted under it."))
        condition = conditions.check_condition(rule.condition, rule.audience)
        today = today or timezone.localdate()
        test = conditions.compile_condition(condition, today)
        total = (Person if rule.audience == Audience.PERSON else Enterprise).objects.count()
        after = 0
        while True:
            ids = _subject_ids(rule, after, chunk)
            if not ids:
                break
            after = ids[-1]
            found, granted, already, declined = _grant_chunk(run, rule, test, condition, ids, today, actor)
            run.checked += len(ids)
            run.found += found
            run.granted += granted
            run.already_granted += already
            run.declined += declined
            run.save(
                update_fields=["checked", "found", "granted", "already_granted", "declined", "updated_at"]
            )
            if progress:
                progress(run, total)
    except Exception as error:
        run.status, run.finished_at = BenefitRun.FAILED, timezone.now()
        run.error = "; ".join(error.messages) if isinstance(error, ValidationError) else repr(error)[:2000]
        run.save(update_fields=["status", "finished_at", "error", "updated_at"])
        record_event(
            EventCode.BENEFIT_RUN_FINISHED,
            actor=actor,
            obj=run,
            success=False,
            payload={"rule": rule.code, "error": run.error},
        )
        raise
    run.status, run.finished_at = BenefitRun.FINISHED, timezone.now()
    run.save(update_fields=["status", "finished_at", "updated_at"])
    record_event(
        EventCode.BENEFIT_RUN_FINISHED,
        actor=actor,
        obj=run,
        payload={
            "rule": rule.code,
            "checked": run.checked,
            "found": run.found,
            "granted": run.granted,
            "already_granted": run.already_granted,
            "declined": run.declined,
        },
    )
    return run


def do_run_benefit_rule(
    rule, *, actor=None, trigger=BenefitRun.COMMAND, progress=None, chunk=CHUNK, today=None
):
    """Queue and carry out a run at once, in this process (the command line, the scheduled job)."""
    run = BenefitRun.objects.create(
        rule=rule, trigger=trigger, started_by=actor if actor and actor.pk else None
    )
    return do_execute_benefit_run(run, progress=progress, chunk=chunk, today=today)


def do_decline_benefit(grant, *, actor, reason="", channel=Channel.WEB):
    """The subject declines a benefit granted without applying: its case is withdrawn with the
    reason and no later run grants it again. Only whoever follows the case may; refuses once the
    result has been issued."""
    if len(str(reason or "")) > 500:
        raise ValidationError({"reason": _("At most %(count)s characters.") % {"count": 500}})
    with transaction.atomic():
        grant = BenefitGrant.objects.select_for_update(of=("self",)).select_related("case").get(pk=grant.pk)
        if grant.status != BenefitGrant.GRANTED or grant.case is None:
            raise ValidationError(_("This benefit has been declined already."))
        with translation.override(settings.LANGUAGE_CODE):
            stored_reason = str(reason or "").strip() or _("Declined by the applicant.")
        do_decline_proactive_case(grant.case, actor=actor, reason=stored_reason, channel=channel)
        grant.status, grant.declined_at, grant.decline_reason = (
            BenefitGrant.DECLINED,
            timezone.now(),
            stored_reason[:500],
        )
        grant.save(update_fields=["status", "declined_at", "decline_reason", "updated_at"])
        record_event(
            EventCode.BENEFIT_DECLINED,
            actor=actor,
            obj=grant,
            channel=channel,
            payload={"rule": grant.rule.code, "case": grant.case.number, "reason": grant.decline_reason},
        )
    return grant


def scheduled_runs():
    """Run every active rule once (the worker's daily job); a failing rule does not stop the others."""
    import logging

    done = []
    for rule in BenefitRule.objects.filter(is_active=True).select_related("item__current"):
        try:
            done.append(do_run_benefit_rule(rule, trigger=BenefitRun.SCHEDULE))
        except Exception:  # recorded on the run; the next rule still runs
            logging.getLogger(__name__).exception("benefit run of %s failed", rule.code)
    return done
