"""Who is calling the open-data API, and how often: API keys from the `Authorization` header (as
CKAN clients send them, with or without "Bearer") or `X-CKAN-API-Key`, and per-key or per-address
rate limits (`core.ratelimit`)."""

from django.conf import settings

from yiwang.accounts.actions import token_user
from yiwang.core.http import client_ip
from yiwang.core.ratelimit import wait_seconds


class BadKey(Exception):
    """A key was given and is not valid (wrong, revoked, expired)."""


def api_key(request):
    header = request.headers.get("X-CKAN-API-Key") or request.headers.get("Authorization") or ""
    header = header.strip()
    if header.lower().startswith("bearer "):
        header = header[7:].strip()
    return header


def caller(request):
    """The user the request acts for: its key's user, else the session's, else anonymous."""
    key = api_key(request)
    if key:
        token = token_user(key)
        if token is None:
            raise BadKey
        request.user = token.user
        return token.user, f"key:{token.prefix}"
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user, f"user:{user.pk}"
    return None, f"ip:{client_ip(request) or 'unknown'}"


def over_limit(who):
    """Seconds to wait if `who` (a key, user or address) used up this minute's requests, else 0."""
    limit = (
        settings.YIWANG_OPENDATA_RATE_ANONYMOUS
        if who.startswith("ip:")
        else settings.YIWANG_OPENDATA_RATE_KEY
    )
    if limit <= 0:
        return 0
    return wait_seconds(f"opendata:{who}", limit)
