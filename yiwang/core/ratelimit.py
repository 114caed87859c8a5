"""One fixed-window rate limit for every API that has one (the exchange gateway, open data).

The count lives in the cache: Redis in production, so that every process counts together.
"""

import time

from django.core.cache import cache


def wait_seconds(key, limit):
    """Count one request against `key`'s `limit` a minute; 0 if it may go, else the seconds to wait."""
    now = time.time()
    name = f"rate:{key}:{int(now // 60)}"
    cache.add(name, 0, 120)
    try:
        used = cache.incr(name)
    except ValueError:  # evicted between add and incr
        cache.set(name, 1, 120)
        used = 1
    return 0 if used <= limit else max(1, 60 - int(now) % 60)
