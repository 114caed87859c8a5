"""Uses of a person's or an enterprise's data (DESIGN.md: every access to a person's data, reads
included, is recorded): a gateway read, a 数据跑路 fetch for an application, a form prefill, a
certificate read. The ledger makes each one verifiable; this table is what "who used my data" lists.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["DataUse"]


class DataUse(models.Model):
    GATEWAY_LOOKUP = "gateway_lookup"  # a department system read one record by key
    GATEWAY_QUERY = "gateway_query"  # ... read records by filter (one use per subject returned)
    GATEWAY_EXPORT = "gateway_export"  # ... exported records in bulk
    FETCH = "fetch"  # 数据跑路: a material fetched for an application
    PREFILL = "prefill"  # a form field filled from shared data
    CERTIFICATE = "certificate"  # an electronic certificate read for an application or a check
    KIND_CHOICES = [
        (GATEWAY_LOOKUP, _("Looked up by a department system")),
        (GATEWAY_QUERY, _("Queried by a department system")),
        (GATEWAY_EXPORT, _("Exported to a department system")),
        (FETCH, _("Fetched for an application")),
        (PREFILL, _("Filled into an application form")),
        (CERTIFICATE, _("Electronic certificate used")),
    ]

    kind = models.CharField(_("use"), max_length=16, choices=KIND_CHOICES)
    # Whom the data is about: the blind index of the citizen ID or credit code (see datahub.keys),
    # and the accounts.Subject when that person or enterprise is known to the platform.
    subject_index = models.CharField(max_length=64, db_index=True)
    subject = models.ForeignKey(
        "accounts.Subject",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("subject"),
    )
    resource = models.ForeignKey(
        "datahub.Resource",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="uses",
        verbose_name=_("data resource"),
    )
    department = models.ForeignKey(
        "accounts.Department",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("department"),
    )  # who used it
    consumer = models.CharField(_("system"), max_length=200, blank=True)  # X-Road style identifier
    purpose = models.CharField(_("purpose"), max_length=200)
    grant_id = models.PositiveBigIntegerField(_("grant"), null=True, blank=True)
    case = models.ForeignKey(
        "cases.Case",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("case"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    detail = models.JSONField(_("details"), default=dict, blank=True)  # fields read, rows, material name
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["subject_index", "-created_at"])]
        verbose_name = _("use of personal data")
        verbose_name_plural = _("uses of personal data")

    def __str__(self):
        return f"{self.kind} {self.subject_index[:8]}"
