"""Every write of bundled services: publishing a bundle, submitting one, and following its item cases.

A bundle submission is one transaction: a `BundleCase`, and for each item that applies a case
started, filled and submitted through `cases.actions` (the same checks, steps, events and messages
as any application). An item that waits for another stays a draft until the other is finished:
`do_follow_case` (run after commit whenever an item case is submitted, refused, finished or
withdrawn) then feeds it, submits it, or - when the other was refused - withdraws it with an
explanation. The bundle is finished when every item has ended.
"""

import json
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from yiwang.accounts.models import Enterprise, Person
from yiwang.bundles.configuration import check_bundle
from yiwang.bundles.guides import clean_guide_answers, evaluate
from yiwang.bundles.models import Bundle, BundleCase, BundleCaseItem, FieldMapping, GuideRule
from yiwang.cases import actions as case_actions
from yiwang.cases.answers import clean_answers, prefill_answers
from yiwang.cases.models import Case
from yiwang.core.channels import Channel
from yiwang.core.events import EventCode, record_event
from yiwang.services.models import Audience, FormField, Material

# Configuration ------------------------------------------------------------------------------------


def do_publish_bundle(bundle, *, actor):
    """Show a bundle on the portal. Refuses a bundle whose configuration does not hold together,
    with every problem keyed by item/field."""
    errors = check_bundle(bundle)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        Bundle.objects.filter(pk=bundle.pk).update(published=True, updated_at=timezone.now())
        bundle.published = True
        record_event(EventCode.BUNDLE_PUBLISHED, actor=actor, obj=bundle, payload={"slug": bundle.slug})
    return bundle


def do_unpublish_bundle(bundle, *, actor, reason=""):
    """Take a bundle off the portal (cases already submitted go on)."""
    with transaction.atomic():
        Bundle.objects.filter(pk=bundle.pk).update(published=False, updated_at=timezone.now())
        bundle.published = False
        record_event(
            EventCode.BUNDLE_UNPUBLISHED,
            actor=actor,
            obj=bundle,
            payload={"slug": bundle.slug, "reason": reason[:300]},
        )
    return bundle


def do_record_bundle_change(bundle, *, actor):
    """Record a change made in admin and take the bundle off the portal if it no longer holds
    together (so that no applicant meets a form that cannot be submitted). Returns the problems."""
    errors = check_bundle(bundle)
    with transaction.atomic():
        record_event(
            EventCode.BUNDLE_CHANGED,
            actor=actor,
            obj=bundle,
            payload={"slug": bundle.slug, "problems": len(errors)},
        )
        if errors and bundle.published:
            do_unpublish_bundle(bundle, actor=actor, reason="configuration check failed")
    return errors


# Submitting ---------------------------------------------------------------------------------------


def _platform_text(text, **values):
    with translation.override(settings.LANGUAGE_CODE):
        return str(text) % values


def _new_number(now):
    return f"{settings.YIWANG_CASE_NUMBER_PREFIX}YJ{timezone.localtime(now):%Y%m%d}{secrets.randbelow(10**8):08d}"


def _audience_of(applicant):
    if isinstance(applicant, Person):
        return Audience.PERSON
    if isinstance(applicant, Enterprise):
        return Audience.ENTERPRISE
    raise ValidationError({"applicant": _("Choose who applies: a person or an enterprise.")})


def merged_fields(bundle, outcome):
    """The merged form's fields that apply under a guide's outcome; a field the guide brought in is required."""
    fields = []
    for field in bundle.fields.all():
        if not outcome.field_applies(field.key):
            continue
        if field.key in outcome.fields_needed:
            field.required = True  # for this applicant only; never saved
        fields.append(field)
    return fields


def applying_items(bundle, outcome):
    return [
        bi
        for bi in bundle.items.select_related("item__current", "item__department", "waits_for")
        if outcome.item_applies(bi)
    ]


def material_upload_key(material):
    return f"material:{material.name}"


def field_upload_key(bundle_item, field):
    return f"field:{bundle_item.pk}:{field.key}"


