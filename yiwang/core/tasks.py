"""Background work of the shared kernel."""

import datetime

from django_tasks import task

from yiwang.core.idempotency import purge_expired_keys
from yiwang.core.schedule import periodic


@periodic("purge-idempotency-keys", every=datetime.timedelta(hours=1))
@task()
def purge_idempotency_keys():
    """Forget idempotency keys past their retry window (they hold keyed fingerprints of requests)."""
    return purge_expired_keys()


@periodic("prune-task-results", every=datetime.timedelta(days=1))
@task()
def prune_task_results():
    """Delete finished task results older than 14 days (failed ones are kept for 60, to be looked into)."""
    from django.conf import settings
    from django.core.management import call_command

    if settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend":
        call_command(
            "prune_db_task_results", "--min-age-days", "14", "--failed-min-age-days", "60", verbosity=0
        )
