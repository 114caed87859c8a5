"""Periodic work of sharing: overdue share requests go to the supervisors; used nonces are forgotten."""

import datetime

from django_tasks import task

from yiwang.core.schedule import periodic


@periodic("datahub-escalate-share-requests", every=datetime.timedelta(minutes=30))
@task()
def escalate_overdue_share_requests():
    """Share requests past their 10 working days go to the supervisors (once each)."""
    from yiwang.datahub.sharing import do_escalate_overdue_share_requests

    return len(do_escalate_overdue_share_requests())


@periodic("datahub-purge-gateway-nonces", every=datetime.timedelta(minutes=10))
@task()
def purge_gateway_nonces():
    """Nonces past their window: a request carrying one would be refused as stale anyway."""
    from yiwang.datahub.signing import purge_nonces

    return purge_nonces()
