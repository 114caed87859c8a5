"""What a request says about where it came from, read the same way by every view and middleware."""

import ipaddress

from django.conf import settings


def _valid_ip(value):
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request):
    """The client's IP address, or None when the request carries none.

    `X-Forwarded-For` can be written by anyone, so it is read only as far as our own proxies wrote
    it: with YIWANG_TRUSTED_PROXIES = n, the n-th address from the right is the client as the
    outermost of our proxies saw it. With 0 (the default, no proxy) only REMOTE_ADDR counts. A
    header too short for n proxies, or an address that is not an IP, falls back to REMOTE_ADDR.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = settings.YIWANG_TRUSTED_PROXIES
    if proxies <= 0:
        return remote
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < proxies:
        return remote
    return _valid_ip(forwarded[-proxies]) or remote
