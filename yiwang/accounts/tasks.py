"""Background work of accounts."""

import datetime
from importlib import import_module

from django.conf import settings
from django_tasks import task

from yiwang.core.schedule import periodic


@periodic("clear-expired-sessions", every=datetime.timedelta(hours=6))
@task()
def clear_expired_sessions():
    """Delete sessions past their expiry (Django's `clearsessions`), so the table does not grow forever."""
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
