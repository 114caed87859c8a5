"""Personal recommendations and benefits without applying (免申即享), as rules over government data.

Both kinds of rule hold a condition written in the small language of `conditions.py` (JSON data,
never code) over the data sources of `sources.py`. A recommendation rule names an item the centre
suggests, with the reason shown; a benefit rule names an item whose case is opened, already
accepted, for every eligible subject by a `BenefitRun`. A `BenefitGrant` is unique per rule and
subject, so that no run, however often or concurrently repeated, grants anything twice.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from yiwang.accounts.models import Subject
from yiwang.services.models import Audience, ServiceItem


class RecommendationRule(models.Model):
    """What the personal centre suggests next (智能推荐), to whom, and why."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100)
    audience = models.CharField(_("for"), max_length=12, choices=Audience.choices, default=Audience.PERSON)
    item = models.ForeignKey(ServiceItem, on_delete=models.PROTECT, related_name="+", verbose_name=_("item"))
    condition = models.JSONField(_("condition"), default=list)
    # Shown to the citizen, in Simplified Chinese like all catalogue content; "{item}" is the item's name.
    reason = models.CharField(_("reason shown"), max_length=300)
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("recommendation rule")
        verbose_name_plural = _("recommendation rules")

    def __str__(self):
        return self.name


class RecommendationOptOut(models.Model):
    """A user who switched recommendations off (their profile is then not evaluated at all)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("recommendations switched off")
        verbose_name_plural = _("recommendations switched off")

    def __str__(self):
        return f"opt-out of user {self.user_id}"


class BenefitRule(models.Model):
    """A benefit granted without applying (免申即享): who is eligible, under which item, and what."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100)
    audience = models.CharField(_("for"), max_length=12, choices=Audience.choices, default=Audience.PERSON)
    item = models.ForeignKey(ServiceItem, on_delete=models.PROTECT, related_name="+", verbose_name=_("item"))
    condition = models.JSONField(_("eligibility condition"), default=list)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True)
    grant_description = models.CharField(_("what is granted"), max_length=300)
    is_active = models.BooleanField(_("active (run on schedule)"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("benefit rule")
        verbose_name_plural = _("benefit rules")

    def __str__(self):
        return self.name


class BenefitRun(models.Model):
    """One pass of a benefit rule over everyone it could apply to, with what it found."""

    QUEUED = "queued"  # asked for; the worker has not started it
    RUNNING = "running"  # going through the subjects chunk by chunk
    FINISHED = "finished"  # done; the counts are final
    FAILED = "failed"  # stopped by an error; chunks already done stay granted
    STATUS_CHOICES = [
        (QUEUED, _("Queued")),
        (RUNNING, _("Running")),
        (FINISHED, _("Finished")),
        (FAILED, _("Failed")),
    ]

    MANUAL = "manual"  # from the staff page
    COMMAND = "command"  # `yiwang benefits run`
    SCHEDULE = "schedule"  # the worker's periodic job
    TRIGGER_CHOICES = [(MANUAL, _("On demand")), (COMMAND, _("Command line")), (SCHEDULE, _("Schedule"))]

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    rule = models.ForeignKey(
        BenefitRule, on_delete=models.PROTECT, related_name="runs", verbose_name=_("rule")
    )
    trigger = models.CharField(_("started by"), max_length=10, choices=TRIGGER_CHOICES)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("user"),
    )
    status = models.CharField(_("status"), max_length=10, choices=STATUS_CHOICES, default=QUEUED)
    checked = models.PositiveIntegerField(_("checked"), default=0)  # subjects the condition was evaluated for
    found = models.PositiveIntegerField(_("eligible"), default=0)  # = granted + already granted + declined
    granted = models.PositiveIntegerField(_("granted"), default=0)  # new grants (cases opened) by this run
    already_granted = models.PositiveIntegerField(_("already granted"), default=0)
    declined = models.PositiveIntegerField(
        _("declined earlier"), default=0
    )  # eligible, but declined: not granted again
    error = models.TextField(_("error"), blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("benefit run")
        verbose_name_plural = _("benefit runs")

    def __str__(self):
        return f"{self.rule.code} {self.created_at:%Y-%m-%d %H:%M}"


class BenefitGrant(models.Model):
    """A benefit granted to one subject under one rule, with the case opened for it."""

    GRANTED = "granted"  # the case is open or done
    DECLINED = "declined"  # the subject declined; the case was closed and no run grants it again
    STATUS_CHOICES = [(GRANTED, _("Granted")), (DECLINED, _("Declined"))]

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    rule = models.ForeignKey(
        BenefitRule, on_delete=models.PROTECT, related_name="grants", verbose_name=_("rule")
    )
    subject = models.ForeignKey(
        Subject, on_delete=models.PROTECT, related_name="benefit_grants", verbose_name=_("subject")
    )
    run = models.ForeignKey(
        BenefitRun, on_delete=models.PROTECT, related_name="grants", verbose_name=_("run")
    )
    case = models.OneToOneField(
        "cases.Case",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="benefit_grant",
        verbose_name=_("case"),
    )
    status = models.CharField(_("status"), max_length=10, choices=STATUS_CHOICES, default=GRANTED)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True)
    decline_reason = models.CharField(_("reason for declining"), max_length=500, blank=True)
    declined_at = models.DateTimeField(_("declined at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["rule", "subject"], name="benefit_granted_once")]
        verbose_name = _("benefit grant")
        verbose_name_plural = _("benefit grants")

    def __str__(self):
        return f"{self.rule.code} → {self.subject}"

    def can_decline(self):
        return self.status == self.GRANTED and self.case is not None and self.case.can_decline()
