"""Periodic jobs: the scheduler loop that `yiwang worker` runs beside the task worker.

An app declares a job in its `tasks.py`:

    @periodic("purge-idempotency-keys", every=timedelta(hours=1))
    @task()
    def purge_idempotency_keys(): ...

Every `POLL_SECONDS` the loop asks `run_due()`, which claims each due job with a conditional update
of its `PeriodicJob` row (next_run_at moves on only if it was still due) and enqueues the task only
if the claim succeeded. So with several workers on several machines a job runs once per period,
and a worker that was down catches up with one run, not a burst.
"""

import datetime
import logging
import threading

from django.db import IntegrityError, close_old_connections, transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

log = logging.getLogger(__name__)
POLL_SECONDS = 30
_jobs = {}


def periodic(name, *, every):
    """Register a django-tasks task to be enqueued every `every` (a timedelta)."""
    if not isinstance(every, datetime.timedelta) or every.total_seconds() < 1:
        raise ValueError("every must be a timedelta of at least a second")

    def register(task):
        _jobs[name] = (every, task)
        return task

    return register


def jobs():
    """Every registered job, after importing each app's tasks module."""
    autodiscover_modules("tasks")
    return dict(_jobs)


def run_due(now=None):
    """Enqueue the jobs that are due; return their names."""
    from yiwang.core.models import PeriodicJob

    now = now or timezone.now()
    enqueued = []
    for name, (every, task) in sorted(jobs().items()):
        try:
            try:
                PeriodicJob.objects.get_or_create(name=name, defaults={"next_run_at": now})
            except IntegrityError:  # another worker created it at the same moment
                pass
            # The claim and the queued task commit together (the task queue is in this database):
            # if enqueueing fails, the job stays due and the next round tries again.
            with transaction.atomic():
                claimed = PeriodicJob.objects.filter(name=name, next_run_at__lte=now).update(
                    next_run_at=now + every, last_run_at=now, updated_at=now
                )
                if claimed:
                    task.enqueue()
                    enqueued.append(name)
        except Exception:  # one job's trouble must not keep the others from running
            log.exception("periodic job %s could not be enqueued", name)
    return enqueued


def loop(stop, poll=POLL_SECONDS):
    """Run `run_due` every `poll` seconds until the `stop` event is set (a thread of the worker)."""
    while not stop.is_set():
        try:
            close_old_connections()
            names = run_due()
            if names:
                log.info("periodic jobs enqueued: %s", ", ".join(names))
        except Exception:  # a failed round must not end the loop; the next round tries again
            log.exception("periodic job round failed")
        stop.wait(poll)
    close_old_connections()


def start_in_thread(poll=POLL_SECONDS):
    """Start the loop in a daemon thread; returns the event that stops it."""
    stop = threading.Event()
    threading.Thread(target=loop, args=(stop, poll), name="yiwang-scheduler", daemon=True).start()
    return stop
