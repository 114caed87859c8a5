"""Every write to the hotline: tickets through the closed loop, categories, Open311 keys.

Each action is atomic, checks its guard, records an event and queues the citizen's messages
(`notify.do_notify`, sent after commit). A refusal raises `ValidationError` with a translated
message and changes nothing. Event payloads never carry the caller's name or phone.
"""

import datetime
import re
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from yiwang.accounts.actions import PHONE_RE, phone_index
from yiwang.accounts.models import Department, Role, User
from yiwang.core.actions import ClockError, do_extend_clock, do_start_clock, do_stop_clock
from yiwang.core.channels import Channel
from yiwang.core.events import EventCode, record_event
from yiwang.core.models import Clock
from yiwang.core.pii import sm3_hex
from yiwang.hotline import limits
from yiwang.hotline.gazetteer import recognise_ids
from yiwang.hotline.models import (
    Category,
    CoHandlingOpinion,
    Open311Client,
    Ticket,
    TicketAttachment,
    TrainingExample,
)
from yiwang.hotline.similarity import keywords
from yiwang.notify.actions import do_notify
from yiwang.notify.models import Notification

MAX_TEXT = 5000
MAX_ATTACHMENTS = 5
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
ATTACHMENT_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp", "application/pdf"}
LANDLINE_RE = re.compile(r"^0\d{2,3}-?\d{7,8}$")
HANDLING_DEPARTMENT_KINDS = (Department.DEPARTMENT, Department.UNIT, Department.STREET, Department.COMMUNITY)


def _refuse(message, field=None):
    raise ValidationError({field: [message]} if field else message)


def _clock(start, **kwargs):
    try:
        return do_start_clock(start, **kwargs)
    except ClockError as error:
        _refuse(str(error))


def _stop(clock, actor):
    if clock is not None and clock.state != Clock.STOPPED:
        do_stop_clock(clock, actor=actor)


def _locked(ticket):
    """Lock the ticket's row for this transaction and bring the caller's instance up to date."""
    Ticket.objects.select_for_update().filter(pk=ticket.pk).values_list("pk").first()
    ticket.refresh_from_db()
    return ticket


def _new_number():
    return f"{timezone.localdate():%Y%m%d}{secrets.randbelow(10**8):08d}"


def _tell_caller(ticket, subject, body, *, sms=True):
    """An in-app message to the caller's account and an SMS to the caller's phone."""
    media = [Notification.IN_APP] if ticket.caller_user_id else []
    if sms and (ticket.caller_phone or ticket.caller_user_id):
        media.append(Notification.SMS)
    if media:
        do_notify(
            ticket.caller_user,
            subject=subject,
            body=body,
            obj=ticket,
            media=media,
            phone=ticket.caller_phone,
            link=f"/hotline/my/{ticket.code}/",
        )


def _tell_staff(departments, roles, subject, body, ticket):
    """In-app messages to the staff holding `roles` in `departments` (worklist alerts)."""
    users = User.objects.filter(
        role_assignments__department__in=departments, role_assignments__role__in=roles, is_active=True
    ).distinct()
    for user in users:
        do_notify(
            user,
            subject=subject,
            body=body,
            obj=ticket,
            media=[Notification.IN_APP],
            link=f"/staff/hotline/tickets/{ticket.code}/",
        )


def classify(title, text):
    """The classifier's top three [[category, confidence], ...] (empty without a model)."""
    from yiwang.hotline.classifier import get_classifier

    clf = get_classifier()
    if clf is None:
        return []
    return [[name, confidence] for name, confidence in clf.top(title, text, 3)]


def suggested_department(ticket, category):
    """Where a ticket of `category` goes: the street of its address for local matters, else the category's."""
    if category is None:
        return None
    if category.local_to_street and ticket.street_id:
        return ticket.street
    return category.department


def suggested_category(ticket):
    if not ticket.suggestions:
        return None
    return Category.objects.filter(name=ticket.suggestions[0][0], is_active=True).first()


