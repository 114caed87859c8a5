"""A cache of resolved API tokens: an app's request costs no database query for who it is.

An entry is the token with its user, the user's roles and enterprises and the masked form of its
person already loaded — never the password hash, the TOTP secret or clear personal data, so that a
shared cache (Redis) holds nothing that is encrypted at rest in the database — kept in Django's
cache for `YIWANG_AUTH_CACHE_SECONDS` (default 30). Every action that changes what an entry holds —
revoking a token, deactivating a user, granting or revoking a role, adding an enterprise agent,
changing a department — calls `forget_user()` / `forget_department()`, at once and again after
commit; they move the token's generation on, and an entry of an older generation is never used.

With the local-memory cache (the embedded default) the entries live in each process: a change made
in another process (a `yiwang` command, a second web worker) is seen when the entry expires. A
deployment with several processes sets `REDIS_URL`, so that all share one cache and a revoked token
stops working at once everywhere.
"""

import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

PREFIX = "yiwang:apitoken:"
GENERATION_SECONDS = 7 * 24 * 3600  # far longer than an entry lives


def _key(prefix):
    return PREFIX + prefix


def _generation(prefix):
    """The token's current generation; a missing one (never set, or evicted) starts a new one."""
    key = _key("gen:" + prefix)
    generation = cache.get(key)
    if generation is None:
        cache.add(key, uuid.uuid4().hex, GENERATION_SECONDS)
        generation = cache.get(key)
    return generation


def get(prefix):
    """The ApiToken for `prefix` with a read-only `.user` (roles, enterprises and masked person
    loaded; password hash, TOTP secret and clear personal data left out), or None.

    An entry is stored with the token's generation read *before* the database: a change that
    commits while the entry is being built moves the generation on, so that entry is never used.
    """
    from yiwang.accounts.models import ApiToken

    seconds = settings.YIWANG_AUTH_CACHE_SECONDS
    if seconds:
        found = cache.get_many([_key(prefix), _key("gen:" + prefix)])
        entry, generation = found.get(_key(prefix)), found.get(_key("gen:" + prefix))
        if entry is not None and generation is not None and entry[0] == generation:
            return entry[1]
        generation = _generation(prefix)
    token = ApiToken.objects.select_related("user", "user__person").filter(prefix=prefix).first()
    if token is None:
        return None
    _scrub(token.user)
    if seconds:
        cache.set(_key(prefix), (generation, token), seconds)
    return token


def _scrub(user):
    """Keep in the cache only what answering for the token needs: never secrets or clear personal data."""
    user.roles()
    user.agencies()
    person = getattr(user, "person", None)
    user.cached_masked_person = person.masked_fields() if person else None
    user._state.fields_cache.pop("person", None)  # reading user.person again goes to the database
    user.password, user.totp_secret = "!", ""
    user.read_only = True


def mark_used(prefix):
    """True once a minute per token: the caller then records the use in the database."""
    return cache.add(PREFIX + "used:" + prefix, 1, 60)


def _forget(prefixes):
    def forget():
        cache.set_many({_key("gen:" + p): uuid.uuid4().hex for p in prefixes}, GENERATION_SECONDS)

    if prefixes:
        forget()
        transaction.on_commit(forget)


def forget_user(user):
    """Drop the cached tokens of a user whose account, roles or enterprises changed."""
    from yiwang.accounts.models import ApiToken

    _forget(list(ApiToken.objects.filter(user_id=getattr(user, "pk", user)).values_list("prefix", flat=True)))


def forget_department(department):
    """Drop the cached tokens of everyone holding a role in a department's subtree (it was renamed or moved)."""
    from yiwang.accounts.models import ApiToken

    _forget(
        list(
            ApiToken.objects.filter(user__role_assignments__department__path__startswith=department.path)
            .values_list("prefix", flat=True)
            .distinct()
        )
    )
