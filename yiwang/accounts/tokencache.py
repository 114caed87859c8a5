"""A cache of resolved API tokens: an app's request costs no database query for who it is.

An entry is the token with its user, the user's person, roles and enterprises already loaded,
kept in Django's cache for `YIWANG_AUTH_CACHE_SECONDS` (default 30). Every action that changes
what an entry holds — revoking a token, deactivating a user, granting or revoking a role, adding an
enterprise agent, changing a department — calls `forget_user()` / `forget_department()`, at once
and again after commit.

With the local-memory cache (the embedded default) the entries live in each process: a change made
in another process (a `yiwang` command, a second web worker) is seen when the entry expires. A
deployment with several processes sets `REDIS_URL`, so that all share one cache and a revoked token
stops working at once everywhere.
"""

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

PREFIX = "yiwang:apitoken:"


def _key(prefix):
    return PREFIX + prefix


def get(prefix):
    """The ApiToken for `prefix`, with `.user` (and its person, roles and agencies) loaded, or None."""
    from yiwang.accounts.models import ApiToken

    seconds = settings.YIWANG_AUTH_CACHE_SECONDS
    if seconds:
        token = cache.get(_key(prefix))
        if token is not None:
            return token
    token = (ApiToken.objects.select_related("user", "user__person").filter(prefix=prefix).first())
    if token is None:
        return None
    token.user.roles()
    token.user.agencies()
    if seconds:
        cache.set(_key(prefix), token, seconds)
    return token


def put(token):
    if settings.YIWANG_AUTH_CACHE_SECONDS:
        cache.set(_key(token.prefix), token, settings.YIWANG_AUTH_CACHE_SECONDS)


def _forget(prefixes):
    keys = [_key(p) for p in prefixes]
    if keys:
        cache.delete_many(keys)
        transaction.on_commit(lambda: cache.delete_many(keys))


def forget_user(user):
    """Drop the cached tokens of a user whose account, roles or enterprises changed."""
    from yiwang.accounts.models import ApiToken

    _forget(list(ApiToken.objects.filter(user_id=getattr(user, "pk", user)).values_list("prefix", flat=True)))


def forget_department(department):
    """Drop the cached tokens of everyone holding a role in a department's subtree (it was renamed or moved)."""
    from yiwang.accounts.models import ApiToken

    _forget(list(ApiToken.objects.filter(user__role_assignments__department__path__startswith=department.path)
                 .values_list("prefix", flat=True).distinct()))
