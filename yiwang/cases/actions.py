"""Every write to a case (办件), from the first draft to delivery of the result.

Each action is atomic, locks the case row, checks its guard (`case.can_<x>()`) and the actor's role
in the responsible department, records an event and a step of the case record, and tells the
applicant through the notification outbox after commit. A refusal raises `ValidationError` (bad
input or wrong state) or `PermissionDenied` (wrong person) and changes nothing.
"""

import json
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import CharField, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from yiwang.accounts.models import Enterprise, Person, Role
from yiwang.cases.answers import clean_answers, prefill_answers
from yiwang.cases.models import Case, CaseMaterial, CaseStep
from yiwang.cases.permissions import HANDLING_ROLES
from yiwang.core.actions import ClockError, do_pause_clock, do_resume_clock, do_start_clock, do_stop_clock
from yiwang.core.channels import Channel
from yiwang.core.events import EventCode, record_event, record_events
from yiwang.core.models import Clock
from yiwang.core.permissions import user_has_role
from yiwang.core.pii import sm3_hex
from yiwang.datahub.fetch import fetch_case_materials, needs_upload, record_prefill_uses
from yiwang.services.models import Audience, FormField, Material, ServiceItemVersion

CLOCK_KIND = "case.promised"
MAX_REASON = 2000

