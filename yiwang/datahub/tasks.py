"""Background work of the data hub (found by core.schedule's autodiscovery of `tasks` modules): the
check of resources against their update cycle, and the sharing jobs of `sharing_tasks`."""

import datetime

from django_tasks import task

from yiwang.core.schedule import periodic
from yiwang.datahub.sharing_tasks import escalate_overdue_share_requests, purge_gateway_nonces  # noqa: F401


@periodic("datahub-check-staleness", every=datetime.timedelta(hours=6))
@task()
def check_staleness():
    """Flag resources that missed their update cycle and tell their stewards (once per miss)."""
    from yiwang.datahub.actions import do_check_staleness

    return len(do_check_staleness())