def uploads_needed(items, outcome):
    """What the applicant uploads, each asked once: {upload key: (label, [(bundle item, material or
    field)], required)}. A material several items ask for (by its name) is uploaded once."""
    needed = {}
    for bundle_item in items:
        version = bundle_item.item.current
        for material in version.materials.all():
            if material.source != Material.APPLICANT or not outcome.material_applies(material):
                continue
            key = material_upload_key(material)
            label, targets, required = needed.get(key, (material.name, [], False))
            needed[key] = (
                label,
                targets + [(bundle_item, material)],
                required or outcome.material_needed(material),
            )
        for field in version.form_fields.all():
            if field.kind == FormField.FILE:
                needed[field_upload_key(bundle_item, field)] = (
                    field.label,
                    [(bundle_item, field)],
                    field.required,
                )
    return needed


def _item_answers(bundle_item, data):
    """An item's answers from the merged form's answers and the bundle's fixed answers."""
    answers = {}
    for mapping in bundle_item.mappings.all():
        if mapping.fixed_value:
            answers[mapping.item_field] = mapping.fixed_value
        elif mapping.bundle_field_id and mapping.bundle_field.key in data:
            answers[mapping.item_field] = data[mapping.bundle_field.key]
    return answers


def _bundle_key(bundle_item, item_key):
    """An item case's error, put on the merged form's field it came from (else on item/field)."""
    for mapping in bundle_item.mappings.all():
        if mapping.item_field == item_key and mapping.bundle_field_id:
            return mapping.bundle_field.key
    return f"{bundle_item.item.implementation_code}/{item_key}"


def _collect(errors, bundle_item, error):
    for key, messages in (
        error.message_dict.items() if hasattr(error, "error_dict") else [("", error.messages)]
    ):
        target = (
            _bundle_key(bundle_item, key)
            if key and key not in ("materials", "data", "__all__")
            else f"{bundle_item.item.implementation_code}/{key or 'case'}"
        )
        errors.setdefault(target, f"{bundle_item.name}: {' '.join(messages)}")