# What an uploaded file must start with to be what it says (the extension is not trusted).
FILE_SIGNATURES = {
    "application/pdf": (b"%PDF-",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "application/ofd": (b"PK\x03\x04",),  # OFD (GB/T 33190) is a zip package
}


# Small pieces ---------------------------------------------------------------------------------------


def _locked(case):
    locked = Case.objects.select_for_update().get(pk=case.pk)
    case.__dict__.update(locked.__dict__)
    return case


def _refuse_unless(allowed, message):
    if not allowed:
        raise ValidationError(message)


def _require_handler(actor, case, roles=HANDLING_ROLES):
    if not user_has_role(actor, *roles, department=case.department):
        raise PermissionDenied(_("Only staff of the responsible department may do this."))


def _reason(text, *, required=True, field="reason"):
    text = (text or "").strip()
    if required and not text:
        raise ValidationError({field: _("Give the reason; the applicant will read it.")})
    if len(text) > MAX_REASON:
        raise ValidationError({field: _("At most %(count)s characters.") % {"count": MAX_REASON}})
    return text


def _open_step(case, name, at):
    return CaseStep.objects.create(case=case, name=name, started_at=at)


def _close_step(case, *, action, officer=None, opinion="", at):
    step = case.steps.filter(ended_at__isnull=True).order_by("-started_at", "-id").first()
    if step is not None:
        step.action, step.officer, step.opinion, step.ended_at = action, officer, opinion, at
        step.save(update_fields=["action", "officer", "opinion", "ended_at"])
    return step


def _tell_applicant(case, subject, body, person=None):
    """A message to whoever follows the case: their account, or the applicant's phone (walk-in)."""
    from yiwang.notify.actions import do_notify
    from yiwang.notify.models import Notification

    link = f"/cases/{case.code}/"
    if case.owner_id:
        do_notify(case.owner, subject=subject, body=body, obj=case, link=link)
        return
    person = person or Person.objects.filter(pk=case.applicant_id).first()
    if person is not None and person.phone:
        do_notify(None, subject=subject, body=body, obj=case, media=(Notification.SMS,), phone=person.phone)


def _message(text, case, **extra):
    """Notification text in the platform's language, whatever language the actor uses."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(text) % {"number": case.number, "item": case.version.name, **extra}


def _new_number(now):
    return (
        f"{settings.YIWANG_CASE_NUMBER_PREFIX}{timezone.localtime(now):%Y%m%d}{secrets.randbelow(10**8):08d}"
    )


# Starting and filling in ------------------------------------------------------------------------


def _check_applicant(version, applicant):
    if not isinstance(applicant, (Person, Enterprise)):
        raise ValidationError({"applicant": _("Choose who applies: a person or an enterprise.")})
    audience = Audience.PERSON if isinstance(applicant, Person) else Audience.ENTERPRISE
    if not version.serves(audience):
        raise ValidationError(
            {
                "applicant": _("This service is for enterprises.")
                if audience == Audience.PERSON
                else _("This service is for persons.")
            }
        )


def _insert_case(item, version, *, applicant, owner, actor, channel, data, now, status):
    """Insert a case under a fresh random number (drawn again in the rare case it is taken)."""
    fields = dict(
        item=item,
        version=version,
        department_id=item.department_id,
        applicant=applicant,
        owner=owner,
        submitted_by=actor if actor is not None and actor != owner else owner,
        channel=channel,
        data_json=json.dumps(data, ensure_ascii=False),
        status=status,
        submitted_at=now if status == Case.SUBMITTED else None,
    )
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Case.objects.create(number=_new_number(now), **fields)
        except IntegrityError:  # the random number was taken: draw again
            continue
    raise RuntimeError("no free case number")


def do_start_case(item, *, applicant, owner, actor, channel=Channel.WEB, answers=None):
    """Open a draft application for `item`'s published version, prefilled from what the government holds.

    Refuses an item not in the public catalogue and an applicant the item does not serve.
    """
    version = item.current
    if version is None or version.status != ServiceItemVersion.PUBLISHED:
        raise ValidationError({"item": _("This service is not open for applications.")})
    _check_applicant(version, applicant)
    fields = list(version.form_fields.all())
    data = prefill_answers(version, applicant, fields, owner=owner)
    if answers:
        data.update(clean_answers(version, answers, partial=True, fields=fields))
    now = timezone.now()
    with transaction.atomic():
        case = _insert_case(
            item,
            version,
            applicant=applicant,
            owner=owner,
            actor=actor,
            channel=channel,
            data=data,
            now=now,
            status=Case.DRAFT,
        )
        record_event(
            EventCode.CASE_CREATED,
            actor=actor,
            obj=case,
            channel=channel,
            payload={"number": case.number, "item": item.implementation_code, "version": version.number},
        )
        record_prefill_uses(case, actor=actor)
        fetch_case_materials(case, actor=actor, submitting=False)
    return case


def do_save_answers(case, *, answers, actor, channel=Channel.WEB):
    """Save a draft's answers (missing ones allowed, wrong ones refused); keeps answers not sent and
    clears those sent empty."""
    with transaction.atomic():
        _locked(case)
        _refuse_unless(
            case.can_edit() or case.can_supplement(), _("This application can no longer be changed.")
        )
        data = case.data
        data.update(clean_answers(case.version, answers, partial=True, case=case))
        for key, value in answers.items():  # an answer sent empty is cleared, not kept
            if value is None or (isinstance(value, str) and not value.strip()):
                data.pop(key, None)
        case.data_json = json.dumps(data, ensure_ascii=False)
        case.save(update_fields=["data_json", "updated_at"])
        record_event(
            EventCode.CASE_DRAFT_SAVED,
            actor=actor,
            obj=case,
            channel=channel,
            payload={"fields": sorted(answers)},
        )
    return case


def _check_upload(upload):
    limit = settings.YIWANG_UPLOAD_MAX_BYTES
    if upload is None or not getattr(upload, "size", 0):
        raise ValidationError({"file": _("Choose a file to upload.")})
    if upload.size > limit:
        raise ValidationError(
            {"file": _("The file is larger than %(size)s MB.") % {"size": limit // (1024 * 1024)}}
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for content_type, signatures in FILE_SIGNATURES.items():
        if any(head.startswith(signature) for signature in signatures):
            if content_type == "application/ofd" and not str(upload.name).lower().endswith(".ofd"):
                continue
            return content_type
    raise ValidationError({"file": _("Upload a PDF, JPEG, PNG or OFD file.")})


def _digest(upload):
    upload.seek(0)
    data = b"".join(upload.chunks())
    upload.seek(0)
    return sm3_hex(data)


def do_add_material(case, *, upload, actor, material=None, channel=Channel.WEB):
    """Attach an uploaded file to a draft or to a case awaiting a supplement.

    `material` is one of the version's materials the applicant provides (a replacement replaces
    the earlier file), or None for a file answering a form field. Refuses fetched materials (they
    come through data sharing), files that are not PDF/JPEG/PNG/OFD, and files over the size limit.
    """
    content_type = _check_upload(upload)
    if material is not None:
        if material.version_id != case.version_id:
            raise ValidationError({"material": _("This material does not belong to this service.")})
        if material.is_fetched and not needs_upload(case, material):
            raise ValidationError(
                {"material": _("This material is fetched by the department; nothing to upload.")}
            )
    digest = _digest(upload)
    name = str(upload.name).replace("\\", "/").rsplit("/", 1)[-1][:200] or "file"
    with transaction.atomic():
        _locked(case)
        _refuse_unless(
            case.can_edit() or case.can_supplement(), _("This application can no longer be changed.")
        )
        if material is not None:
            case.materials.filter(material=material, status=CaseMaterial.UPLOADED).delete()
        row = CaseMaterial(
            case=case,
            material=material,
            status=CaseMaterial.UPLOADED,
            original_name=name,
            content_type=content_type,
            size=upload.size,
            digest=digest,
            uploaded_by=actor,
        )
        row.file.save(f"{case.code.hex[:8]}-{secrets.token_hex(8)}", upload, save=False)
        row.save()
        record_event(
            EventCode.CASE_MATERIAL_ADDED,
            actor=actor,
            obj=case,
            channel=channel,
            payload={"material": material.name if material else "", "size": upload.size, "sm3": digest},
        )
    return row


def do_remove_material(case_material, *, actor, channel=Channel.WEB):
    """Remove an uploaded file from a draft or a case awaiting a supplement."""
    case = case_material.case
    with transaction.atomic():
        _locked(case)
        _refuse_unless(
            (case.can_edit() or case.can_supplement()) and case_material.status == CaseMaterial.UPLOADED,
            _("This file can no longer be removed."),
        )
        name = case_material.original_name
        case_material.delete()
        record_event(
            EventCode.CASE_MATERIAL_REMOVED, actor=actor, obj=case, channel=channel, payload={"file": name}
        )


def _check_materials(case, actor=None):
    """Required materials the applicant provides must be there; fetched ones are fetched from the data
    hub (数据跑路), and one the hub does not hold for the applicant must be uploaded instead."""
    to_upload = fetch_case_materials(case, actor=actor)
    uploaded = {row.material_id for row in case.materials.all() if row.status == CaseMaterial.UPLOADED}
    missing = []
    for material in case.version.materials.all():
        if material.is_fetched and material.pk not in to_upload:
            continue
        if (
            material.required
            and material.source in (Material.APPLICANT, *Material.FETCHED)
            and material.pk not in uploaded
        ):
            missing.append(material.name)
    return missing


def _check_complete(case, actor=None):
    """Every answer right and every required material there, or a refusal naming all that is not."""
    errors = {}
    try:
        clean_answers(case.version, case.data, case=case)
    except ValidationError as error:
        errors.update(error.message_dict)
    missing = _check_materials(case, actor)
    if missing:
        errors["materials"] = _("Upload these materials first: %(names)s") % {"names": "、".join(missing)}
    if errors:
        raise ValidationError(errors)


def do_submit_case(case, *, actor, channel=None):
    """Hand a complete draft to the responsible department (申请).

    Refuses missing or wrong answers and missing required materials, all named at once.
    """
    now = timezone.now()
    with transaction.atomic():
        _locked(case)
        _refuse_unless(case.can_submit(), _("This application has been submitted already."))
        _check_complete(case, actor)
        case.status, case.submitted_at = Case.SUBMITTED, now
        if channel:
            case.channel = channel
        case.save(update_fields=["status", "submitted_at", "channel", "updated_at"])
        CaseStep.objects.create(
            case=case,
            name=_step_name("apply"),
            action="submitted",
            officer=actor,
            started_at=case.created_at,
            ended_at=now,
        )
        _open_step(case, _step_name("accept"), now)
        record_event(
            EventCode.CASE_SUBMITTED,
            actor=actor,
            obj=case,
            channel=case.channel,
            payload={"number": case.number},
        )
        if case.submitted_by_id and case.submitted_by_id != case.owner_id:
            record_event(
                EventCode.CASE_ROUTED,
                actor=actor,
                obj=case,
                channel=case.channel,
                payload={"department": case.department.code},
            )
        _tell_applicant(
            case,
            _message(_("Application %(number)s submitted"), case),
            _message(
                _(
                    "Your application for %(item)s (%(number)s) has reached the department. You will be told when it is accepted."
                ),
                case,
            ),
        )
    return case


def _step_name(key):
    """Step names are stored in the record in the platform's language (they are part of the file)."""
    with translation.override(settings.LANGUAGE_CODE):
        return {
            "apply": _("Application"),
            "accept": _("Acceptance"),
            "supplement": _("Supplement"),
            "decide": _("Decision"),
            "finish": _("Completion"),
            "deliver": _("Delivery"),
        }[key]