def _check_text(value, field, limit, required=True):
    value = (value or "").strip()
    if required and not value:
        _refuse(_("This field is required."), field)
    if len(value) > limit:
        _refuse(_("At most %(limit)s characters.") % {"limit": limit}, field)
    return value


def _check_phone(phone):
    phone = "".join((phone or "").split())
    if phone and not (PHONE_RE.match(phone) or LANDLINE_RE.match(phone)):
        _refuse(
            _("Enter a mobile number such as 13812345678 or a landline such as 023-63800001."), "caller_phone"
        )
    return phone


def _check_coordinates(latitude, longitude):
    if latitude is None and longitude is None:
        return None, None
    try:
        lat, lng = float(latitude), float(longitude)
    except (TypeError, ValueError):
        _refuse(_("Give both latitude and longitude as numbers, or neither."), "latitude")
    if not (-90 <= lat <= 90 and -180 <= lng <= 180):
        _refuse(_("The coordinates are outside the valid range."), "latitude")
    return round(lat, 6), round(lng, 6)


def _check_attachments(files):
    files = list(files or [])
    if len(files) > MAX_ATTACHMENTS:
        _refuse(_("At most %(count)s attachments.") % {"count": MAX_ATTACHMENTS}, "attachments")
    for upload in files:
        if upload.size > MAX_ATTACHMENT_BYTES:
            _refuse(_("%(name)s is larger than 10 MB.") % {"name": upload.name[:80]}, "attachments")
        if (upload.content_type or "") not in ATTACHMENT_TYPES:
            _refuse(
                _("%(name)s is not a photo (JPEG, PNG, GIF, WebP) or a PDF.") % {"name": upload.name[:80]},
                "attachments",
            )
    return files


def do_create_ticket(
    *,
    kind,
    text,
    title="",
    channel=Channel.PHONE,
    actor=None,
    caller_user=None,
    caller_name="",
    caller_phone="",
    anonymous=False,
    confidential=False,
    address="",
    latitude=None,
    longitude=None,
    urgency=Ticket.NORMAL,
    attachments=(),
    category=None,
    ip=None,
):
    """Receive a request (受理): classify it, recognise its street, start the dispatch limit, tell the caller.

    `actor` is the operator who took the call (None for a citizen's own form, SMS or Open311);
    `category` is the one an Open311 client chose (the dispatcher still confirms it).
    Refuses an unknown kind or urgency, an empty text, a bad phone number, half coordinates and
    attachments that are too many, too large or of another type.
    """
    if kind not in dict(Ticket.KIND_CHOICES):
        _refuse(_("Choose the kind of request."), "kind")
    if urgency not in dict(Ticket.URGENCY_CHOICES):
        _refuse(_("Choose the urgency."), "urgency")
    text = _check_text(text, "text", MAX_TEXT)
    title = _check_text(title, "title", 200, required=False) or text[:30]
    address = _check_text(address, "address", 300, required=False)
    caller_name = _check_text(caller_name, "caller_name", 50, required=False)
    caller_phone = _check_phone(caller_phone)
    latitude, longitude = _check_coordinates(latitude, longitude)
    files = _check_attachments(attachments)
    person = getattr(caller_user, "person", None) if caller_user is not None else None
    if person is not None:
        caller_name = caller_name or person.name
        caller_phone = caller_phone or person.phone
    street_id, community_id = recognise_ids(
        address or text
    )  # an SMS or a call may name the place in the text
    suggestions = classify(title, text)
    with transaction.atomic():
        for _attempt in range(5):
            try:
                with transaction.atomic():
                    ticket = Ticket.objects.create(
                        number=_new_number(),
                        kind=kind,
                        urgency=urgency,
                        channel=channel,
                        caller=person,
                        caller_user=caller_user,
                        caller_name=caller_name,
                        caller_phone=caller_phone,
                        caller_phone_index=phone_index(caller_phone) if caller_phone else "",
                        anonymous=bool(anonymous),
                        confidential=bool(confidential),
                        title=title,
                        text=text,
                        address=address,
                        street_id=street_id,
                        community_id=community_id,
                        latitude=latitude,
                        longitude=longitude,
                        suggestions=suggestions,
                        category=category,
                        keywords=keywords(title, text),
                        received_by=actor if getattr(actor, "is_authenticated", False) else None,
                    )
                break
            except IntegrityError:
                continue
        else:
            raise RuntimeError("no free ticket number")
        for upload in files:
            TicketAttachment.objects.create(
                ticket=ticket,
                file=upload,
                original_name=upload.name[:200],
                content_type=upload.content_type or "",
                size=upload.size,
            )
        ticket.dispatch_clock = _clock(
            ticket,
            kind="ticket.dispatch",
            unit=Clock.HOURS,
            limit=limits.dispatch_hours(urgency),
            actor=actor,
        )
        ticket.save(update_fields=["dispatch_clock", "updated_at"])
        record_event(
            EventCode.TICKET_CREATED,
            actor=actor,
            obj=ticket,
            channel=channel,
            ip=ip,
            payload={
                "number": ticket.number,
                "kind": kind,
                "urgency": urgency,
                "suggested": suggestions[0][0] if suggestions else "",
            },
        )
        _tell_caller(
            ticket,
            _("12345: your request was received"),
            _("Your request was received as ticket %(number)s. We will answer within the time limit.")
            % {"number": ticket.number},
        )
    return ticket


