"""Where SMS and e-mail go: a backend is a class with `send(notification)` that raises on failure.

`YIWANG_SMS_BACKEND` and `YIWANG_EMAIL_BACKEND` name one by dotted path. The default writes to the
log (console); `MemoryBackend` keeps messages for tests; a deployment plugs in its carrier's gateway.
E-mail can also go through Django's own e-mail backends with `DjangoEmailBackend`.
"""

import logging
import re

from django.conf import settings
from django.utils.module_loading import import_string

from yiwang.core.pii import mask_phone, redact

log = logging.getLogger("yiwang.notify")

# A link in a message: absolute (`https://host/...`) or a site path (`/r/...`) after a space or
# bracket. Its path segments and query values that are long enough to be a bearer token (a rating
# or return-visit link, `/r/<signed token>/`, `/hotline/visit/<token>/`) are hidden.
_LINK = re.compile(r"(https?://[^\s/?#]+|(?<![^\s(（<\"'：:，,])(?=/))([^\s<>\"'）)]*)")
_TOKEN_PART = re.compile(r"(?<=[/=])[^/?&#=]{16,}")


def mask_links(text):
    """Hide the token part of every link in `text`: what a log keeps must not open the link."""
    return _LINK.sub(lambda m: m.group(1) + _TOKEN_PART.sub("***", m.group(2)), str(text or ""))


def mask_recipient(medium, address):
    """A recipient as a log may show it: `138****5678`, `l***@example.cn`."""
    address = str(address or "")
    if medium == "email":
        local, at, domain = address.partition("@")
        return (local[:1] + "***" + at + domain) if at else "***"
    return mask_phone(address)


class ConsoleBackend:
    """Writes each message to the log, with the recipient masked and the links' tokens hidden."""

    def send(self, notification):
        log.info(
            "%s to %s: %s — %s",
            notification.medium,
            mask_recipient(notification.medium, notification.address),
            redact(mask_links(notification.subject)),
            redact(mask_links(notification.body)),
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