def _published_parts(version):
    """The form fields and materials of a published version, read once per process: a published
    version never changes (the key includes its publication time, so a reused id is not mistaken)."""
    key = (version.pk, version.published_at)
    parts = _PUBLISHED_PARTS.get(key)
    if parts is None:
        parts = (tuple(version.form_fields.all()), tuple(version.materials.all()))
        if len(_PUBLISHED_PARTS) >= 2000:
            _PUBLISHED_PARTS.clear()
        _PUBLISHED_PARTS[key] = parts
    return parts


_PUBLISHED_PARTS = {}


def do_apply(item, *, applicant, owner, actor, answers, uploads=(), channel=Channel.WEB):
    """Start, fill in and submit an application in one go (API, kiosk, counter); all or nothing.

    `uploads` is a list of (material or None, uploaded file). Without uploads or file fields the
    case is written submitted in one step (the busiest path: apps and kiosks), with the same checks,
    steps, events and messages as the draft path.
    """
    version = item.current
    if version is None or version.status != ServiceItemVersion.PUBLISHED:
        raise ValidationError({"item": _("This service is not open for applications.")})
    fields, materials = _published_parts(version)
    if uploads or any(field.kind == FormField.FILE for field in fields):
        with transaction.atomic():
            case = do_start_case(item, applicant=applicant, owner=owner, actor=actor, channel=channel)
            for material, upload in uploads:
                do_add_material(case, upload=upload, actor=actor, material=material, channel=channel)
            do_save_answers(case, answers=answers, actor=actor, channel=channel)
            return do_submit_case(case, actor=actor, channel=channel)
    _check_applicant(version, applicant)
    data = prefill_answers(version, applicant, fields, owner=owner)
    errors = {}
    try:
        data.update(
            clean_answers(
                version, {**data, **answers} if isinstance(answers, dict) else answers, fields=fields
            )
        )
    except ValidationError as error:
        errors.update(error.message_dict)
    missing = [m.name for m in materials if m.required and m.source == Material.APPLICANT]
    if missing:
        errors["materials"] = _("Upload these materials first: %(names)s") % {"names": "、".join(missing)}
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    with transaction.atomic():
        case = _insert_case(
            item,
            version,
            applicant=applicant,
            owner=owner,
            actor=actor,
            channel=channel,
            data=data,
            now=now,
            status=Case.SUBMITTED,
        )
        if any(m.is_fetched for m in materials):
            missing = _check_materials(case, actor)
            if missing:  # the hub holds nothing for these: the whole application is refused, nothing kept
                raise ValidationError(
                    {
                        "materials": _("Upload these materials first: %(names)s")
                        % {"names": "、".join(missing)}
                    }
                )
        record_prefill_uses(case, actor=actor)
        CaseStep.objects.bulk_create(
            [
                CaseStep(
                    case=case,
                    name=_step_name("apply"),
                    action="submitted",
                    officer=actor,
                    started_at=now,
                    ended_at=now,
                ),
                CaseStep(case=case, name=_step_name("accept"), started_at=now),
            ]
        )
        record_event(
            EventCode.CASE_SUBMITTED,
            actor=actor,
            obj=case,
            channel=channel,
            payload={"number": case.number, "item": item.implementation_code, "version": version.number},
        )
        if case.submitted_by_id and case.submitted_by_id != case.owner_id:
            record_event(
                EventCode.CASE_ROUTED,
                actor=actor,
                obj=case,
                channel=channel,
                payload={"department": item.department_id},
            )
        _tell_applicant(
            case,
            _message(_("Application %(number)s submitted"), case),
            _message(
                _(
                    "Your application for %(item)s (%(number)s) has reached the department. You will be told when it is accepted."
                ),
                case,
            ),
            person=applicant if isinstance(applicant, Person) else None,
        )
    return case