def do_submit_bundle(
    bundle, *, applicant, owner, actor, answers, guide_answers=None, uploads=None, channel=Channel.WEB
):
    """Submit a bundle in one go: one bundle case and one case per item that applies; all or nothing.

    `answers` are the merged form's {field key: value}; `guide_answers` the guide's {question key:
    option value}; `uploads` {upload key: file} (see `uploads_needed`). Items that wait for another
    are started as drafts and submitted when the other is finished. Refuses an unpublished bundle,
    an applicant it does not serve, unanswered guide questions, wrong or missing answers and
    missing uploads, all named at once and keyed by the merged form's field (or item/field).
    """
    if not bundle.published:
        raise ValidationError({"bundle": _("This bundled service is not open for applications.")})
    if _audience_of(applicant) != bundle.audience:
        raise ValidationError(
            {
                "applicant": _("This bundled service is for enterprises.")
                if bundle.audience == Audience.ENTERPRISE
                else _("This bundled service is for persons.")
            }
        )
    if check_bundle(bundle):
        raise ValidationError({"bundle": _("This bundled service is being revised; please apply later.")})
    guide = getattr(bundle, "guide", None)
    errors = {}
    try:
        guide_answers = clean_guide_answers(guide, guide_answers or {})
    except ValidationError as error:
        raise ValidationError({f"guide.{key}": value for key, value in error.message_dict.items()}) from None
    outcome = evaluate(guide, guide_answers)
    fields = merged_fields(bundle, outcome)
    data = prefill_answers(None, applicant, fields)
    if not isinstance(answers, dict):
        raise ValidationError({"data": _("The answers must be an object of field keys and values.")})
    try:
        data.update(clean_answers(None, {**data, **answers}, fields=fields))
    except ValidationError as error:
        errors.update(error.message_dict)
    items = applying_items(bundle, outcome)
    uploads = uploads or {}
    if not isinstance(uploads, dict):
        raise ValidationError({"uploads": _("Upload the files for the materials asked for.")})
    needed = uploads_needed(items, outcome)
    unknown = sorted(key for key in uploads if key not in needed)
    if unknown:
        errors["uploads"] = _("Nothing here asks for %(keys)s.") % {"keys": ", ".join(unknown)[:200]}
    for key, (label, _targets, required) in needed.items():
        if required and not uploads.get(key):
            errors[key] = _("Upload %(name)s.") % {"name": label}
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    with transaction.atomic():
        bundle_case = _insert_bundle_case(
            bundle,
            applicant=applicant,
            owner=owner,
            channel=channel,
            now=now,
            data=data,
            guide_answers=guide_answers,
        )
        parts = []
        for bundle_item in items:
            case = case_actions.do_start_case(
                bundle_item.item, applicant=applicant, owner=owner, actor=actor, channel=channel
            )
            item_answers = _item_answers(bundle_item, data)
            for key, upload in uploads.items():
                if not upload:
                    continue
                for target_item, target in needed[key][1]:
                    if target_item.pk != bundle_item.pk:
                        continue
                    try:
                        row = case_actions.do_add_material(
                            case,
                            upload=upload,
                            actor=actor,
                            channel=channel,
                            material=target if isinstance(target, Material) else None,
                        )
                    except ValidationError as error:
                        errors.setdefault(key, " ".join(error.messages))
                        continue
                    if isinstance(target, FormField):
                        item_answers[target.key] = str(row.code)
            try:
                case_actions.do_save_answers(case, answers=item_answers, actor=actor, channel=channel)
                if bundle_item.waits_for_id is None:
                    case_actions.do_submit_case(case, actor=actor, channel=channel)
            except ValidationError as error:
                _collect(errors, bundle_item, error)
                continue
            state = BundleCaseItem.WAITING if bundle_item.waits_for_id else BundleCaseItem.RUNNING
            explanation = (
                _platform_text(_("Starts when %(other)s is finished."), other=bundle_item.waits_for.name)
                if bundle_item.waits_for_id
                else ""
            )
            parts.append(
                BundleCaseItem(
                    bundle_case=bundle_case,
                    bundle_item=bundle_item,
                    case=case,
                    state=state,
                    explanation=explanation,
                )
            )
        if errors:
            raise ValidationError(errors)
        BundleCaseItem.objects.bulk_create(parts)
        record_event(
            EventCode.BUNDLE_CASE_SUBMITTED,
            actor=actor,
            obj=bundle_case,
            channel=channel,
            payload={
                "number": bundle_case.number,
                "bundle": bundle.slug,
                "items": len(parts),
                "guide": guide_answers,
            },
        )
        _tell(
            bundle_case,
            _("Bundled application %(number)s submitted"),
            _(
                "Your application for %(bundle)s (%(number)s) has reached %(count)s departments' items. "
                "Follow it in your personal centre."
            ),
            count=len(parts),
        )
    return bundle_case


def _insert_bundle_case(bundle, *, applicant, owner, channel, now, data, guide_answers):
    fields = dict(
        bundle=bundle,
        applicant=applicant,
        owner=owner,
        channel=channel,
        submitted_at=now,
        data_json=json.dumps(data, ensure_ascii=False),
        guide_answers=guide_answers,
    )
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return BundleCase.objects.create(number=_new_number(now), **fields)
        except IntegrityError:  # the random number was taken: draw again
            continue
    raise RuntimeError("no free bundle case number")


def _tell(bundle_case, subject, body, **values):
    from yiwang.notify.actions import do_notify

    values = {"number": bundle_case.number, "bundle": bundle_case.bundle.name, **values}
    do_notify(
        bundle_case.owner,
        subject=_platform_text(subject, **values),
        body=_platform_text(body, **values),
        obj=bundle_case,
        link=f"/bundles/cases/{bundle_case.code}/",
    )


# Following the item cases -----------------------------------------------------------------------


def _state_of(case, current):
    """The part an item case plays now, from its status."""
    if case.status in (Case.FINISHED, Case.DELIVERED):
        return BundleCaseItem.DONE if case.result == Case.APPROVE else BundleCaseItem.REFUSED
    if case.status == Case.NOT_ACCEPTED:
        return BundleCaseItem.REFUSED
    if case.status == Case.WITHDRAWN:
        return current if current == BundleCaseItem.HALTED else BundleCaseItem.WITHDRAWN
    if case.status == Case.DRAFT:
        return current
    return BundleCaseItem.RUNNING


