"""Shared kernel tables: the working-day calendar, the event log and idempotency keys."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from yiwang.core.channels import Channel
from yiwang.core.events import EventCode


class CalendarYear(models.Model):
    """A year whose holiday schedule (放假安排) is known; dates in other years have no answer."""

    SOURCE_CHINESECALENDAR = "chinesecalendar"  # seeded from the chinesecalendar package
    SOURCE_ADMIN = "admin"  # entered by an administrator from the State Council notice
    SOURCE_CHOICES = [(SOURCE_CHINESECALENDAR, "chinesecalendar"), (SOURCE_ADMIN, _("Administrator"))]

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    source = models.CharField(_("source"), max_length=20, choices=SOURCE_CHOICES, default=SOURCE_ADMIN)
    notice = models.CharField(_("State Council notice"), max_length=200, blank=True)
    published = models.BooleanField(
        _("published"), default=False,
        help_text=_("Only published years are used for working-day arithmetic."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["year"]
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")

    def __str__(self):
        return str(self.year)


class CalendarDay(models.Model):
    """An exception to the Monday-to-Friday week: a holiday on a weekday or a make-up working day."""

    HOLIDAY = "holiday"  # 放假: a weekday off
    WORKDAY = "workday"  # 调休上班: a weekend day worked
    KIND_CHOICES = [(HOLIDAY, _("Holiday")), (WORKDAY, _("Make-up working day"))]

    calendar_year = models.ForeignKey(CalendarYear, on_delete=models.CASCADE, related_name="days")
    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=KIND_CHOICES)
    name = models.CharField(_("name"), max_length=50, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")

    def __str__(self):
        return f"{self.date} {self.get_kind_display()}"


class Event(models.Model):
    """The typed record of an action (事件): who did what to which object, when, from which channel.

    Rows are only ever inserted. Security-relevant kinds form the audit trail of DOMAIN.md §8.
    """

    code = models.PositiveIntegerField(_("event"), choices=EventCode.choices, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("actor"),
    )
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices, default=Channel.SYSTEM)
    object_type = models.CharField(_("object type"), max_length=64, blank=True)
    object_id = models.CharField(_("object"), max_length=64, blank=True)
    success = models.BooleanField(_("succeeded"), default=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    payload = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.get_code_display()}"


class IdempotencyKey(models.Model):
    """A creating request already carried out: a retry with the same key gets the same answer."""

    key = models.CharField(max_length=128)
    scope = models.CharField(max_length=64)  # the endpoint or form, so keys of different requests never meet
    owner = models.CharField(max_length=64, blank=True)  # the user id or client that sent it
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(default=200)
    response = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["scope", "owner", "key"], name="idempotency_key_once")]


class PeriodicJob(models.Model):
    """When a periodic job (core/schedule.py) is next due; claimed by one worker at a time."""

    name = models.CharField(max_length=100, unique=True)
    next_run_at = models.DateTimeField()
    last_run_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name