# The department's side --------------------------------------------------------------------------


def do_accept_case(case, *, actor, opinion="", channel=Channel.WEB, at=None):
    """Accept an application (受理). The promised limit starts now, in working days.

    An item decided on the spot (即办件) is approved and finished at once.
    """
    _require_handler(actor, case)
    opinion = _reason(opinion, required=False, field="opinion")
    now = at or timezone.now()
    with transaction.atomic():
        _locked(case)
        _refuse_unless(case.can_accept(), _("Only a submitted application can be accepted."))
        case.accepted_at = now
        _close_step(case, action="accepted", officer=actor, opinion=opinion, at=now)
        record_event(
            EventCode.CASE_ACCEPTED, actor=actor, obj=case, channel=channel, payload={"opinion": opinion}
        )
        if case.version.is_immediate:
            case.status, case.result, case.decided_at = Case.APPROVED, Case.APPROVE, now
            case.save(update_fields=["status", "result", "accepted_at", "decided_at", "updated_at"])
            record_event(
                EventCode.CASE_APPROVED, actor=actor, obj=case, channel=channel, payload={"immediate": True}
            )
            return do_finish_case(case, actor=actor, channel=channel, at=now)
        try:
            case.clock = do_start_clock(
                case,
                kind=CLOCK_KIND,
                unit=Clock.WORKDAYS,
                limit=case.version.promised_limit,
                department=case.department,
                start=now,
                actor=actor,
            )
        except ClockError as error:
            raise ValidationError(str(error)) from None
        first_step = case.version.steps.first()
        case.status, case.step = Case.IN_REVIEW, first_step
        case.save(update_fields=["status", "step", "clock", "accepted_at", "updated_at"])
        _open_step(case, first_step.name if first_step else _step_name("decide"), now)
        _tell_applicant(
            case,
            _message(_("Application %(number)s accepted"), case),
            _message(
                _("Your application for %(item)s (%(number)s) was accepted. Promised by %(due)s."),
                case,
                due=case.clock.due_date.isoformat(),
            ),
        )
    return case


