"""Background work of open data: keeping quality scores current (timeliness changes with time)."""

import datetime

from django_tasks import task

from yiwang.core.schedule import periodic


@periodic("opendata-refresh-quality", every=datetime.timedelta(hours=6))
@task()
def refresh_quality():
    from yiwang.opendata.actions import refresh_all_quality

    return refresh_all_quality()
