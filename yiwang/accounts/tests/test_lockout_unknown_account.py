"""An identifier without an account is refused and locked out exactly like a real one."""

import pytest
from django.conf import settings
from django.utils import translation

from yiwang.accounts.actions import LoginRefused, do_check_password


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def refusals(identifier, times):
    messages = []
    for number in range(times):
        with pytest.raises(LoginRefused) as refused:
            do_check_password(identifier, f"Wrong-guess-{number}")
        messages.append(refused.value.message)
    return messages


@pytest.mark.django_db
def test_unknown_and_known_accounts_get_the_same_messages(li_wei):
    known = refusals("13800000001", settings.LOGIN_MAX_FAILURES + 1)
    unknown = refusals("13800000999", settings.LOGIN_MAX_FAILURES + 1)

    assert [m[:20] for m in known] == [m[:20] for m in unknown]
    assert known[0] == unknown[0] == "The account or password is not correct."
    assert "locked until" in known[-1] and "locked until" in unknown[-1]


@pytest.mark.django_db
def test_unknown_account_lock_is_per_identifier(db):
    refusals("13800000999", settings.LOGIN_MAX_FAILURES)

    assert refusals("13800000998", 1) == ["The account or password is not correct."]