def do_refuse_case(case, *, actor, reason, channel=Channel.WEB):
    """Refuse to accept an application (不予受理), with the reason the applicant reads; final."""
    _require_handler(actor, case)
    reason = _reason(reason)
    now = timezone.now()
    with transaction.atomic():
        _locked(case)
        _refuse_unless(case.can_refuse(), _("Only a submitted application can be refused."))
        case.status, case.result, case.result_reason = Case.NOT_ACCEPTED, Case.REFUSE, reason
        case.decided_at = case.finished_at = now
        case.letter_number = _letter_number(case, now)
        case.save(
            update_fields=[
                "status",
                "result",
                "result_reason",
                "decided_at",
                "finished_at",
                "letter_number",
                "updated_at",
            ]
        )
        _close_step(case, action="not_accepted", officer=actor, opinion=reason, at=now)
        record_event(
            EventCode.CASE_NOT_ACCEPTED, actor=actor, obj=case, channel=channel, payload={"reason": reason}
        )
        _tell_applicant(
            case,
            _message(_("Application %(number)s not accepted"), case),
            _message(
                _("Your application for %(item)s (%(number)s) was not accepted: %(reason)s"),
                case,
                reason=reason,
            ),
        )
    return case


def _clean_items(items):
    if not isinstance(items, (list, tuple)):
        raise ValidationError({"items": _("List what is missing.")})
    items = [str(item).strip()[:200] for item in items if str(item).strip()]
    if not items or len(items) > 50:
        raise ValidationError({"items": _("List what is missing (at least one item).")})
    return items


def do_request_supplement(case, *, actor, items, note="", channel=Channel.WEB, at=None):
    """Ask the applicant, once and completely, for what is missing (一次性告知补正).

    Before acceptance nothing is counting yet; during review the promised limit pauses until the
    applicant answers.
    """
    _require_handler(actor, case, (*HANDLING_ROLES,))
    items = _clean_items(items)
    note = _reason(note, required=False, field="note")
    now = at or timezone.now()
    with transaction.atomic():
        _locked(case)
        _refuse_unless(
            case.can_request_supplement(), _("A supplement can only be asked for before a decision.")
        )
        if case.clock_id:
            do_pause_clock(case.clock, reason="supplement", actor=actor, at=now)
        case.supplement_from, case.status = case.status, Case.SUPPLEMENT
        case.supplement_items, case.supplement_note = items, note
        case.save(
            update_fields=["status", "supplement_from", "supplement_items", "supplement_note", "updated_at"]
        )
        _close_step(case, action="supplement_requested", officer=actor, opinion=note, at=now)
        _open_step(case, _step_name("supplement"), now)
        record_event(
            EventCode.CASE_SUPPLEMENT_REQUESTED,
            actor=actor,
            obj=case,
            channel=channel,
            payload={"items": items},
        )
        _tell_applicant(
            case,
            _message(_("Application %(number)s: please supply what is missing"), case),
            _message(
                _("For %(item)s (%(number)s) the department needs: %(items)s"), case, items="；".join(items)
            ),
        )
    return case


