"""Typed event codes and the one writer every action uses (DESIGN.md: Event).

Codes are grouped by app with room between groups: 1xx accounts and security, 2xx cases,
3xx hotline tickets, ... 9xx system configuration. A code, once shipped, never changes meaning.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventCode(models.IntegerChoices):
    # accounts and security (the audit trail of DOMAIN.md §8)
    USER_REGISTERED = 101, _("Citizen registered")
    LOGIN_SUCCEEDED = 102, _("Logged in")
    LOGIN_FAILED = 103, _("Login failed")
    ACCOUNT_LOCKED = 104, _("Account locked after failed logins")
    LOGGED_OUT = 105, _("Logged out")
    SECOND_FACTOR_ENROLLED = 106, _("Second factor enrolled")
    SECOND_FACTOR_FAILED = 107, _("Second factor code rejected")
    PASSWORD_CHANGED = 108, _("Password changed")
    SESSION_TIMED_OUT = 109, _("Session timed out")
    STAFF_CREATED = 110, _("Staff account created")
    ROLE_GRANTED = 111, _("Role granted")
    ROLE_REVOKED = 112, _("Role revoked")
    API_TOKEN_ISSUED = 113, _("API token issued")
    API_TOKEN_REVOKED = 114, _("API token revoked")
    ENTERPRISE_REGISTERED = 115, _("Enterprise registered")
    ENTERPRISE_AGENT_ADDED = 116, _("Agent added to enterprise")
    ACCOUNT_UNLOCKED = 117, _("Account unlocked")
    ACCOUNT_DEACTIVATED = 118, _("Account deactivated")
    SECOND_FACTOR_RESET = 119, _("Second factor reset")
    DEPARTMENT_CREATED = 151, _("Department created")
    DEPARTMENT_CHANGED = 152, _("Department changed")
    # cases (办件)
    CASE_CREATED = 201, _("Case draft created")
    CASE_SUBMITTED = 202, _("Case submitted")
    CASE_ACCEPTED = 203, _("Case accepted")
    CASE_NOT_ACCEPTED = 204, _("Case not accepted")
    CASE_SUPPLEMENT_REQUESTED = 205, _("Supplement requested")
    CASE_SUPPLEMENTED = 206, _("Supplement provided")
    CASE_STEP_COMPLETED = 207, _("Review step completed")
    CASE_APPROVED = 208, _("Case approved")
    CASE_DENIED = 209, _("Case denied")
    CASE_FINISHED = 210, _("Case finished")
    CASE_DELIVERED = 211, _("Result delivered")
    CASE_WITHDRAWN = 212, _("Case withdrawn")
    CASE_MATERIAL_ADDED = 213, _("Case material added")
    CASE_MATERIAL_REMOVED = 214, _("Case material removed")
    CASE_DRAFT_SAVED = 215, _("Case draft saved")
    CASE_ROUTED = 216, _("Case routed to its department")
    CASE_DATA_VIEWED = 217, _("Case personal data viewed")
    # service catalogue (事项目录)
    ITEM_CREATED = 251, _("Service item created")
    ITEM_VERSION_DRAFTED = 252, _("Service item version drafted")
    ITEM_VERSION_PUBLISHED = 253, _("Service item version published")
    ITEM_VERSION_CHANGED = 254, _("Service item draft changed")
    ITEM_WITHDRAWN = 255, _("Service item withdrawn from the catalogue")
    CATALOGUE_IMPORTED = 256, _("Catalogue imported")
    CATALOGUE_EXPORTED = 257, _("Catalogue exported")
    THEME_CHANGED = 258, _("Theme changed")
    # bundled services (一件事) and situation guides (情形引导)
    BUNDLE_CHANGED = 260, _("Bundle configuration changed")
    BUNDLE_PUBLISHED = 261, _("Bundle published")
    BUNDLE_UNPUBLISHED = 262, _("Bundle withdrawn from the portal")
    BUNDLE_CASE_SUBMITTED = 263, _("Bundle application submitted")
    BUNDLE_ITEM_RELEASED = 264, _("Waiting item of a bundle submitted")
    BUNDLE_ITEM_NEEDS_APPLICANT = 265, _("Bundle item waits for the applicant")
    BUNDLE_ITEM_ENDED = 266, _("Bundle item ended")
    BUNDLE_ITEM_HALTED = 267, _("Bundle item halted")
    BUNDLE_CASE_FINISHED = 268, _("Bundle application finished")
    # life events, recommendations and benefits without applying (免申即享)
    LIFE_EVENT_CHANGED = 275, _("Life event changed")
    RECOMMENDATION_RULE_CHANGED = 276, _("Recommendation rule changed")
    RECOMMENDATIONS_SWITCHED = 277, _("Recommendations switched on or off")
    BENEFIT_RULE_CHANGED = 278, _("Benefit rule changed")
    BENEFIT_RUN_STARTED = 279, _("Benefit run started")
    BENEFIT_RUN_FINISHED = 280, _("Benefit run finished")
    BENEFIT_GRANTED = 281, _("Benefit granted without application")
    BENEFIT_DECLINED = 282, _("Benefit declined")
    CASE_OPENED_PROACTIVELY = 283, _("Case opened and accepted without application")
    # hotline tickets (12345)
    TICKET_CREATED = 301, _("Ticket received")
    TICKET_DISPATCHED = 302, _("Ticket dispatched")
    TICKET_TAKEN_UP = 303, _("Ticket taken up by the department")
    TICKET_RETURNED = 304, _("Ticket returned for re-dispatch")
    TICKET_ANSWERED = 305, _("Ticket answered")
    TICKET_VISITED = 306, _("Return visit recorded")
    TICKET_CLOSED = 307, _("Ticket closed")
    TICKET_REOPENED = 308, _("Ticket reopened")
    TICKET_EXTENSION_REQUESTED = 309, _("Ticket extension requested")
    TICKET_EXTENSION_DECIDED = 310, _("Ticket extension decided")
    TICKET_URGED = 311, _("Ticket urged")
    TICKET_ESCALATED = 312, _("Overdue ticket escalated")
    TICKET_MERGED = 313, _("Ticket merged into a master ticket")
    TICKET_CLOSED_DIRECTLY = 314, _("Ticket answered and closed directly")
    TICKET_CATEGORY_CORRECTED = 315, _("Suggested ticket category corrected")
    TICKET_CO_OPINION_GIVEN = 316, _("Co-handling opinion given")
    TICKET_CATEGORY_CHANGED = 351, _("Ticket category changed")
    OPEN311_CLIENT_CREATED = 352, _("Open311 client key issued")
    CLASSIFIER_TRAINED = 353, _("Ticket classifier trained")
    # service evaluations (好差评) and the rectification of 差评
    EVALUATION_RECORDED = 401, _("Service evaluated")
    RECTIFICATION_VISITED = 411, _("Return visit on a bad review recorded")
    RECTIFICATION_VERIFIED = 412, _("Bad review verified")
    RECTIFICATION_FIXED_ON_SPOT = 413, _("Bad review fixed on the spot")
    RECTIFICATION_DEADLINE_SET = 414, _("Bad review to be fixed within a deadline")
    RECTIFICATION_FIXED = 415, _("Bad review fixed")
    RECTIFICATION_EXPLAINED = 416, _("Bad review explained")
    RECTIFICATION_APPEALED = 421, _("Bad review appealed")
    APPEAL_UPHELD = 422, _("Appeal upheld: review excluded")
    APPEAL_REJECTED = 423, _("Appeal rejected")
    # electronic certificates (电子证照) and 数据跑路
    CERTIFICATE_TYPE_CREATED = 570, _("Certificate type created")
    CERTIFICATE_TYPE_CHANGED = 571, _("Certificate type changed")
    CERTIFICATE_ISSUED = 572, _("Electronic certificate issued")
    CERTIFICATE_IMPORTED = 573, _("Electronic certificates imported")
    CERTIFICATE_REVOKED = 574, _("Electronic certificate revoked")
    CERTIFICATE_VERIFIED = 575, _("Electronic certificate checked on the verification page")
    CASE_MATERIALS_FETCHED = 580, _("Case materials fetched through data sharing")
    CASE_FORM_PREFILLED = 581, _("Case form prefilled from shared data")
    CASE_FETCHED_DATA_VIEWED = 582, _("Fetched data of a case opened")
    # data sharing and the exchange gateway (datahub)
    CONSUMER_REGISTERED = 530, _("Consumer system registered")
    CONSUMER_CHANGED = 531, _("Consumer system changed")
    CONSUMER_KEY_ISSUED = 532, _("Consumer key issued")
    CONSUMER_KEY_REVOKED = 533, _("Consumer key revoked")
    SHARE_REQUESTED = 534, _("Share request made")
    SHARE_APPROVED = 535, _("Share request approved")
    SHARE_REFUSED = 536, _("Share request refused")
    SHARE_GRANTED = 537, _("Unconditional sharing granted")
    GRANT_REVOKED = 538, _("Grant revoked")
    SHARE_REQUEST_ESCALATED = 539, _("Overdue share request escalated")
    # verifiable ledger (可验证账本)
    LEDGER_HEAD_SIGNED = 601, _("Ledger tree head signed")
    LEDGER_USE_OBJECTED = 602, _("Objection to a use of personal data")
    # data resources and datasets (一网共享: catalogue and ingest)
    DATA_ELEMENT_SAVED = 501, _("Data element saved")
    RESOURCE_SAVED = 502, _("Data resource saved")
    DATA_IMPORTED = 503, _("Data imported into a resource")
    DATA_IMPORT_REFUSED = 504, _("Data import refused")
    RESOURCE_STALE = 505, _("Data resource missed its update cycle")
    RECORD_REVEALED = 506, _("Personal values of a data record viewed")
    # supervision and dashboards (insight)
    CLOCK_URGED = 451, _("Time limit urged")
    CLOCK_ESCALATED = 452, _("Time limit escalated")
    COUNTS_REBUILT = 453, _("Dashboard counts rebuilt")
    REPORT_EXPORTED = 454, _("Report exported")
    # open data (开放数据)
    OPEN_DATASET_PUBLISHED = 701, _("Open dataset published")
    OPEN_DATASET_CHANGED = 702, _("Open dataset changed")
    OPEN_DATASET_WITHDRAWN = 703, _("Open dataset withdrawn")
    DEVELOPER_REGISTERED = 704, _("Developer registered")
    DATA_ACCESS_APPLIED = 705, _("Applied to read an open dataset")
    DATA_ACCESS_DECIDED = 706, _("Open-data application answered")
    DATA_ACCESS_REVOKED = 707, _("Open-data access revoked")
    SHOWCASE_SUBMITTED = 708, _("Showcase entry submitted")
    SHOWCASE_MODERATED = 709, _("Showcase entry moderated")
    # time limits (时限) of any object
    CLOCK_STARTED = 951, _("Time limit started")
    CLOCK_PAUSED = 952, _("Time limit paused")
    CLOCK_RESUMED = 953, _("Time limit resumed")
    CLOCK_STOPPED = 954, _("Time limit stopped")
    CLOCK_EXTENDED = 955, _("Time limit extended")
    CLOCK_RECOMPUTED = 956, _("Time limit counted again on the published holiday schedule")
    # system configuration
    CALENDAR_SEEDED = 901, _("Working-day calendar seeded")
    CALENDAR_DAY_SET = 902, _("Calendar day set")
    CALENDAR_DAY_REMOVED = 903, _("Calendar day removed")
    CALENDAR_YEAR_PUBLISHED = 904, _("Calendar year published")
    CALENDAR_YEAR_WITHDRAWN = 905, _("Calendar year withdrawn")
    CALENDAR_YEAR_CREATED = 906, _("Calendar year created")
    CALENDAR_YEAR_CHANGED = 907, _("Calendar year notice changed")


def _clean(value):
    """Payloads are for facts, not personal data: identifiers are masked on the way in."""
    from yiwang.core.pii import redact

    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return value


# Readers of events (DESIGN.md: events feed counts for dashboards and, for the kinds that matter, the
# ledger): code -> functions called as fn(event, obj) right after the row is written, in the same
# transaction, so that what they write stands or falls with the action. Registered once, from an
# app's AppConfig.ready(), through `read_events`. A reader must be cheap and must not fail on ordinary
# input (its error would undo the action). What readers do today: dashboard counts (insight), ledger
# entries (ledger), 好差评 invitations through the outbox (feedback) and the certificate a finished
# case issues (datahub) — the last two call actions of their own app, which record their own events.
_readers = {}


def read_events(codes, reader):
    """Have `reader(event, obj)` called for every event whose code is in `codes`."""
    for code in codes:
        readers = _readers.setdefault(int(code), [])
        if reader not in readers:
            readers.append(reader)


def record_event(code, *, actor=None, obj=None, channel=None, payload=None, success=True, ip=None):
    """Append one event row in the caller's transaction, hand it to its readers and return it."""
    from yiwang.core.channels import Channel
    from yiwang.core.models import Event

    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    event = Event.objects.create(
        code=code,
        actor=actor,
        channel=channel or Channel.SYSTEM,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        success=success,
        ip_address=ip,
        payload=_clean(payload or {}),
    )
    for reader in _readers.get(int(code), ()):
        reader(event, obj)
    return event


def record_events(code, objects, *, actor=None, channel=None, payloads=None):
    """`record_event` for many objects at once (a benefit run opens thousands of cases): one bulk
    insert in the caller's transaction, then each event handed to its readers. Returns the events."""
    from yiwang.core.channels import Channel
    from yiwang.core.models import Event

    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    payloads = payloads if payloads is not None else [{}] * len(objects)
    events = Event.objects.bulk_create(
        [
            Event(
                code=code,
                actor=actor,
                channel=channel or Channel.SYSTEM,
                object_type=obj._meta.label_lower,
                object_id=str(obj.pk),
                success=True,
                payload=_clean(payload or {}),
            )
            for obj, payload in zip(objects, payloads, strict=True)
        ]
    )
    readers = _readers.get(int(code), ())
    for event, obj in zip(events, objects, strict=True):
        for reader in readers:
            reader(event, obj)
    return events
