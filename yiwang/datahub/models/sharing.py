"""Sharing (DOMAIN.md §5): the department systems that read shared data, what they may read, and
every read they made.

A **consumer** is a department system registered with an X-Road style identifier
(`INSTANCE/CLASS/MEMBER/SUBSYSTEM`, e.g. `CN-CQ/GOV/11500103MB1234567X/case-system`) and owned by a
department. It signs its requests with a **key** (`ConsumerKey`): the server keeps only the SM3 hash
of the key's secret (see `datahub/signing.py`). A **share request** (共享申请) asks the provider of a
resource for some of its items, for a purpose, on a legal basis, for a time; the provider's data
steward answers it within 10 working days (a core Clock). A **grant** (共享授权) is what a consumer
may read: exactly these items of this resource, for this purpose, until this time, unless revoked.
A **gateway call** is one request to the exchange gateway, recorded whatever its outcome.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

__all__ = ["Consumer", "ConsumerKey", "ShareRequest", "Grant", "GatewayCall", "GatewayNonce"]


class Consumer(models.Model):
    """A department system that reads shared data through the exchange gateway (数据使用方)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    department = models.ForeignKey(
        "accounts.Department",
        on_delete=models.PROTECT,
        related_name="consumers",
        verbose_name=_("owning department"),
    )
    name = models.CharField(_("system name"), max_length=100)
    instance = models.CharField(_("instance"), max_length=40)  # CN-CQ
    member_class = models.CharField(_("member class"), max_length=20)  # GOV
    member_code = models.CharField(_("member code"), max_length=40)  # the department's credit code
    subsystem_code = models.CharField(_("subsystem code"), max_length=60)  # case-system
    # Requests per minute the gateway takes from this system before answering 429.
    rate_limit = models.PositiveIntegerField(_("requests per minute"), default=600)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["instance", "member_class", "member_code", "subsystem_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["instance", "member_class", "member_code", "subsystem_code"],
                name="consumer_identifier_once",
            )
        ]
        verbose_name = _("consumer system")
        verbose_name_plural = _("consumer systems")

    def __str__(self):
        return f"{self.name} ({self.identifier})"

    @property
    def identifier(self):
        return "/".join((self.instance, self.member_class, self.member_code, self.subsystem_code))


class ConsumerKey(models.Model):
    """A signing key of a consumer: its id travels with every request; its secret is shown once."""

    consumer = models.ForeignKey(Consumer, on_delete=models.CASCADE, related_name="keys")
    key_id = models.CharField(_("key id"), max_length=40, unique=True)
    secret_hash = models.CharField(max_length=64)  # SM3 of the secret, hex
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    created_at = models.DateTimeField(_("issued at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("consumer key")
        verbose_name_plural = _("consumer keys")

    def __str__(self):
        return self.key_id

    @property
    def is_active(self):
        return self.revoked_at is None


class ShareRequest(models.Model):
    """A consumer's request for items of a resource (共享申请), answered by the provider's steward."""

    PENDING = "pending"  # waiting for the provider's answer, on the 10-working-day clock
    APPROVED = "approved"  # a grant was made (for the approved items and time)
    REFUSED = "refused"  # refused, with the reason given
    STATUS_CHOICES = [
        (PENDING, _("Waiting for an answer")),
        (APPROVED, _("Approved")),
        (REFUSED, _("Refused")),
    ]
    CLOCK_KIND = "share.answer"
    ANSWER_LIMIT = 10  # working days (国发〔2016〕51号)

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    consumer = models.ForeignKey(
        Consumer, on_delete=models.PROTECT, related_name="requests", verbose_name=_("consumer system")
    )
    resource = models.ForeignKey(
        "datahub.Resource",
        on_delete=models.PROTECT,
        related_name="share_requests",
        verbose_name=_("data resource"),
    )
    purpose = models.CharField(_("purpose"), max_length=200)
    legal_basis = models.TextField(pgettext_lazy("sharing", "legal basis"), blank=True)
    fields = models.JSONField(_("items requested"), default=list)  # item keys
    duration_days = models.PositiveIntegerField(_("duration (days)"))
    status = models.CharField(_("status"), max_length=10, choices=STATUS_CHOICES, default=PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    refusal_reason = models.TextField(_("reason for refusal"), blank=True)
    clock = models.ForeignKey("core.Clock", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "resource"])]
        verbose_name = _("share request")
        verbose_name_plural = _("share requests")

    def __str__(self):
        return f"{self.consumer.name} → {self.resource.name}"

    def can_answer(self):
        return self.status == self.PENDING


class GrantQuerySet(models.QuerySet):
    def active(self, now=None):
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, valid_from__lte=now).filter(
            models.Q(valid_until__isnull=True) | models.Q(valid_until__gt=now)
        )