def do_supplement_case(case, *, actor, channel=Channel.WEB, at=None):
    """The applicant has supplied what was asked: the case goes back where it was and the limit runs on."""
    now = at or timezone.now()
    with transaction.atomic():
        _locked(case)
        _refuse_unless(case.can_supplement(), _("Nothing was asked for."))
        _check_complete(case, actor)
        if case.clock_id and case.clock.state == Clock.PAUSED:
            do_resume_clock(case.clock, actor=actor, at=now)
        case.status, case.supplement_from = case.supplement_from or Case.SUBMITTED, ""
        case.save(update_fields=["status", "supplement_from", "updated_at"])
        _close_step(case, action="supplemented", officer=actor, at=now)
        _open_step(
            case, case.step.name if case.status == Case.IN_REVIEW and case.step else _step_name("accept"), now
        )
        record_event(
            EventCode.CASE_SUPPLEMENTED,
            actor=actor,
            obj=case,
            channel=channel,
            payload={"items": case.supplement_items},
        )
    return case


def do_complete_step(case, *, actor, opinion, decision=None, channel=Channel.WEB, at=None):
    """Finish the current review step with an opinion. The last step decides: `decision` is
    Case.APPROVE or Case.DENY (a denial needs its reason as the opinion).

    The step's role acts (a department head may act in any step).
    """
    step = case.step
    if step is None:
        raise ValidationError(_("This case has no review step waiting."))
    _require_handler(actor, case, (step.role, Role.DEPARTMENT_HEAD))
    opinion = _reason(opinion, field="opinion")
    now = at or timezone.now()
    with transaction.atomic():
        _locked(case)
        _refuse_unless(
            case.can_complete_step() and case.step_id == step.pk,
            _("This step is not waiting for an opinion."),
        )
        following = case.version.steps.filter(sort_order__gt=step.sort_order).first()
        if following is None and decision not in (Case.APPROVE, Case.DENY):
            raise ValidationError({"decision": _("Decide: approve or deny.")})
        if following is not None and decision is not None:
            raise ValidationError({"decision": _("The decision is taken in the last step.")})
        _close_step(case, action=decision or "passed", officer=actor, opinion=opinion, at=now)
        record_event(
            EventCode.CASE_STEP_COMPLETED,
            actor=actor,
            obj=case,
            channel=channel,
            payload={"step": step.name, "opinion": opinion},
        )
        if following is not None:
            case.step = following
            case.save(update_fields=["step", "updated_at"])
            _open_step(case, following.name, now)
            return case
        approved = decision == Case.APPROVE
        case.status = Case.APPROVED if approved else Case.DENIED
        case.result, case.decided_at, case.step = decision, now, None
        case.result_reason = "" if approved else opinion
        case.save(update_fields=["status", "result", "result_reason", "decided_at", "step", "updated_at"])
        record_event(
            EventCode.CASE_APPROVED if approved else EventCode.CASE_DENIED,
            actor=actor,
            obj=case,
            channel=channel,
            payload={"opinion": opinion},
        )
        _open_step(case, _step_name("finish"), now)
    return case


def _letter_number(case, now):
    return f"{case.department.short_name or case.department.name}〔{timezone.localtime(now):%Y}〕{case.number[-8:]}号"


def do_finish_case(case, *, actor, channel=Channel.WEB, at=None):
    """Issue the result or the refusal (办结): the limit stops and the decision letter is available."""
    _require_handler(actor, case)
    now = at or timezone.now()
    with transaction.atomic():
        _locked(case)
        _refuse_unless(case.can_finish(), _("Only a decided case can be finished."))
        if case.clock_id:
            do_stop_clock(case.clock, actor=actor, at=now)
        case.status, case.finished_at, case.letter_number = Case.FINISHED, now, _letter_number(case, now)
        case.save(update_fields=["status", "finished_at", "letter_number", "updated_at"])
        _close_step(case, action="finished", officer=actor, at=now)
        _open_step(case, _step_name("deliver"), now)
        record_event(
            EventCode.CASE_FINISHED,
            actor=actor,
            obj=case,
            channel=channel,
            payload={"result": case.result, "letter": case.letter_number},
        )
        approved = case.result == Case.APPROVE
        _tell_applicant(
            case,
            _message(_("Application %(number)s finished"), case),
            _message(
                _("%(item)s (%(number)s): approved. Download the decision letter in your personal centre.")
                if approved
                else _(
                    "%(item)s (%(number)s): denied. The decision letter gives the reason and how to appeal."
                ),
                case,
            ),
        )
    return case


DELIVERY_METHODS = {"electronic", "counter", "post"}