def _check_department(department, field="department"):
    if (
        not isinstance(department, Department)
        or not department.is_active
        or department.kind not in HANDLING_DEPARTMENT_KINDS
    ):
        _refuse(_("Choose an active department, street or community."), field)


def do_dispatch_ticket(ticket, *, category, department, co_departments=(), actor):
    """Send a ticket to its lead department (派单), with co-handlers; start the handling limit.

    When the dispatcher chose another category than the classifier's first suggestion, the ticket
    is kept as a training example (the correction teaches the next model). Refuses a ticket that is
    not waiting for dispatch, an inactive category and a department that cannot handle tickets.
    """
    if not isinstance(category, Category) or not category.is_active:
        _refuse(_("Choose an active category."), "category")
    _check_department(department)
    co = [d for d in co_departments if d.pk != department.pk]
    for other in co:
        _check_department(other, "co_departments")
    with transaction.atomic():
        ticket = _locked(ticket)
        if not ticket.can_dispatch():
            _refuse(_("This ticket is not waiting for dispatch."))
        suggested = ticket.suggestions[0][0] if ticket.suggestions else ""
        if suggested and suggested != category.name:
            TrainingExample.objects.update_or_create(
                ticket=ticket,
                defaults={
                    "title": ticket.title,
                    "text": ticket.text,
                    "label": category.name,
                    "suggested": suggested,
                    "created_by": actor,
                },
            )
            record_event(
                EventCode.TICKET_CATEGORY_CORRECTED,
                actor=actor,
                obj=ticket,
                payload={"suggested": suggested, "chosen": category.name},
            )
        _stop(ticket.dispatch_clock, actor)
        ticket.category, ticket.department, ticket.status = category, department, Ticket.DISPATCHED
        ticket.dispatched_at = timezone.now()
        ticket.handling_clock = _clock(
            ticket,
            kind="ticket.handling",
            unit=Clock.WORKDAYS,
            limit=limits.handling_days(ticket.kind),
            department=department,
            actor=actor,
        )
        ticket.save(
            update_fields=[
                "category",
                "department",
                "status",
                "dispatched_at",
                "handling_clock",
                "updated_at",
            ]
        )
        ticket.co_departments.set(co)
        record_event(
            EventCode.TICKET_DISPATCHED,
            actor=actor,
            obj=ticket,
            payload={
                "category": category.name,
                "department": department.code,
                "co_departments": [d.code for d in co],
            },
        )
        _tell_staff(
            [department, *co],
            [Role.OFFICER, Role.DEPARTMENT_HEAD],
            _("New 12345 ticket"),
            _("Ticket %(number)s was dispatched to you.") % {"number": ticket.number},
            ticket,
        )
    return ticket


