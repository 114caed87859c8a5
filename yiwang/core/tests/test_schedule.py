"""Periodic jobs: due jobs are enqueued once per period, however many workers ask."""

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from yiwang.core import schedule
from yiwang.core.models import IdempotencyKey, PeriodicJob

pytestmark = pytest.mark.django_db


def test_every_job_is_due_on_the_first_round_and_then_waits_its_period():
    now = timezone.now()

    first = schedule.run_due(now)
    again = schedule.run_due(now + datetime.timedelta(seconds=1))

    assert set(first) == set(schedule.jobs())
    assert {
        "purge-idempotency-keys",
        "clear-expired-sessions",
        "prune-task-results",
        "hotline-escalate-overdue",
    } <= set(first)
    assert again == []
    hourly = [name for name, (every, _) in schedule.jobs().items() if every <= datetime.timedelta(hours=1)]
    assert sorted(schedule.run_due(now + datetime.timedelta(hours=1, seconds=1))) == sorted(hourly)


def test_a_long_outage_gives_one_catch_up_run_not_a_burst():
    now = timezone.now()
    schedule.run_due(now)

    later = now + datetime.timedelta(days=3)
    assert schedule.run_due(later).count("purge-idempotency-keys") == 1
    assert schedule.run_due(later + datetime.timedelta(seconds=1)) == []
    job = PeriodicJob.objects.get(name="purge-idempotency-keys")
    assert job.next_run_at == later + datetime.timedelta(hours=1)


def test_purge_job_forgets_old_idempotency_keys_only(settings):
    settings.YIWANG_IDEMPOTENCY_KEEP_HOURS = 72
    old = IdempotencyKey.objects.create(key="old-key-0001", scope="t", request_hash="x")
    IdempotencyKey.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(hours=73))
    IdempotencyKey.objects.create(key="new-key-0001", scope="t", request_hash="x")

    schedule.run_due()  # the test settings run tasks immediately

    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["new-key-0001"]


def test_expired_sessions_are_cleared(client, li_wei, login_as):
    from django.contrib.sessions.models import Session

    login_as(li_wei)
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))

    schedule.run_due()

    assert not Session.objects.exists()


def test_periodic_refuses_a_period_under_a_second():
    with pytest.raises(ValueError):
        schedule.periodic("too-often", every=datetime.timedelta(milliseconds=10))


def test_loop_stops_when_told():
    stop = threading.Event()
    stop.set()

    schedule.loop(stop, poll=0.01)  # returns at once instead of running forever


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers (PostgreSQL)")
@pytest.mark.django_db(transaction=True)
def test_two_workers_asking_at_once_enqueue_each_job_once():
    now = timezone.now()
    schedule.run_due(now)  # the rows exist; now both are due again at the same moment
    due = now + datetime.timedelta(days=2)
    start = threading.Barrier(2, timeout=10)
    results = []

    def worker():
        try:
            start.wait()
            results.append(schedule.run_due(due))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)

    enqueued = sorted(name for names in results for name in names)
    assert enqueued == sorted(schedule.jobs())


def test_a_job_whose_enqueue_fails_stays_due_and_the_others_run(monkeypatch):
    from yiwang.core.tasks import purge_idempotency_keys

    now = timezone.now()

    def broken(*args, **kwargs):
        raise RuntimeError("queue unavailable")

    monkeypatch.setattr(type(purge_idempotency_keys), "enqueue", broken)
    assert schedule.run_due(now) == []  # every job shares the Task class: all fail, none is lost

    monkeypatch.undo()
    assert "purge-idempotency-keys" in schedule.run_due(now + datetime.timedelta(seconds=1))
