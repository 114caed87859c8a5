"""The audit trail records the client's address as our proxy saw it, not one a client made up."""

import time

import pytest

from yiwang.accounts.middleware import LAST_SEEN
from yiwang.core.events import EventCode
from yiwang.core.models import Event

PROXY = "127.0.0.1"  # the test client's REMOTE_ADDR: here, our proxy
CLIENT = "203.0.113.7"
FORGED = "198.51.100.1"


def log_in(client, password):
    return client.post(
        "/accounts/login/",
        {"identifier": "13800000001", "password": password},
        headers={"X-Forwarded-For": f"{FORGED}, {CLIENT}"},
    )


def test_behind_one_proxy_a_login_records_the_address_the_proxy_saw(client, li_wei, password, settings):
    settings.YIWANG_TRUSTED_PROXIES = 1

    assert log_in(client, password).status_code == 302

    assert Event.objects.get(code=EventCode.LOGIN_SUCCEEDED).ip_address == CLIENT


def test_behind_one_proxy_a_failed_login_records_the_address_the_proxy_saw(client, li_wei, settings):
    settings.YIWANG_TRUSTED_PROXIES = 1

    log_in(client, "Wrong-pass-1")

    assert Event.objects.get(code=EventCode.LOGIN_FAILED).ip_address == CLIENT


def test_without_a_trusted_proxy_the_header_is_ignored(client, li_wei, password, settings):
    settings.YIWANG_TRUSTED_PROXIES = 0

    log_in(client, password)

    assert Event.objects.get(code=EventCode.LOGIN_SUCCEEDED).ip_address == PROXY


@pytest.mark.parametrize("trusted, recorded", [(1, CLIENT), (0, PROXY)], ids=["behind_proxy", "no_proxy"])
def test_an_idle_time_out_records_the_client_address(client, li_wei, login_as, settings, trusted, recorded):
    settings.YIWANG_TRUSTED_PROXIES = trusted
    login_as(li_wei)
    session = client.session
    session[LAST_SEEN] = time.time() - settings.IDLE_TIMEOUT_CITIZEN - 1
    session.save()

    client.get("/me/", headers={"X-Forwarded-For": f"{FORGED}, {CLIENT}"})

    assert Event.objects.get(code=EventCode.SESSION_TIMED_OUT).ip_address == recorded
