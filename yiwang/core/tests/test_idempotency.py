"""run_once: a creating request retried with the same idempotency key is carried out once."""

import pytest

from yiwang.core.events import EventCode, record_event
from yiwang.core.idempotency import IdempotencyError, check_key, fingerprint, run_once
from yiwang.core.models import Event, IdempotencyKey

KEY = "retry-2026-02-14-0001"
REQUEST = fingerprint({"service": "business-licence", "name": "渝中小面"})


class Create:
    """A create() that counts its calls and leaves a trace in the database, as an action would."""

    def __init__(self, fail=False):
        self.calls, self.fail = 0, fail

    def __call__(self):
        self.calls += 1
        record_event(EventCode.ENTERPRISE_REGISTERED, payload={"call": self.calls})
        if self.fail:
            raise RuntimeError("the action refused")
        return 201, {"id": self.calls}


def refusal_code(call, *args):
    with pytest.raises(IdempotencyError) as caught:
        call(*args)
    return caught.value.code


def test_a_retry_with_the_same_key_and_request_replays_the_answer(db):
    create = Create()

    first = run_once("enterprise.register", KEY, 7, REQUEST, create)
    again = run_once("enterprise.register", KEY, 7, REQUEST, create)

    assert first == (201, {"id": 1}, False)
    assert again == (201, {"id": 1}, True)
    assert create.calls == 1
    assert Event.objects.count() == 1 and IdempotencyKey.objects.count() == 1


def test_the_same_key_for_a_different_request_is_refused(db):
    create = Create()
    run_once("enterprise.register", KEY, 7, REQUEST, create)
    other = fingerprint({"service": "business-licence", "name": "解放碑火锅"})

    assert refusal_code(run_once, "enterprise.register", KEY, 7, other, create) == "idempotency_key_reused"
    assert create.calls == 1


def test_the_fingerprint_ignores_key_order_but_not_values():
    assert fingerprint({"a": 1, "b": "二"}) == fingerprint({"b": "二", "a": 1})
    assert fingerprint({"a": 1}) != fingerprint({"a": 2})


def test_keys_of_other_owners_and_scopes_do_not_meet(db):
    create = Create()
    run_once("enterprise.register", KEY, 7, REQUEST, create)
    assert run_once("enterprise.register", KEY, 8, REQUEST, create)[2] is False
    assert run_once("case.submit", KEY, 7, REQUEST, create)[2] is False
    assert create.calls == 3


def test_a_failing_create_stores_no_key_and_the_retry_runs_again(db):
    with pytest.raises(RuntimeError):
        run_once("enterprise.register", KEY, 7, REQUEST, Create(fail=True))
    assert IdempotencyKey.objects.count() == 0 and Event.objects.count() == 0

    assert run_once("enterprise.register", KEY, 7, REQUEST, Create()) == (201, {"id": 1}, False)


@pytest.mark.parametrize(
    "key, code",
    [
        (None, "idempotency_key_missing"),
        ("", "idempotency_key_missing"),
        ("short", "idempotency_key_invalid"),
        ("has a space 123", "idempotency_key_invalid"),
        ("中文的幂等键值一二三", "idempotency_key_invalid"),
        ("k" * 129, "idempotency_key_invalid"),
        ("retry-2026\n", "idempotency_key_invalid"),
        ("k" * 128 + "\n", "idempotency_key_invalid"),
    ],
)
def test_a_missing_or_malformed_key_is_refused_before_anything_runs(db, key, code):
    create = Create()
    assert refusal_code(run_once, "enterprise.register", key, 7, REQUEST, create) == code
    assert create.calls == 0 and IdempotencyKey.objects.count() == 0


@pytest.mark.parametrize("key", ["abcdefgh", "k" * 128, "0f9e.8d7c:6b5a_4-3"])
def test_well_formed_keys_are_accepted(key):
    assert check_key(key) == key
