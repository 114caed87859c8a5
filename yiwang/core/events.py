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
# app's AppConfig.ready(), through `read_events`; a reader must be cheap and must not call actions.
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
