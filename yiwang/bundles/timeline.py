"""One timeline for a bundle case: the steps of all its item cases and the bundle's own events, by time."""

from yiwang.bundles.models import BundleCase
from yiwang.cases.models import CaseStep
from yiwang.core.events import EventCode
from yiwang.core.models import Event

BUNDLE_EVENTS = (
    EventCode.BUNDLE_CASE_SUBMITTED,
    EventCode.BUNDLE_ITEM_RELEASED,
    EventCode.BUNDLE_ITEM_NEEDS_APPLICANT,
    EventCode.BUNDLE_ITEM_HALTED,
    EventCode.BUNDLE_CASE_FINISHED,
)


def timeline(bundle_case, parts, action_labels=None):
    """Entries {"at", "item" (or None for the bundle), "name", "action", "opinion", "open"}, oldest first.

    Reads a fixed number of queries: the steps of every item case at once, the bundle's events at once.
    """
    names = {p.case_id: p.bundle_item.name for p in parts}
    by_number = {p.case.number: p.bundle_item.name for p in parts}
    entries = [
        {
            "at": step.started_at if step.ended_at is None else step.ended_at,
            "item": names[step.case_id],
            "name": step.name,
            "action": step.action,
            "opinion": step.opinion
            if step.action in ("not_accepted", "denied", "supplement_requested")
            else "",
            "open": step.ended_at is None,
        }
        for step in CaseStep.objects.filter(case_id__in=names).order_by("started_at", "id")
    ]
    events = Event.objects.filter(
        object_type=BundleCase._meta.label_lower, object_id=str(bundle_case.pk), code__in=BUNDLE_EVENTS
    ).order_by("created_at", "id")
    for event in events:
        entries.append(
            {
                "at": event.created_at,
                "item": by_number.get(event.payload.get("case")),
                "name": EventCode(event.code).label,
                "action": "",
                "opinion": "",
                "open": False,
                "bundle": True,
            }
        )
    for entry in entries:
        entry["action_label"] = (action_labels or {}).get(entry["action"], entry["action"])
    entries.sort(key=lambda entry: (entry["open"], entry["at"]))
    return entries
