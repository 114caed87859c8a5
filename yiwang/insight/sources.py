"""What each kind of source object adds to the counts (the metrics of DOMAIN.md §9).

A source's `keys(obj)` reads only the object (and the clocks it points at) as it is now and returns
the rows it contributes: `(metric, department_id, dim, day, n, total)`. The same function serves
the incremental readers and the rebuild, so the two agree exactly when every change of an object
reached its reader; `yiwang insight check` is how that is verified.

Metrics (department_id is the responsible department, 0 when none yet; day is Asia/Shanghai):

| metric | dim | day | n / total |
|---|---|---|---|
| case.submitted | channel | submitted | 1 |
| case.accepted | "" | accepted | 1 |
| case.finished | item id | finished (办结) | 1 / 1 if within the promised limit |
| case.not_accepted, case.withdrawn | "" | that day | 1 |
| ticket.received | channel | received | 1 |
| ticket.place | "street id/category id" | received | 1 |
| ticket.merged | "" | received | 1 (a repeated report of a known problem) |
| ticket.closed | category id | closed | 1 / seconds from receipt to closing |
| ticket.responded, ticket.on_time, ticket.visited, ticket.solved, ticket.satisfied | "" | closed | 1 |
| clock.started | clock kind | started | 1 |
| clock.stopped | clock kind | stopped | 1 / 1 if met |
| notice.sent | notice kind (urge / escalate) | sent | 1 |
| eval.level, eval.channel, eval.item, eval.fixed | level, channel, item code, "" | evaluated / fixed | 1 (eval.item: total = good) |
| share.requested, share.decided | resource code | that day | 1 |

Evaluations (好差评) and data sharing are counted from their events' payloads (docs/insight.md:
the contract with the feedback and datahub apps), not from tables of this app's own.
"""

from django.utils import timezone

from yiwang.cases.models import Case
from yiwang.core.events import EventCode
from yiwang.core.models import Clock
from yiwang.hotline.models import Ticket
from yiwang.insight.models import Notice


def day(moment):
    return timezone.localtime(moment).date()


class Source:
    """A kind of object whose state is counted: its model, the events that change it, its keys."""

    def __init__(self, model, codes, keys, related=()):
        self.model, self.codes, self.keys, self.related = model, codes, keys, related

    @property
    def object_type(self):
        return self.model._meta.label_lower

    def queryset(self):
        return self.model.objects.select_related(*self.related).order_by("pk")


def case_keys(case):
    rows, department = [], case.department_id
    if case.submitted_at is not None and case.status != Case.DRAFT:
        rows.append(("case.submitted", department, case.channel, day(case.submitted_at), 1, 0))
    if case.accepted_at is not None:
        rows.append(("case.accepted", department, "", day(case.accepted_at), 1, 0))
    if case.status in (Case.FINISHED, Case.DELIVERED):
        on_time = case.clock_id is None or bool(case.clock.met)  # no clock: decided on the spot (即办)
        rows.append(("case.finished", department, str(case.item_id), day(case.finished_at), 1, int(on_time)))
    elif case.status == Case.NOT_ACCEPTED:
        rows.append(("case.not_accepted", department, "", day(case.finished_at), 1, 0))
    elif case.status == Case.WITHDRAWN and case.submitted_at is not None:
        rows.append(("case.withdrawn", department, "", day(case.finished_at), 1, 0))
    return rows


SATISFIED = (Ticket.SATISFIED, Ticket.BASICALLY_SATISFIED)


def ticket_keys(ticket):
    department, received = ticket.department_id or 0, day(ticket.created_at)
    rows = [
        ("ticket.received", department, ticket.channel, received, 1, 0),
        ("ticket.place", department, f"{ticket.street_id or 0}/{ticket.category_id or 0}", received, 1, 0),
    ]
    if ticket.status == Ticket.MERGED:
        rows.append(("ticket.merged", department, "", received, 1, 0))
    if ticket.status == Ticket.CLOSED and ticket.closed_at is not None:
        closed = day(ticket.closed_at)
        seconds = max(0, int((ticket.closed_at - ticket.created_at).total_seconds()))
        rows.append(("ticket.closed", department, str(ticket.category_id or 0), closed, 1, seconds))
        facts = {
            # dispatched (or answered directly) within the dispatch limit: 响应
            "ticket.responded": ticket.dispatch_clock_id is None or bool(ticket.dispatch_clock.met),
            # answered within the handling limit (a direct answer needs none): 按时办结
            "ticket.on_time": ticket.handling_clock_id is None or bool(ticket.handling_clock.met),
            "ticket.visited": ticket.visited_at is not None,
            "ticket.solved": ticket.resolved is True,
            "ticket.satisfied": ticket.satisfaction in SATISFIED,
        }
        rows.extend((metric, department, "", closed, 1, 0) for metric, fact in facts.items() if fact)
    return rows