def do_deliver_case(case, *, actor, method, channel=Channel.WEB):
    """Record that the result reached the applicant (送达): downloaded, collected at the counter or posted."""
    if method not in DELIVERY_METHODS:
        raise ValidationError({"method": _("Choose how the result was delivered.")})
    if method == "electronic":
        if actor is None or actor.pk != case.owner_id:
            raise PermissionDenied(_("Only the applicant receives the result electronically."))
    else:
        _require_handler(actor, case)
    now = timezone.now()
    with transaction.atomic():
        _locked(case)
        if case.status == Case.DELIVERED and method == "electronic":
            return case  # downloading again is fine
        _refuse_unless(case.can_deliver(), _("Only a finished case can be delivered."))
        case.status, case.delivered_at = Case.DELIVERED, now
        case.save(update_fields=["status", "delivered_at", "updated_at"])
        _close_step(case, action=method, officer=actor if method != "electronic" else None, at=now)
        record_event(
            EventCode.CASE_DELIVERED, actor=actor, obj=case, channel=channel, payload={"method": method}
        )
    return case


def do_withdraw_case(case, *, actor, reason="", channel=Channel.WEB):
    """The applicant withdraws an application before any decision (撤回); final."""
    if actor is None or actor.pk != case.owner_id:
        raise PermissionDenied(_("Only the applicant can withdraw an application."))
    reason = _reason(reason, required=False)
    now = timezone.now()
    with transaction.atomic():
        _locked(case)
        _refuse_unless(case.can_withdraw(), _("A case that is being decided can no longer be withdrawn."))
        if case.clock_id and case.clock.state != Clock.STOPPED:
            do_stop_clock(case.clock, actor=actor, at=now)
        case.status, case.finished_at = Case.WITHDRAWN, now
        case.save(update_fields=["status", "finished_at", "updated_at"])
        _close_step(case, action="withdrawn", opinion=reason, at=now)
        record_event(
            EventCode.CASE_WITHDRAWN, actor=actor, obj=case, channel=channel, payload={"reason": reason}
        )
    return case


# Without an application (免申即享) ---------------------------------------------------------------


def _free_numbers(count, now):
    """`count` case numbers not yet taken (drawn again where one is)."""
    numbers = set()
    while len(numbers) < count:
        drawn = {_new_number(now) for _ in range(count - len(numbers))} - numbers
        numbers |= drawn - set(Case.objects.filter(number__in=drawn).values_list("number", flat=True))
    return list(numbers)


def do_open_proactive_cases(item, applicants, *, actor=None, at=None):
    """Open cases that nobody applied for, already accepted (免申即享: the government found the
    applicant eligible from the data it holds), in bulk: `applicants` is a list of
    (applicant subject id, owner user id or None, answers dict).

    Each case starts at the item's first review step with its promised limit running; an item with
    no review steps is approved at once and waits for the department to issue the result. Records
    CASE_OPENED_PROACTIVELY for each case and starts its clock. Refuses an item not published.
    The caller tells the applicants (it knows what was granted and why).
    """
    version = item.current
    if version is None or version.status != ServiceItemVersion.PUBLISHED:
        raise ValidationError({"item": _("This service is not open for applications.")})
    if not applicants:
        return []
    now = at or timezone.now()
    first_step = version.steps.first()
    status = Case.IN_REVIEW if first_step else Case.APPROVED
    channel = Channel.PROACTIVE
    with transaction.atomic():
        for _attempt in range(5):
            rows = [
                Case(
                    number=number,
                    item=item,
                    version=version,
                    department_id=item.department_id,
                    applicant_id=applicant_id,
                    owner_id=owner_id,
                    channel=channel,
                    status=status,
                    step=first_step,
                    result=Case.APPROVE if status == Case.APPROVED else "",
                    decided_at=None if first_step else now,
                    data_json=json.dumps(data or {}, ensure_ascii=False),
                    submitted_at=now,
                    accepted_at=now,
                )
                for number, (applicant_id, owner_id, data) in zip(
                    _free_numbers(len(applicants), now), applicants, strict=True
                )
            ]
            try:
                with transaction.atomic():
                    cases = Case.objects.bulk_create(rows)
                break
            except IntegrityError:  # a number was taken meanwhile by someone else: draw again
                continue
        else:
            raise RuntimeError("no free case numbers")
        try:  # one clock through the action; the others start at the same moment, so they are due alike
            first = do_start_clock(
                cases[0],
                kind=CLOCK_KIND,
                unit=Clock.WORKDAYS,
                limit=version.promised_limit,
                department=item.department,
                start=now,
                actor=actor,
            )
        except ClockError as error:
            raise ValidationError(str(error)) from None
        clocks = [
            first,
            *Clock.objects.bulk_create(
                [
                    Clock(
                        kind=CLOCK_KIND,
                        object_type=Case._meta.label_lower,
                        object_id=str(case.pk),
                        department_id=item.department_id,
                        unit=Clock.WORKDAYS,
                        limit=version.promised_limit,
                        started_at=now,
                        due_at=first.due_at,
                        warn_at=first.warn_at,
                        provisional=first.provisional,
                    )
                    for case in cases[1:]
                ]
            ),
        ]
        for case, clock in zip(cases, clocks, strict=True):
            case.clock = clock
        # One UPDATE joining each case to its clock (bulk_update would send a CASE of every row).
        Case.objects.filter(pk__in=[case.pk for case in cases]).update(
            clock=Subquery(
                Clock.objects.filter(
                    kind=CLOCK_KIND,
                    object_type=Case._meta.label_lower,
                    object_id=Cast(OuterRef("pk"), output_field=CharField()),
                ).values("pk")[:1]
            )
        )
        open_name = first_step.name if first_step else _step_name("finish")
        apply_name, accept_name = _step_name("apply"), _step_name("accept")
        CaseStep.objects.bulk_create(
            [
                step
                for case in cases
                for step in (
                    CaseStep(case=case, name=apply_name, action="proactive", started_at=now, ended_at=now),
                    CaseStep(case=case, name=accept_name, action="accepted", started_at=now, ended_at=now),
                    CaseStep(case=case, name=open_name, started_at=now),
                )
            ]
        )
        record_events(
            EventCode.CASE_OPENED_PROACTIVELY,
            cases,
            actor=actor,
            channel=channel,
            payloads=[
                {"number": case.number, "item": item.implementation_code, "version": version.number}
                for case in cases
            ],
        )
        record_events(
            EventCode.CLOCK_STARTED,
            clocks[1:],
            actor=actor,
            payloads=[
                {
                    "kind": CLOCK_KIND,
                    "object": f"cases.case:{clock.object_id}",
                    "unit": Clock.WORKDAYS,
                    "limit": clock.limit,
                    "due_at": clock.due_at.isoformat(),
                }
                for clock in clocks[1:]
            ],
        )
    return cases


