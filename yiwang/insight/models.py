"""Pre-computed counts for the leaders' dashboard, what they were made of, and supervision notices.

DESIGN.md (Dashboards read pre-computed counts): a page sums a few hundred `Count` rows, never the
cases or tickets themselves. Each row is one metric for one department, one dimension value (a
channel, an item, a street and category ...) and one day (Asia/Shanghai).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Count(models.Model):
    """How many (`n`) and how much (`total`, e.g. seconds of handling) for one metric, department,
    dimension value and day — and the same for the whole month (period "m", day = the 1st), so that
    a year on the dashboard reads 12 rows per key instead of 365. Written only by
    `insight.counting` with atomic upserts."""

    DAY = "d"
    MONTH = "m"

    metric = models.CharField(max_length=40)  # e.g. "case.finished"; see insight/sources.py
    period = models.CharField(max_length=1, default=DAY)
    department_id = models.BigIntegerField(default=0)  # 0: no department (yet)
    dim = models.CharField(max_length=80, default="", blank=True)
    day = models.DateField()
    n = models.BigIntegerField(default=0)
    total = models.BigIntegerField(default=0)

    class Meta:
        ordering = ["metric", "period", "day", "department_id", "dim"]
        constraints = [
            models.UniqueConstraint(
                fields=["metric", "period", "department_id", "dim", "day"], name="insight_count_once"
            )
        ]
        indexes = [models.Index(fields=["metric", "period", "day"], name="insight_count_metric_day")]

    def __str__(self):
        return f"{self.metric} {self.period} {self.department_id} {self.dim} {self.day}: {self.n}"


class Contribution(models.Model):
    """What one source object (a case, a ticket, a clock, a notice) currently adds to the counts, so
    that when it changes only the difference is written, and nothing is counted twice."""

    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64)
    keys = models.JSONField(default=list)  # [[metric, department_id, dim, "YYYY-MM-DD", n, total], ...]

    class Meta:
        ordering = ["object_type", "object_id"]
        constraints = [
            models.UniqueConstraint(fields=["object_type", "object_id"], name="insight_contribution_once")
        ]

    def __str__(self):
        return f"{self.object_type}:{self.object_id}"


class Notice(models.Model):
    """An urging notice (督办) or an escalation (升级) about a time limit, as sent."""

    URGE = "urge"  # to the responsible department's staff
    ESCALATE = "escalate"  # to the department's head and the supervisors
    KIND_CHOICES = [(URGE, _("Urging notice")), (ESCALATE, _("Escalation"))]

    clock = models.ForeignKey(
        "core.Clock", on_delete=models.PROTECT, related_name="notices", verbose_name=_("time limit")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=KIND_CHOICES)
    department = models.ForeignKey(
        "accounts.Department",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("department"),
    )
    note = models.TextField(_("note"))
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("sent by"),
    )
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("supervision notice")
        verbose_name_plural = _("supervision notices")

    def __str__(self):
        return f"{self.get_kind_display()} {self.clock}"
