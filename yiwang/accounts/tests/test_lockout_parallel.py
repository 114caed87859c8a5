"""Guesses sent in parallel cannot get past the lock-out: each attempt is claimed before it is checked."""

import threading

import pytest
from django.conf import settings
from django.db import connection

from yiwang.accounts.actions import LoginRefused, do_check_password
from yiwang.accounts.models import User
from yiwang.core.events import EventCode
from yiwang.core.models import Event

GUESSES = 16


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers (PostgreSQL)")
@pytest.mark.django_db(transaction=True)
def test_parallel_wrong_passwords_check_at_most_the_limit(li_wei):
    start = threading.Barrier(GUESSES, timeout=20)
    refusals = []

    def guess(number):
        try:
            start.wait()
            do_check_password("13800000001", f"Wrong-guess-{number}", ip="203.0.113.9")
        except LoginRefused as refused:
            refusals.append(refused)
        finally:
            connection.close()

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(GUESSES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    checked = Event.objects.filter(code=EventCode.LOGIN_FAILED, payload__reason="password").count()
    assert len(refusals) == GUESSES
    assert checked <= settings.LOGIN_MAX_FAILURES
    assert User.objects.get(pk=li_wei.pk).is_locked()
    assert Event.objects.filter(code=EventCode.ACCOUNT_LOCKED).count() == 1