def do_decline_proactive_case(case, *, actor, reason="", channel=Channel.WEB):
    """The applicant declines a benefit granted without applying (谢绝): the case is withdrawn with
    the reason, before its result is issued; final. Only the applicant who follows the case may."""
    if actor is None or actor.pk != case.owner_id:
        raise PermissionDenied(_("Only the applicant can decline this."))
    reason = _reason(reason, required=False)
    now = timezone.now()
    with transaction.atomic():
        _locked(case)
        _refuse_unless(case.can_decline(), _("This can no longer be declined: the result has been issued."))
        if case.clock_id and case.clock.state != Clock.STOPPED:
            do_stop_clock(case.clock, actor=actor, at=now)
        case.status, case.finished_at, case.step = Case.WITHDRAWN, now, None
        case.result_reason = reason
        case.save(update_fields=["status", "finished_at", "step", "result_reason", "updated_at"])
        _close_step(case, action="declined", opinion=reason, at=now)
        record_event(
            EventCode.CASE_WITHDRAWN,
            actor=actor,
            obj=case,
            channel=channel,
            payload={"reason": reason, "declined": True},
        )
    return case


def record_data_view(case, *, actor, channel=Channel.WEB):
    """An officer opened a case's personal data: recorded (the ledger will carry it further)."""
    record_event(
        EventCode.CASE_DATA_VIEWED,
        actor=actor,
        obj=case,
        channel=channel,
        payload={"applicant": str(case.applicant.code) if case.applicant_id else ""},
    )


def remaining_days(case, today=None):
    """Working days left for a running case, or None."""
    if not case.clock_id or case.clock.state == Clock.STOPPED:
        return None
    return case.clock.remaining_workdays(today)


def tell_applicant_due_date_moved(event, clock):
    """Event reader (CLOCK_RECOMPUTED): the published holiday schedule moved a case's promised date,
    so its applicant hears the new date (in-app, or SMS for a walk-in without an account)."""
    if clock.kind != CLOCK_KIND or not event.payload.get("moved"):
        return
    case = Case.objects.select_related("version", "owner").filter(pk=clock.object_id).first()
    if case is None:
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Application %(number)s: new promised date") % {"number": case.number}
        body = _(
            "The official holiday schedule has been published, so application %(number)s (%(item)s) "
            "is now due on %(date)s (it was %(previous)s)."
        ) % {
            "number": case.number,
            "item": case.version.name,
            "date": event.payload["due_date"],
            "previous": event.payload["previous_due_date"],
        }
    _tell_applicant(case, subject, body)