class Grant(models.Model):
    """What a consumer may read (共享授权): these items of this resource, for this purpose, until then."""

    UNCONDITIONAL = "unconditional"  # 无条件共享: granted on asking
    APPROVED = "approved"  # 有条件共享: a share request approved by the provider
    LEGAL_BASIS = "legal_basis"  # 不予共享: granted by the provider on a recorded legal basis
    BASIS_CHOICES = [
        (UNCONDITIONAL, _("Unconditional sharing")),
        (APPROVED, _("Approved request")),
        (LEGAL_BASIS, _("Legal basis")),
    ]

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    consumer = models.ForeignKey(
        Consumer, on_delete=models.PROTECT, related_name="grants", verbose_name=_("consumer system")
    )
    resource = models.ForeignKey(
        "datahub.Resource", on_delete=models.PROTECT, related_name="grants", verbose_name=_("data resource")
    )
    fields = models.JSONField(_("items granted"), default=list)  # item keys
    purpose = models.CharField(_("purpose"), max_length=200)
    basis = models.CharField(_("granted by"), max_length=14, choices=BASIS_CHOICES)
    legal_basis = models.TextField(pgettext_lazy("sharing", "legal basis"), blank=True)
    request = models.OneToOneField(
        ShareRequest, null=True, blank=True, on_delete=models.PROTECT, related_name="grant"
    )
    valid_from = models.DateTimeField(_("valid from"))
    valid_until = models.DateTimeField(_("valid until"), null=True, blank=True)  # none: until revoked
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revoke_reason = models.TextField(_("reason for revocation"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = GrantQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["consumer", "resource"])]
        verbose_name = _("grant")
        verbose_name_plural = _("grants")

    def __str__(self):
        return f"{self.consumer.name} → {self.resource.name}"

    def is_active(self, now=None):
        now = now or timezone.now()
        return (
            self.revoked_at is None
            and self.valid_from <= now
            and (self.valid_until is None or self.valid_until > now)
        )

    def can_revoke(self):
        return self.revoked_at is None


class GatewayCall(models.Model):
    """One request to the exchange gateway (or its GovStack face), whatever its outcome."""

    LOOKUP, QUERY, EXPORT, LIST, DIRECTORY = "lookup", "query", "export", "list", "directory"
    OPERATION_CHOICES = [
        (LOOKUP, _("Lookup by key")),
        (QUERY, _("Query")),
        (EXPORT, _("Export")),
        (LIST, _("List of resources")),
        (DIRECTORY, _("Directory")),
    ]

    consumer = models.ForeignKey(
        Consumer, null=True, blank=True, on_delete=models.PROTECT, related_name="calls"
    )
    resource = models.ForeignKey(
        "datahub.Resource", null=True, blank=True, on_delete=models.PROTECT, related_name="gateway_calls"
    )
    grant = models.ForeignKey(Grant, null=True, blank=True, on_delete=models.PROTECT, related_name="calls")
    operation = models.CharField(_("operation"), max_length=10, choices=OPERATION_CHOICES)
    path = models.CharField(_("path"), max_length=200)  # without the query: no identifiers
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    request_hash = models.CharField(_("request hash"), max_length=64)  # SM3 of method, path, body
    rows = models.PositiveIntegerField(_("rows returned"), default=0)
    status = models.PositiveSmallIntegerField(_("status"))
    error = models.CharField(_("error"), max_length=40, blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["resource", "-created_at"]),
            models.Index(fields=["consumer", "-created_at"]),
        ]
        verbose_name = _("gateway call")
        verbose_name_plural = _("gateway calls")

    def __str__(self):
        return f"{self.operation} {self.path} {self.status}"


class GatewayNonce(models.Model):
    """A nonce already used with a key: a second request with it is a replay. Kept until it expires
    (past the timestamp window a request is refused as stale anyway)."""

    key_id = models.CharField(max_length=40)
    nonce = models.CharField(max_length=64)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["expires_at"]
        constraints = [models.UniqueConstraint(fields=["key_id", "nonce"], name="gateway_nonce_once")]

    def __str__(self):
        return f"{self.key_id} {self.nonce}"
