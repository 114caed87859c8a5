"""How a bundle hears about its item cases: a reader of case events queues `follow_case` after commit.

The reader is cheap (one indexed lookup, and only for the events that can change a bundle); the
follow-up itself runs as a task after the department's action has committed, so that a bundle's
troubles never undo an officer's decision. A periodic job catches up with any follow-up lost.
"""

from django.db import transaction

from yiwang.core.events import EventCode, read_events

FOLLOWED = (
    EventCode.CASE_SUBMITTED,
    EventCode.CASE_NOT_ACCEPTED,
    EventCode.CASE_FINISHED,
    EventCode.CASE_WITHDRAWN,
)


def _on_case_event(event, case):
    from yiwang.bundles.models import BundleCaseItem

    if case is None or not BundleCaseItem.objects.filter(case_id=case.pk).exists():
        return
    case_id = case.pk

    def enqueue():
        from yiwang.bundles.tasks import follow_case

        follow_case.enqueue(case_id)

    transaction.on_commit(enqueue)


def follow_case_events():
    read_events(FOLLOWED, _on_case_event)