def do_take_up_ticket(ticket, *, actor):
    """The lead department takes the ticket up (签收): it is now being handled."""
    with transaction.atomic():
        ticket = _locked(ticket)
        if not ticket.can_start_handling():
            _refuse(_("This ticket is not waiting to be taken up."))
        ticket.status = Ticket.HANDLING
        ticket.save(update_fields=["status", "updated_at"])
        record_event(EventCode.TICKET_TAKEN_UP, actor=actor, obj=ticket, payload={"number": ticket.number})
    return ticket


def do_return_ticket(ticket, *, reason, actor):
    """The department sends a wrongly dispatched ticket back (退单), with its reason; the dispatch
    limit starts again. Refuses an empty reason and a ticket not with the department."""
    reason = _check_text(reason, "reason", 1000)
    with transaction.atomic():
        ticket = _locked(ticket)
        if not ticket.can_return():
            _refuse(_("Only a ticket with the department can be returned."))
        _stop(ticket.handling_clock, actor)
        department = ticket.department
        ticket.status, ticket.return_reason, ticket.department = Ticket.RETURNED, reason, None
        ticket.extension_state, ticket.extension_days = "", 0
        ticket.dispatch_clock = _clock(
            ticket,
            kind="ticket.dispatch",
            unit=Clock.HOURS,
            limit=limits.dispatch_hours(ticket.urgency),
            actor=actor,
        )
        ticket.save(
            update_fields=[
                "status",
                "return_reason",
                "department",
                "extension_state",
                "extension_days",
                "dispatch_clock",
                "updated_at",
            ]
        )
        ticket.co_departments.clear()
        record_event(
            EventCode.TICKET_RETURNED,
            actor=actor,
            obj=ticket,
            payload={"department": department.code if department else "", "reason": reason},
        )
    return ticket


def _answer_merged(ticket, answer):
    for merged in ticket.merged.all():
        merged.answer = answer
        merged.answered_at = ticket.answered_at
        merged.save(update_fields=["answer", "answered_at", "updated_at"])
        _tell_caller(
            merged,
            _("12345: your request was answered"),
            _("Ticket %(number)s was answered: %(answer)s")
            % {"number": merged.number, "answer": answer[:200]},
        )


def do_answer_ticket(ticket, *, answer, actor):
    """The department answers the citizen (答复); the handling limit stops; the callers of merged
    tickets get the same answer. The SMS carries the return-visit link."""
    answer = _check_text(answer, "answer", MAX_TEXT)
    with transaction.atomic():
        ticket = _locked(ticket)
        if not ticket.can_answer():
            _refuse(_("Only a ticket with the department can be answered."))
        _stop(ticket.handling_clock, actor)
        ticket.status, ticket.answer, ticket.answered_at = Ticket.ANSWERED, answer, timezone.now()
        ticket.save(update_fields=["status", "answer", "answered_at", "updated_at"])
        record_event(EventCode.TICKET_ANSWERED, actor=actor, obj=ticket, payload={"number": ticket.number})
        _tell_caller(
            ticket,
            _("12345: your request was answered"),
            _("Ticket %(number)s was answered: %(answer)s Tell us whether you are satisfied: %(link)s")
            % {
                "number": ticket.number,
                "answer": answer[:200],
                "link": f"{settings.YIWANG_SITE_URL}/hotline/visit/{ticket.visit_token}/",
            },
        )
        _answer_merged(ticket, answer)
    return ticket


def do_give_co_opinion(ticket, *, department, text, actor):
    """A co-handling department records its part of the work (协办意见) for the lead department,
    which is told. Refuses a department that is not a co-handler and a ticket no longer being handled."""
    text = _check_text(text, "text", MAX_TEXT)
    with transaction.atomic():
        ticket = _locked(ticket)
        if not ticket.can_give_opinion():
            _refuse(_("Only a ticket being handled takes co-handling opinions."))
        if not ticket.co_departments.filter(pk=department.pk).exists():
            _refuse(_("Only a co-handling department can give an opinion."))
        opinion = CoHandlingOpinion.objects.create(
            ticket=ticket, department=department, text=text, author=actor
        )
        record_event(
            EventCode.TICKET_CO_OPINION_GIVEN,
            actor=actor,
            obj=ticket,
            payload={"department": department.code},
        )
        _tell_staff(
            [ticket.department],
            [Role.OFFICER, Role.DEPARTMENT_HEAD],
            _("12345 co-handling opinion"),
            _("%(department)s gave its opinion on ticket %(number)s.")
            % {"department": department.name, "number": ticket.number},
            ticket,
        )
    return opinion


