"""Who is calling the open-data API, and how often: API keys from the `Authorization` header (as
CKAN clients send them, with or without "Bearer") or `X-CKAN-API-Key`, and per-key or per-address
rate limits kept in the cache (Redis in production, so that every process counts together)."""

import time

from django.conf import settings
from django.core.cache import cache

from yiwang.accounts.actions import token_user
from yiwang.core.http import client_ip


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
    limit = settings.YIWANG_OPENDATA_RATE_ANONYMOUS if who.startswith("ip:") else settings.YIWANG_OPENDATA_RATE_KEY
    if limit <= 0:
        return 0
    window = int(time.time() // 60)
    key = f"opendata:rate:{who}:{window}"
    cache.add(key, 0, 120)
    try:
        used = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, 120)
        used = 1
    return 0 if used <= limit else 60 - int(time.time() % 60)
