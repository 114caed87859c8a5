"""Background work of notifications."""

import datetime

from django_tasks import task

from yiwang.core.schedule import periodic


@periodic("send-notifications", every=datetime.timedelta(minutes=1))
@task()
def send_pending():
    """Send SMS and e-mail waiting in the outbox (also enqueued right after each commit that adds some)."""
    from yiwang.notify.actions import send_pending as send

    return send()