def _fed_value(source, case):
    if source == "result.case_number":
        return case.number
    if source == "result.letter_number":
        return case.letter_number
    if source == "result.finished_date":
        return timezone.localtime(case.finished_at).date().isoformat() if case.finished_at else ""
    return case.data.get(source.removeprefix("answers."), "")


def _release(part, done):
    """The item `part` waited for is granted: feed its form from it and submit it, or ask the applicant."""
    case = part.case
    feeds = {
        m.item_field: _fed_value(m.fed_from, done.case)
        for m in part.bundle_item.mappings.all()
        if m.fed_from and m.fed_from != FieldMapping.LATER
    }
    feeds = {key: value for key, value in feeds.items() if value not in ("", None)}
    try:
        if feeds:
            case_actions.do_save_answers(case, answers=feeds, actor=None, channel=case.channel)
        case_actions.do_submit_case(case, actor=None, channel=case.channel)
    except ValidationError as error:
        part.state = BundleCaseItem.NEEDS_APPLICANT
        part.explanation = _platform_text(
            _("%(other)s is granted. Complete what is still missing and submit: %(problems)s"),
            other=done.bundle_item.name,
            problems="；".join(error.messages)[:1000],
        )
        part.save(update_fields=["state", "explanation", "updated_at"])
        record_event(
            EventCode.BUNDLE_ITEM_NEEDS_APPLICANT,
            obj=part.bundle_case,
            payload={"case": case.number, "problems": sorted(getattr(error, "error_dict", {}))},
        )
        _tell(
            part.bundle_case,
            _("%(number)s: please complete %(item)s"),
            _(
                "In %(bundle)s (%(number)s), %(item)s can start now. Complete the missing answers and submit it."
            ),
            item=part.bundle_item.name,
        )
        return
    part.state = BundleCaseItem.RUNNING
    part.explanation = _platform_text(
        _("Submitted automatically once %(other)s was granted."), other=done.bundle_item.name
    )
    part.save(update_fields=["state", "explanation", "updated_at"])
    record_event(
        EventCode.BUNDLE_ITEM_RELEASED,
        obj=part.bundle_case,
        payload={"case": case.number, "after": done.case.number, "fed": sorted(feeds)},
    )


def _halt(part, ended):
    """`ended` was refused or withdrawn: the items waiting for it cannot proceed; their drafts are
    withdrawn on the applicant's behalf, with the reason."""
    reason = _platform_text(
        _("Cannot proceed: %(other)s, which it needs first, was not granted."), other=ended.bundle_item.name
    )
    part.state, part.explanation = BundleCaseItem.HALTED, reason
    part.save(update_fields=["state", "explanation", "updated_at"])
    if part.case.can_withdraw():
        case_actions.do_withdraw_case(
            part.case, actor=part.case.owner, reason=reason, channel=part.case.channel
        )
    record_event(
        EventCode.BUNDLE_ITEM_HALTED,
        obj=part.bundle_case,
        payload={"case": part.case.number, "because": ended.case.number},
    )


def _ended_explanation(part):
    case = part.case
    if part.state == BundleCaseItem.DONE:
        return _platform_text(_("Granted by %(department)s."), department=case.department.name)
    if part.state == BundleCaseItem.REFUSED:
        return _platform_text(
            _("Not granted by %(department)s: %(reason)s"),
            department=case.department.name,
            reason=case.result_reason,
        )
    return part.explanation


