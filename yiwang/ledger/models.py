"""The verifiable ledger's tables (可验证账本): entries, stored tree nodes, signed tree heads.

An `Entry` is written in the transaction of the action it records, with its leaf hash; the sequencer
later gives it its place (`leaf_index`) and writes the tree's stored nodes (`TreeNode`) and a signed
tree head (`TreeHead`). Nothing here is ever updated after sequencing or deleted: `yiwang ledger
verify` finds any row that was.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EntryKind(models.TextChoices):
    """What an entry records. A kind, once shipped, never changes meaning (it is inside signed leaves)."""

    # uses of personal data (个人数据使用)
    CASE_DATA_VIEWED = "access.case_data", _("Case personal data opened by an officer")
    GATEWAY_READ = "access.gateway_read", _("Data read through the exchange gateway")
    DATA_FETCHED = "access.data_fetch", _("Data fetched for an application (数据跑路)")
    # case decisions (办件决定)
    CASE_ACCEPTED = "decision.case_accepted", _("Application accepted")
    CASE_NOT_ACCEPTED = "decision.case_not_accepted", _("Application not accepted")
    CASE_APPROVED = "decision.case_approved", _("Application approved")
    CASE_DENIED = "decision.case_denied", _("Application denied")
    CASE_FINISHED = "decision.case_finished", _("Application finished")
    CASE_WITHDRAWN = "decision.case_withdrawn", _("Application withdrawn")
    # electronic certificates (电子证照)
    CERTIFICATE_ISSUED = "certificate.issued", _("Electronic certificate issued")
    CERTIFICATE_REVOKED = "certificate.revoked", _("Electronic certificate revoked")
    # data sharing (共享授权)
    SHARE_GRANTED = "share.granted", _("Data sharing granted")
    SHARE_REVOKED = "share.revoked", _("Data sharing revoked")
    # roles and security settings (角色与安全设置)
    ROLE_GRANTED = "security.role_granted", _("Role granted")
    ROLE_REVOKED = "security.role_revoked", _("Role revoked")
    STAFF_CREATED = "security.staff_created", _("Staff account created")
    SECOND_FACTOR_RESET = "security.second_factor_reset", _("Second factor reset")
    ACCOUNT_UNLOCKED = "security.account_unlocked", _("Account unlocked")
    ACCOUNT_DEACTIVATED = "security.account_deactivated", _("Account deactivated")
    API_TOKEN_ISSUED = "security.api_token_issued", _("API token issued")
    API_TOKEN_REVOKED = "security.api_token_revoked", _("API token revoked")


ACCESS_KINDS = frozenset({EntryKind.CASE_DATA_VIEWED, EntryKind.GATEWAY_READ, EntryKind.DATA_FETCHED})


class Entry(models.Model):
    """One record of the log (账本条目): who did what with whose data, for whom and why, and when.

    The leaf (`leaf_input`, built by `yiwang.ledger.leaves`) holds the public fields in clear and the
    subject, object and payload only as salted SM3 commitments, so that the log can be published
    while only the subject, who gets the salt in a receipt, can tie an entry to themselves.
    """

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=40, choices=EntryKind.choices)
    # Whom the entry is about; the FK is for finding "my" entries, `subject_ref` is what the leaf commits to.
    subject = models.ForeignKey(
        "accounts.Subject",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ledger_entries",
        verbose_name=_("subject"),
    )
    subject_ref = models.CharField(max_length=80, blank=True)  # "person:<uuid>" / "enterprise:<uuid>"
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("actor"),
    )
    actor_ref = models.CharField(max_length=80, blank=True)  # "user:<uuid>", kept when the account goes
    consumer = models.CharField(_("department or system"), max_length=200, blank=True)
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    grant = models.CharField(_("grant"), max_length=200, blank=True)  # the share grant the use relied on
    object_ref = models.CharField(max_length=200, blank=True)  # "cases.case:<uuid>"
    payload_json = models.TextField(default="{}")  # canonical JSON, so that its bytes never change
    salt = models.CharField(max_length=32)  # hex; opens the commitments, given only to the subject
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    leaf_hash = models.CharField(max_length=64, db_index=True)  # hex SM3(0x00 ‖ leaf_input)
    leaf_index = models.BigIntegerField(_("position in the log"), null=True, blank=True, unique=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        indexes = [models.Index(fields=["subject", "-created_at"], name="ledger_entry_subject_time")]

    def __str__(self):
        return f"{self.kind} {self.code}"

    @property
    def is_access(self):
        return self.kind in ACCESS_KINDS


class TreeNode(models.Model):
    """A stored hash of the tree (RFC 6962): a leaf, or a complete node at every STRIDE-th level.

    `key` is level << 48 | index (see `yiwang.ledger.merkle`)."""

    key = models.BigIntegerField(primary_key=True)
    hash = models.BinaryField()

    class Meta:
        ordering = ["key"]

    def __str__(self):
        return f"{self.key >> 48}/{self.key & ((1 << 48) - 1)}"


class TreeState(models.Model):
    """The one row the sequencer claims: how many entries have their place, and the tree's root."""

    tree_size = models.BigIntegerField(default=0)
    root_hash = models.CharField(max_length=64, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return str(self.tree_size)


class TreeHead(models.Model):
    """A signed tree head (STH, 签名树头): the size and root of the log at a moment, signed with SM2."""

    tree_size = models.BigIntegerField()
    timestamp = models.BigIntegerField()  # milliseconds since the epoch, as in RFC 6962
    root_hash = models.CharField(max_length=64)  # hex
    signature = models.CharField(
        max_length=128
    )  # hex r‖s, SM2 with SM3 over `yiwang.ledger.heads.signed_bytes`
    key_id = models.CharField(max_length=16)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["tree_size", "timestamp"]
        get_latest_by = ["tree_size", "timestamp"]

    def __str__(self):
        return f"{self.tree_size} @ {self.timestamp}"


class Objection(models.Model):
    """A citizen's objection to a use of their data (异议), carried as a 12345 complaint ticket."""

    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="objections")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    ticket = models.OneToOneField("hotline.Ticket", on_delete=models.PROTECT, related_name="ledger_objection")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["entry", "user"], name="ledger_objection_once")]

    def __str__(self):
        return f"{self.entry_id} {self.ticket_id}"
