"""client_ip(): X-Forwarded-For is believed only as far as our own proxies wrote it."""

import pytest
from django.test import RequestFactory
from hypothesis import given
from hypothesis import strategies as st

from yiwang.core.http import client_ip

REMOTE = "10.0.0.5"  # the proxy, or the client itself when there is none


def request_with(forwarded=None, remote=REMOTE):
    headers = {} if forwarded is None else {"HTTP_X_FORWARDED_FOR": forwarded}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **headers)


@pytest.fixture
def proxies(settings):
    def set_to(count):
        settings.YIWANG_TRUSTED_PROXIES = count

    return set_to


def test_without_proxies_the_header_is_ignored(proxies):
    proxies(0)
    assert client_ip(request_with("203.0.113.7")) == REMOTE


def test_the_default_trusts_no_proxy():
    from django.conf import settings

    assert settings.YIWANG_TRUSTED_PROXIES == 0


def test_behind_one_proxy_the_last_address_is_the_client(proxies):
    proxies(1)
    # The client wrote "1.2.3.4" itself; our proxy appended the address it saw.
    assert client_ip(request_with("1.2.3.4, 203.0.113.7")) == "203.0.113.7"


def test_behind_two_proxies_the_second_address_from_the_right(proxies):
    proxies(2)
    assert client_ip(request_with("1.2.3.4, 203.0.113.7, 10.0.0.9")) == "203.0.113.7"


def test_ipv6_address_is_accepted(proxies):
    proxies(1)
    assert client_ip(request_with("2001:db8::1")) == "2001:db8::1"


@pytest.mark.parametrize(
    "forwarded",
    ["", "not-an-ip", "203.0.113.7:443", "999.1.1.1", " , "],
    ids=["empty", "word", "with_port", "out_of_range", "only_commas"],
)
def test_a_header_that_is_not_an_ip_falls_back_to_the_connection(proxies, forwarded):
    proxies(1)
    assert client_ip(request_with(forwarded)) == REMOTE


def test_a_missing_header_falls_back_to_the_connection(proxies):
    proxies(1)
    assert client_ip(request_with()) == REMOTE


def test_a_header_shorter_than_the_proxy_chain_falls_back_to_the_connection(proxies):
    proxies(2)
    assert client_ip(request_with("203.0.113.7")) == REMOTE


def test_no_address_at_all_is_none(proxies):
    proxies(0)
    assert client_ip(request_with(remote="")) is None


@given(st.text(max_size=60))
def test_without_proxies_nothing_in_the_header_is_ever_used(forwarded):
    from django.test import override_settings

    with override_settings(YIWANG_TRUSTED_PROXIES=0):
        request = RequestFactory().get("/", REMOTE_ADDR=REMOTE)
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
        assert client_ip(request) == REMOTE


@given(st.text(max_size=60))
def test_behind_a_proxy_the_answer_is_an_ip_or_the_connection(forwarded):
    import ipaddress

    from django.test import override_settings

    with override_settings(YIWANG_TRUSTED_PROXIES=1):
        request = RequestFactory().get("/", REMOTE_ADDR=REMOTE)
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
        answer = client_ip(request)
        ipaddress.ip_address(answer)  # raises unless it is an address