def do_follow_case(case, *, actor=None):
    """Bring a bundle case up to date with one of its item cases. Safe to run twice: it only acts on a
    change of the item's state (granted → release the items waiting for it; refused or withdrawn →
    halt them; all ended → the bundle is finished)."""
    with transaction.atomic():
        part = (
            BundleCaseItem.objects.select_for_update()
            .select_related("bundle_case__bundle", "bundle_item")
            .filter(case_id=case.pk)
            .first()
        )
        if part is None:
            return None
        bundle_case = BundleCase.objects.select_for_update().get(pk=part.bundle_case_id)
        part.case = Case.objects.select_related("department", "version").get(pk=case.pk)
        state = _state_of(part.case, part.state)
        if state == part.state:
            return bundle_case
        part.state = state
        if part.has_ended:
            part.explanation = _ended_explanation(part)
        part.save(update_fields=["state", "explanation", "updated_at"])
        if part.has_ended:
            record_event(
                EventCode.BUNDLE_ITEM_ENDED,
                actor=actor,
                obj=bundle_case,
                payload={"case": part.case.number, "state": state},
            )
        parts = list(bundle_case.parts.select_related("bundle_item__item__current", "case__department"))
        _pass_on(part, parts)
        _finish_if_done(bundle_case, parts, actor)
    return bundle_case


def _pass_on(part, parts):
    """Release or halt the items waiting for `part` (and, for a halt, those waiting for them)."""
    for other in parts:
        if other.bundle_item.waits_for_id != part.bundle_item_id or other.state != BundleCaseItem.WAITING:
            continue
        if part.state == BundleCaseItem.DONE:
            _release(other, part)
        elif part.state in (BundleCaseItem.REFUSED, BundleCaseItem.WITHDRAWN, BundleCaseItem.HALTED):
            _halt(other, part)
            _pass_on(other, parts)


def _finish_if_done(bundle_case, parts, actor):
    if bundle_case.status != BundleCase.IN_PROGRESS or not all(p.has_ended for p in parts):
        return
    granted = all(p.state == BundleCaseItem.DONE for p in parts)
    bundle_case.status = BundleCase.FINISHED if granted else BundleCase.ENDED_WITH_REFUSAL
    bundle_case.finished_at = timezone.now()
    bundle_case.save(update_fields=["status", "finished_at", "updated_at"])
    record_event(
        EventCode.BUNDLE_CASE_FINISHED, actor=actor, obj=bundle_case, payload={"status": bundle_case.status}
    )
    if granted:
        _tell(
            bundle_case,
            _("Bundled application %(number)s finished"),
            _("Every item of %(bundle)s (%(number)s) is done. Download the results in your personal centre."),
        )
    else:
        _tell(
            bundle_case,
            _("Bundled application %(number)s ended"),
            _(
                "%(bundle)s (%(number)s) has ended, but not every item was granted. The bundle's page explains "
                "what this means."
            ),
        )


def follow_overdue_parts():
    """Catch up with item cases whose follow-up was missed (a task lost in a crash): parts still shown
    as waiting for the department or the applicant whose case has moved on. Returns how many."""
    parts = BundleCaseItem.objects.filter(
        state=BundleCaseItem.RUNNING, case__status__in=Case.CLOSED
    ) | BundleCaseItem.objects.filter(state=BundleCaseItem.NEEDS_APPLICANT).exclude(case__status=Case.DRAFT)
    count = 0
    for part in parts.select_related("case")[:500]:
        do_follow_case(part.case)
        count += 1
    return count


# Setting up from a spec (the demo, tests, and any import) ----------------------------------------


def _find_item(reference):
    """A service item by (department code suffix, name of its published version)."""
    from yiwang.services.models import ServiceItem

    suffix, name = reference
    item = (
        ServiceItem.objects.select_related("current")
        .filter(department__code__endswith=f"-{suffix}", current__name=name)
        .first()
    )
    if item is None:
        raise ValidationError({"items": _("There is no published item %(name)s.") % {"name": name}})
    return item


def _create_guide(guide, spec, bundle_items):
    """Questions, options and rules of a guide. A rule is {"when": "question=value", "include" or
    "exclude": "item:<name>" / "material:<name>" / "field:<key>", "explanation": ...}."""
    from yiwang.bundles.models import GuideOption, GuideQuestion

    options = {}
    for order, question_spec in enumerate(spec.get("questions", ()), start=1):
        question = GuideQuestion.objects.create(
            guide=guide,
            sort_order=order,
            key=question_spec["key"],
            text=question_spec["text"],
            help_text=question_spec.get("help_text", ""),
        )
        for option_order, (value, label) in enumerate(question_spec["options"], start=1):
            options[f"{question.key}={value}"] = GuideOption.objects.create(
                question=question, sort_order=option_order, value=value, label=label
            )
    for rule_spec in spec.get("rules", ()):
        effect = GuideRule.INCLUDE if "include" in rule_spec else GuideRule.EXCLUDE
        kind, _sep, target = rule_spec[effect].partition(":")
        GuideRule.objects.create(
            guide=guide,
            option=options[rule_spec["when"]],
            effect=effect,
            bundle_item=bundle_items[target] if kind == "item" else None,
            material=target if kind == "material" else "",
            field_key=target if kind == "field" else "",
            explanation=rule_spec.get("explanation", ""),
        )