def clock_keys(clock):
    department = clock.department_id or 0
    rows = [("clock.started", department, clock.kind, day(clock.started_at), 1, 0)]
    if clock.state == Clock.STOPPED and clock.stopped_at is not None:
        rows.append(("clock.stopped", department, clock.kind, day(clock.stopped_at), 1, int(bool(clock.met))))
    return rows


def notice_keys(notice):
    return [("notice.sent", notice.department_id or 0, notice.kind, day(notice.created_at), 1, 0)]


CASE_CODES = (
    EventCode.CASE_SUBMITTED,
    EventCode.CASE_ACCEPTED,
    EventCode.CASE_NOT_ACCEPTED,
    EventCode.CASE_SUPPLEMENT_REQUESTED,
    EventCode.CASE_SUPPLEMENTED,
    EventCode.CASE_APPROVED,
    EventCode.CASE_DENIED,
    EventCode.CASE_FINISHED,
    EventCode.CASE_DELIVERED,
    EventCode.CASE_WITHDRAWN,
    EventCode.CASE_ROUTED,
)
TICKET_CODES = (
    EventCode.TICKET_CREATED,
    EventCode.TICKET_DISPATCHED,
    EventCode.TICKET_TAKEN_UP,
    EventCode.TICKET_RETURNED,
    EventCode.TICKET_ANSWERED,
    EventCode.TICKET_VISITED,
    EventCode.TICKET_CLOSED,
    EventCode.TICKET_REOPENED,
    EventCode.TICKET_MERGED,
    EventCode.TICKET_CLOSED_DIRECTLY,
    EventCode.TICKET_ESCALATED,
)
CLOCK_CODES = (EventCode.CLOCK_STARTED, EventCode.CLOCK_STOPPED)
NOTICE_CODES = (EventCode.CLOCK_URGED, EventCode.CLOCK_ESCALATED)

SOURCES = (
    Source(Case, CASE_CODES, case_keys, related=("clock",)),
    Source(Ticket, TICKET_CODES, ticket_keys, related=("dispatch_clock", "handling_clock")),
    Source(Clock, CLOCK_CODES, clock_keys),
    Source(Notice, NOTICE_CODES, notice_keys),
)


# Evaluations (好差评) ------------------------------------------------------------------------------
# The feedback app records these events (docs/insight.md); their names are looked up in EventCode
# when the app starts, so they count from the moment that app is installed. Value: +1 counts an
# evaluation, -1 takes one back (an appeal upheld: a malicious or mistaken review is excluded).
EVALUATION_EVENT_NAMES = {"EVALUATION_RECORDED": 1, "APPEAL_UPHELD": -1}
FIX_EVENT_NAMES = ("RECTIFICATION_FIXED_ON_SPOT", "RECTIFICATION_FIXED")  # the numerator of 差评整改率
GOOD_LEVELS = (4, 5)  # 非常满意 5, 满意 4
SATISFIED_LEVELS = (3, 4, 5)  # + 基本满意 3
BAD_LEVELS = (1, 2)  # 不满意 2, 非常不满意 1


def evaluation_keys(event, department_id, sign):
    """The rows of one evaluation event, or [] when its payload does not follow the contract."""
    payload = event.payload if isinstance(event.payload, dict) else {}
    level = payload.get("level")
    if isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= 5:
        return []
    when = day(event.created_at)
    channel = str(payload.get("channel_code") or payload.get("channel") or "")[:80]
    item = str(payload.get("item") or "")[:80]
    return [
        ("eval.level", department_id, str(level), when, sign, 0),
        ("eval.channel", department_id, channel, when, sign, 0),
        ("eval.item", department_id, item, when, sign, sign * int(level in GOOD_LEVELS)),
    ]


def fix_keys(event, department_id):
    return [("eval.fixed", department_id, "", day(event.created_at), 1, 0)]


# Data sharing (一网共享) ---------------------------------------------------------------------------
# The datahub app's events and the metric each feeds: a share request made, a request answered (an
# unconditional resource is granted at once, which answers the request too). The department is the
# resource's provider, found from the event's object (a share request or a grant), so that a rebuild
# replaying the events counts as the readers did.
SHARE_EVENT_NAMES = {
    "SHARE_REQUESTED": "share.requested",
    "SHARE_APPROVED": "share.decided",
    "SHARE_REFUSED": "share.decided",
    "SHARE_GRANTED": "share.decided",
}


def _shared_resource(event):
    from yiwang.datahub.models import Grant, ShareRequest

    model = {"datahub.sharerequest": ShareRequest, "datahub.grant": Grant}.get(event.object_type)
    if model is None or not str(event.object_id).isdigit():
        return None
    return (
        model.objects.filter(pk=int(event.object_id))
        .values_list("resource__code", "resource__provider_id")
        .first()
    )


def share_keys(event, department_id, metric):
    found = _shared_resource(event)
    code, provider = found if found else ("", department_id)
    return [(metric, provider or 0, str(code)[:80], day(event.created_at), 1, 0)]