def do_request_extension(ticket, *, days, reason, actor):
    """The department asks for more working days (延期), with a reason; a supervisor decides."""
    reason = _check_text(reason, "reason", 1000)
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= 30:
        _refuse(_("An extension is 1 to 30 working days."), "days")
    with transaction.atomic():
        ticket = _locked(ticket)
        if not ticket.can_request_extension():
            _refuse(_("An extension cannot be requested for this ticket now."))
        ticket.extension_state, ticket.extension_days, ticket.extension_reason = (
            Ticket.EXTENSION_REQUESTED,
            days,
            reason,
        )
        ticket.save(update_fields=["extension_state", "extension_days", "extension_reason", "updated_at"])
        record_event(
            EventCode.TICKET_EXTENSION_REQUESTED,
            actor=actor,
            obj=ticket,
            payload={"days": days, "reason": reason},
        )
    return ticket


def do_decide_extension(ticket, *, approve, actor):
    """A supervisor approves (the handling limit moves on) or refuses a requested extension."""
    with transaction.atomic():
        ticket = _locked(ticket)
        if not ticket.can_decide_extension():
            _refuse(_("No extension is waiting for a decision on this ticket."))
        ticket.extension_state = Ticket.EXTENSION_APPROVED if approve else Ticket.EXTENSION_REFUSED
        ticket.save(update_fields=["extension_state", "updated_at"])
        if approve and ticket.handling_clock is not None:
            try:
                do_extend_clock(
                    ticket.handling_clock,
                    by=ticket.extension_days,
                    reason=ticket.extension_reason,
                    actor=actor,
                )
            except ClockError as error:
                _refuse(str(error))
        record_event(
            EventCode.TICKET_EXTENSION_DECIDED,
            actor=actor,
            obj=ticket,
            payload={"approved": bool(approve), "days": ticket.extension_days},
        )
    return ticket


def do_urge_ticket(ticket, *, note, actor):
    """A supervisor urges the handling department (督办): counted, recorded, sent to its staff."""
    note = _check_text(note, "note", 1000)
    with transaction.atomic():
        ticket = _locked(ticket)
        if not ticket.can_urge():
            _refuse(_("Only an open ticket can be urged."))
        Ticket.objects.filter(pk=ticket.pk).update(urge_count=F("urge_count") + 1, updated_at=timezone.now())
        ticket.refresh_from_db()
        record_event(EventCode.TICKET_URGED, actor=actor, obj=ticket, payload={"note": note})
        if ticket.department_id:
            _tell_staff(
                [ticket.department],
                [Role.OFFICER, Role.DEPARTMENT_HEAD],
                _("12345 urging notice"),
                _("Ticket %(number)s is urged: %(note)s") % {"number": ticket.number, "note": note},
                ticket,
            )
    return ticket


