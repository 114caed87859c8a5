"""Where SMS and e-mail go: a backend is a class with `send(notification)` that raises on failure.

`YIWANG_SMS_BACKEND` and `YIWANG_EMAIL_BACKEND` name one by dotted path. The default writes to the
log (console); `MemoryBackend` keeps messages for tests; a deployment plugs in its carrier's gateway.
E-mail can also go through Django's own e-mail backends with `DjangoEmailBackend`.
"""

import logging

from django.conf import settings
from django.utils.module_loading import import_string

log = logging.getLogger("yiwang.notify")


class ConsoleBackend:
    """Writes each message to the log (phone numbers are redacted by the log filter)."""

    def send(self, notification):
        log.info(
            "%s to %s: %s — %s",
            notification.medium,
            notification.address,
            notification.subject,
            notification.body,
        )


class MemoryBackend:
    """Keeps sent messages in `MemoryBackend.outbox` (tests and demos)."""

    outbox = []

    def send(self, notification):
        type(self).outbox.append(notification)


class DjangoEmailBackend:
    """Sends e-mail through Django's EMAIL_BACKEND settings."""

    def send(self, notification):
        from django.core.mail import send_mail

        send_mail(notification.subject, notification.body, None, [notification.address])


def backend_for(medium):
    path = {"sms": settings.YIWANG_SMS_BACKEND, "email": settings.YIWANG_EMAIL_BACKEND}[medium]
    return import_string(path)()
