"""Two requests with one idempotency key arriving together: one is carried out, the other replays it."""

import threading

import pytest
from django.db import connection

from yiwang.core.idempotency import fingerprint, run_once
from yiwang.core.models import IdempotencyKey

KEY = "race-2026-02-14-0001"
REQUEST = fingerprint({"service": "business-licence"})


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers (PostgreSQL)")
@pytest.mark.django_db(transaction=True)
def test_simultaneous_requests_with_one_key_store_one_answer():
    both_checked = threading.Barrier(2, timeout=10)
    results, errors = [], []

    def request(number):
        def create():
            both_checked.wait()  # each has looked for the key and found none
            return 201, {"id": number}

        try:
            results.append(run_once("enterprise.register", KEY, 7, REQUEST, create))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=request, args=(n,)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)

    assert errors == []
    assert sorted(replayed for _, _, replayed in results) == [False, True]
    assert len({str(response) for _, response, _ in results}) == 1
    assert IdempotencyKey.objects.count() == 1