def do_create_bundle(spec, *, actor):
    """Create a bundle (unpublished) with its merged form, items, mappings and guide from a spec (see
    bundles/demo_bundles.py for the shape). Refuses a slug in use and items not in the catalogue."""
    from yiwang.bundles.models import BundleField, BundleItem, Guide

    if Bundle.objects.filter(slug=spec["slug"]).exists():
        raise ValidationError({"slug": _("A bundle with this short name exists already.")})
    with transaction.atomic():
        bundle = Bundle.objects.create(
            slug=spec["slug"],
            name=spec["name"],
            summary=spec.get("summary", ""),
            audience=spec["audience"],
            life_event=spec.get("life_event", ""),
            promised_limit=spec.get("promised_limit", 0),
            visits=spec.get("visits", 0),
            sort_order=spec.get("sort_order", 0),
        )
        fields = {}
        for order, field_spec in enumerate(spec["fields"], start=1):
            fields[field_spec["key"]] = BundleField.objects.create(
                bundle=bundle,
                sort_order=order,
                key=field_spec["key"],
                label=field_spec["label"],
                kind=field_spec.get("kind", "text"),
                required=field_spec.get("required", True),
                choices=field_spec.get("choices", []),
                help_text=field_spec.get("help_text", ""),
                max_length=field_spec.get("max_length"),
                prefill=field_spec.get("prefill", ""),
            )
        bundle_items = {}
        for order, item_spec in enumerate(spec["items"], start=1):
            item = _find_item(item_spec["item"])
            bundle_item = BundleItem.objects.create(
                bundle=bundle,
                item=item,
                sort_order=order,
                note=item_spec.get("note", ""),
                waits_for=bundle_items[item_spec["waits_for"]] if item_spec.get("waits_for") else None,
            )
            bundle_items[item_spec["item"][1]] = bundle_item
            for item_key, bundle_key in item_spec.get("map", {}).items():
                bundle_item.mappings.create(item_field=item_key, bundle_field=fields[bundle_key])
            for item_key, value in item_spec.get("fixed", {}).items():
                bundle_item.mappings.create(item_field=item_key, fixed_value=value)
            for item_key, source in item_spec.get("fed", {}).items():
                bundle_item.mappings.create(item_field=item_key, fed_from=source)
        if spec.get("guide"):
            guide = Guide.objects.create(bundle=bundle, intro=spec["guide"].get("intro", ""))
            _create_guide(guide, spec["guide"], bundle_items)
        record_event(
            EventCode.BUNDLE_CHANGED, actor=actor, obj=bundle, payload={"slug": bundle.slug, "created": True}
        )
    return bundle


def do_create_item_guide(spec, *, actor):
    """Create the situation guide of one item from a spec {"item": (department suffix, name), "intro",
    "questions", "rules"}; refuses an item that has one, and rules the item cannot satisfy."""
    from yiwang.bundles.configuration import check_guide
    from yiwang.bundles.models import Guide

    item = _find_item(spec["item"])
    if Guide.objects.filter(item=item).exists():
        raise ValidationError({"item": _("This item has a situation guide already.")})
    with transaction.atomic():
        guide = Guide.objects.create(item=item, intro=spec.get("intro", ""))
        _create_guide(guide, spec, {})
        errors = check_guide(guide)
        if errors:
            raise ValidationError(errors)
        record_event(
            EventCode.BUNDLE_CHANGED, actor=actor, obj=guide, payload={"item": item.implementation_code}
        )
    return guide
