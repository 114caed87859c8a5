"""Background work of the data hub: the daily check of resources against their update cycle."""

import datetime

from django_tasks import task

from yiwang.core.schedule import periodic


@periodic("datahub-check-staleness", every=datetime.timedelta(hours=6))
@task()
def check_staleness():
    """Flag resources that missed their update cycle and tell their stewards (once per miss)."""
    from yiwang.datahub.actions import do_check_staleness

    return len(do_check_staleness())