def do_record_return_visit(ticket, *, satisfaction, resolved, note="", actor=None, channel=Channel.PHONE):
    """Record the citizen's judgement (回访). Satisfied, or unsatisfied but solved, closes the ticket
    (办结); unsatisfied and unsolved reopens it (重办) with a new handling limit, up to
    YIWANG_HOTLINE_MAX_REOPENS times, after which it closes as it is."""
    if satisfaction not in dict(Ticket.SATISFACTION_CHOICES):
        _refuse(_("Choose how satisfied the citizen is."), "satisfaction")
    note = _check_text(note, "note", 1000, required=False)
    with transaction.atomic():
        ticket = _locked(ticket)
        if not ticket.can_record_visit():
            _refuse(_("Only an answered ticket can have a return visit."))
        now = timezone.now()
        ticket.satisfaction, ticket.resolved, ticket.visit_note, ticket.visited_at = (
            satisfaction,
            bool(resolved),
            note,
            now,
        )
        record_event(
            EventCode.TICKET_VISITED,
            actor=actor,
            obj=ticket,
            channel=channel,
            payload={"satisfaction": satisfaction, "resolved": bool(resolved)},
        )
        reopen = (
            satisfaction == Ticket.UNSATISFIED
            and not resolved
            and ticket.department_id
            and ticket.reopen_count < settings.YIWANG_HOTLINE_MAX_REOPENS
        )
        if reopen:
            ticket.status, ticket.reopen_count = Ticket.HANDLING, ticket.reopen_count + 1
            ticket.extension_state, ticket.extension_days = "", 0
            ticket.handling_clock = _clock(
                ticket,
                kind="ticket.handling",
                unit=Clock.WORKDAYS,
                limit=limits.handling_days(ticket.kind),
                department=ticket.department,
                actor=actor,
            )
            record_event(
                EventCode.TICKET_REOPENED,
                actor=actor,
                obj=ticket,
                channel=channel,
                payload={"times": ticket.reopen_count},
            )
            _tell_staff(
                [ticket.department],
                [Role.OFFICER, Role.DEPARTMENT_HEAD],
                _("12345 ticket reopened"),
                _("Ticket %(number)s was reopened: the citizen is not satisfied.")
                % {"number": ticket.number},
                ticket,
            )
        else:
            ticket.status, ticket.closed_at = Ticket.CLOSED, now
            record_event(
                EventCode.TICKET_CLOSED,
                actor=actor,
                obj=ticket,
                channel=channel,
                payload={"satisfaction": satisfaction},
            )
        ticket.save(
            update_fields=[
                "satisfaction",
                "resolved",
                "visit_note",
                "visited_at",
                "status",
                "closed_at",
                "reopen_count",
                "extension_state",
                "extension_days",
                "handling_clock",
                "updated_at",
            ]
        )
    return ticket


def do_close_directly(ticket, *, answer, actor):
    """The operator answers a consultation from the knowledge base and closes it at once (直接办结)."""
    answer = _check_text(answer, "answer", MAX_TEXT)
    with transaction.atomic():
        ticket = _locked(ticket)
        if not ticket.can_close_directly() or ticket.kind != Ticket.CONSULTATION:
            _refuse(_("Only a consultation waiting for dispatch can be answered and closed directly."))
        _stop(ticket.dispatch_clock, actor)
        now = timezone.now()
        ticket.status, ticket.answer, ticket.answered_at, ticket.closed_at = Ticket.CLOSED, answer, now, now
        ticket.save(update_fields=["status", "answer", "answered_at", "closed_at", "updated_at"])
        record_event(
            EventCode.TICKET_CLOSED_DIRECTLY, actor=actor, obj=ticket, payload={"number": ticket.number}
        )
        _tell_caller(
            ticket,
            _("12345: your request was answered"),
            _("Ticket %(number)s was answered: %(answer)s")
            % {"number": ticket.number, "answer": answer[:200]},
        )
    return ticket


def do_merge_ticket(ticket, *, master, actor):
    """Merge a duplicate into a master ticket: it is handled there once and its caller gets the
    master's answer. Refuses a ticket already dispatched, merging into itself, into a merged or
    closed ticket."""
    with transaction.atomic():
        ticket = _locked(ticket)
        master = _locked(master)
        if ticket.pk == master.pk:
            _refuse(_("A ticket cannot be merged into itself."))
        if not ticket.can_merge():
            _refuse(_("Only a ticket waiting for dispatch can be merged."))
        if master.status not in Ticket.OPEN or master.master_id is not None:
            _refuse(_("The master ticket must be open and not merged itself."))
        _stop(ticket.dispatch_clock, actor)
        ticket.status, ticket.master = Ticket.MERGED, master
        ticket.save(update_fields=["status", "master", "updated_at"])
        Ticket.objects.filter(master=ticket).update(master=master)  # its own duplicates follow it
        record_event(EventCode.TICKET_MERGED, actor=actor, obj=ticket, payload={"master": master.number})
        _tell_caller(
            ticket,
            _("12345: your request is handled with others"),
            _(
                "Ticket %(number)s reports the same problem as ticket %(master)s and is handled "
                "with it; you will get its answer."
            )
            % {"number": ticket.number, "master": master.number},
            sms=False,
        )
    return ticket


