"""Writing notifications and sending them.

Callers use `do_notify` inside their own action: the rows are part of that transaction and the
sender is enqueued after commit. In-app messages are delivered by being written.
"""

import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from yiwang.notify.models import Notification

MAX_ATTEMPTS = 5


def _person_of(user):
    return getattr(user, "person", None) if user is not None else None


def do_notify(
    recipient,
    *,
    subject,
    body,
    obj=None,
    link="",
    media=(Notification.IN_APP, Notification.SMS),
    phone="",
    email="",
):
    """Queue one message to `recipient` (a user, or None with a phone / e-mail) through each medium.

    SMS goes to the recipient's registered phone (or `phone`), e-mail to their address (or `email`);
    a medium with no address is skipped. Returns the rows written.
    """
    rows = []
    object_type = obj._meta.label_lower if obj is not None else ""
    object_id = str(obj.pk) if obj is not None else ""
    person = _person_of(recipient)
    addresses = {
        Notification.IN_APP: "" if recipient is not None else None,
        Notification.SMS: phone or (person.phone if person is not None else "") or None,
        Notification.EMAIL: email or (recipient.email if recipient is not None else "") or None,
    }
    now = timezone.now()
    for medium in media:
        address = addresses[medium]
        if address is None:
            continue
        in_app = medium == Notification.IN_APP
        rows.append(
            Notification(
                recipient=recipient,
                address=address,
                medium=medium,
                subject=subject[:200],
                body=body,
                link=link,
                object_type=object_type,
                object_id=object_id,
                status=Notification.SENT if in_app else Notification.PENDING,
                sent_at=now if in_app else None,
            )
        )
    Notification.objects.bulk_create(rows)
    if any(row.status == Notification.PENDING for row in rows):
        transaction.on_commit(_wake_sender)
    return rows


def _wake_sender():
    """Enqueue the sender, at most once every few seconds: one run sends everything pending, so a
    burst of submissions costs one task, not one each (the periodic job catches anything missed)."""
    from django.core.cache import cache

    from yiwang.notify.tasks import send_pending

    if cache.add("notify:sender-woken", 1, timeout=SENDER_WAKE_SECONDS):
        send_pending.enqueue()


SENDER_WAKE_SECONDS = 3


def do_mark_read(user, codes=None):
    """Mark the user's in-app messages read (all, or those with the given codes); returns how many."""
    rows = Notification.objects.filter(recipient=user, medium=Notification.IN_APP, read_at__isnull=True)
    if codes is not None:
        rows = rows.filter(code__in=codes)
    return rows.update(read_at=timezone.now())


def send_one(notification):
    """Claim and send one pending message; True if this call sent it."""
    from yiwang.notify.backends import backend_for

    claimed = Notification.objects.filter(pk=notification.pk, status=Notification.PENDING).update(
        status=Notification.SENDING, attempts=F("attempts") + 1, claimed_at=timezone.now()
    )
    if not claimed:
        return False
    notification.refresh_from_db()
    try:
        backend_for(notification.medium).send(notification)
    except Exception as exc:  # a gateway's failure of any kind: retry later, then give up
        failed = notification.attempts >= MAX_ATTEMPTS
        Notification.objects.filter(pk=notification.pk).update(
            status=Notification.FAILED if failed else Notification.PENDING, last_error=str(exc)[:300]
        )
        return False
    Notification.objects.filter(pk=notification.pk).update(status=Notification.SENT, sent_at=timezone.now())
    return True


def send_pending(limit=500):
    """Send what is waiting (and what a crashed sender left claimed for over ten minutes)."""
    stale = timezone.now() - datetime.timedelta(minutes=10)
    Notification.objects.filter(status=Notification.SENDING, claimed_at__lt=stale).update(
        status=Notification.PENDING
    )
    sent = 0
    for notification in Notification.objects.filter(status=Notification.PENDING).order_by("id")[:limit]:
        sent += send_one(notification)
    return sent
