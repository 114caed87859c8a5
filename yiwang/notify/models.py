"""The notification outbox (消息通知): every message to a person is a row first, sent after commit.

A message is written in the same transaction as the action that causes it, so a rolled-back action
sends nothing and a committed one is never lost; the sender task claims rows with a conditional
update, so two workers never send the same message twice.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from yiwang.core.pii import EncryptedTextField


class Notification(models.Model):
    """One message to one person through one medium."""

    IN_APP = "in_app"  # shown in the personal centre
    SMS = "sms"
    EMAIL = "email"
    MEDIUM_CHOICES = [(IN_APP, _("In the personal centre")), (SMS, _("SMS")), (EMAIL, _("E-mail"))]

    PENDING = "pending"  # waiting for the sender
    SENDING = "sending"  # claimed by a sender
    SENT = "sent"  # handed to the backend (in-app messages are sent when written)
    FAILED = "failed"  # the backend refused it too many times
    STATUS_CHOICES = [
        (PENDING, _("Pending")),
        (SENDING, _("Sending")),
        (SENT, _("Sent")),
        (FAILED, _("Failed")),
    ]

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    address = EncryptedTextField(_("address"), blank=True, default="")  # the phone or e-mail it goes to
    medium = models.CharField(_("medium"), max_length=8, choices=MEDIUM_CHOICES)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    link = models.CharField(_("link"), max_length=500, blank=True)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=STATUS_CHOICES, default=PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "medium", "-created_at"]),
            models.Index(fields=["status", "medium"]),
        ]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self):
        return f"{self.get_medium_display()}: {self.subject}"