def do_escalate_overdue(now=None):
    """Escalate tickets whose dispatch or handling limit is overdue to the supervisors (once per
    ticket; a second run finds nothing new). Returns the tickets escalated."""
    now = now or timezone.now()
    overdue_ids = (
        Clock.objects.overdue(now)
        .filter(object_type="hotline.ticket", kind__startswith="ticket.")
        .values_list("object_id", flat=True)
    )
    escalated = []
    for ticket in Ticket.objects.filter(pk__in=[int(i) for i in overdue_ids], escalated_at__isnull=True):
        with transaction.atomic():
            if not Ticket.objects.filter(pk=ticket.pk, escalated_at__isnull=True).update(escalated_at=now):
                continue  # another worker got it first
            record_event(EventCode.TICKET_ESCALATED, obj=ticket, payload={"number": ticket.number})
            supervisors = Department.objects.filter(role_assignments__role=Role.SUPERVISOR).distinct()
            _tell_staff(
                supervisors,
                [Role.SUPERVISOR],
                _("Overdue 12345 ticket"),
                _("Ticket %(number)s is past its time limit.") % {"number": ticket.number},
                ticket,
            )
            escalated.append(ticket)
    return escalated


def do_save_category(category=None, *, actor, **fields):
    """Create or change a category and its department mapping (admin)."""
    if fields.get("department") is not None:
        _check_department(fields["department"])
    with transaction.atomic():
        if category is None:
            category = Category.objects.create(**fields)
        else:
            for name, value in fields.items():
                setattr(category, name, value)
            category.save()
        record_event(
            EventCode.TICKET_CATEGORY_CHANGED,
            actor=actor,
            obj=category,
            payload={
                "code": category.code,
                "department": category.department.code if category.department else "",
                "local_to_street": category.local_to_street,
                "active": category.is_active,
            },
        )
    return category


def open311_key_hash(key):
    return sm3_hex(("open311:" + key).encode("utf-8"))


def do_issue_open311_key(name, *, actor):
    """Register an Open311 client; returns (client, api_key). The key is shown once, stored hashed."""
    name = _check_text(name, "name", 100)
    key = "o311_" + secrets.token_urlsafe(24)
    with transaction.atomic():
        client = Open311Client.objects.create(name=name, key_hash=open311_key_hash(key))
        record_event(EventCode.OPEN311_CLIENT_CREATED, actor=actor, obj=client, payload={"name": name})
    return client, key


def client_for_key(key):
    if not key or len(key) > 100:
        return None
    return Open311Client.objects.filter(key_hash=open311_key_hash(key), is_active=True).first()


def recent_window():
    return timezone.now() - datetime.timedelta(days=settings.YIWANG_HOTLINE_DUPLICATE_DAYS)


def tell_caller_due_date_moved(event, clock):
    """Event reader (CLOCK_RECOMPUTED): the published holiday schedule moved a ticket's answer date,
    so the caller hears the new date."""
    if clock.kind != "ticket.handling" or not event.payload.get("moved"):
        return
    ticket = Ticket.objects.select_related("caller_user").filter(pk=clock.object_id).first()
    if ticket is None:
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("12345: new answer date for ticket %(number)s") % {"number": ticket.number}
        body = _(
            "The official holiday schedule has been published, so ticket %(number)s is now due for an "
            "answer on %(date)s (it was %(previous)s)."
        ) % {
            "number": ticket.number,
            "date": event.payload["due_date"],
            "previous": event.payload["previous_due_date"],
        }
    _tell_caller(ticket, subject, body)
