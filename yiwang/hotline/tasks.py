"""Background work of the hotline: escalating overdue tickets to the supervisors."""

import datetime

from django_tasks import task

from yiwang.core.schedule import periodic


@periodic("hotline-escalate-overdue", every=datetime.timedelta(minutes=15))
@task()
def escalate_overdue_tickets():
    """Tickets past their dispatch or handling limit go to the supervisors (once each)."""
    from yiwang.hotline.actions import do_escalate_overdue

    return len(do_escalate_overdue())
