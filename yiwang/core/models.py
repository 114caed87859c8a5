"""Shared kernel tables: the working-day calendar, the event log and idempotency keys."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yiwang.core.channels import Channel
from yiwang.core.events import EventCode


class CalendarYear(models.Model):
    """A year whose holiday schedule (放假安排) is known; other years are counted provisionally."""

    SOURCE_CHINESECALENDAR = "chinesecalendar"  # seeded from the chinesecalendar package
    SOURCE_ADMIN = "admin"  # entered by an administrator from the State Council notice
    SOURCE_CHOICES = [(SOURCE_CHINESECALENDAR, "chinesecalendar"), (SOURCE_ADMIN, _("Administrator"))]

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    source = models.CharField(_("source"), max_length=20, choices=SOURCE_CHOICES, default=SOURCE_ADMIN)
    notice = models.CharField(_("State Council notice"), max_length=200, blank=True)
    published = models.BooleanField(
        _("published"),
        default=False,
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


class EventCodeField(models.PositiveIntegerField):
    """The event code column: its choices grow with every app and are not part of the schema, so
    migrations leave them out (a new code needs no migration)."""

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("choices", None)
        return name, "django.db.models.PositiveIntegerField", args, kwargs


class Event(models.Model):
    """The typed record of an action (事件): who did what to which object, when, from which channel.

    Rows are only ever inserted. Security-relevant kinds form the audit trail of DOMAIN.md §8.
    """

    code = EventCodeField(_("event"), choices=EventCode.choices, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("actor"),
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


class ClockQuerySet(models.QuerySet):
    def running(self):
        return self.filter(state=Clock.RUNNING)

    def overdue(self, now):
        """Running clocks past their due time (red)."""
        return self.running().filter(due_at__lt=now)

    def warning(self, now):
        """Running clocks past their warning point and not yet due (yellow)."""
        return self.running().filter(warn_at__lte=now, due_at__gte=now)


class Clock(models.Model):
    """A time limit (时限) on any object: a case's promised limit, a ticket's dispatch limit, a share
    request's answer limit, a 差评 fix. Supervision lists clocks, not four kinds of object.

    Working-day limits end with the due working day (its last moment, Asia/Shanghai) and a pause
    (补正, 延期审批 ...) moves the due day on by the working days it lasted; hour limits count
    natural hours and a pause moves them on by its length. Yellow from `warn_at` (by default 80%
    of the limit used), red after `due_at`.
    """

    WORKDAYS = "workdays"  # 工作日
    HOURS = "hours"  # 自然小时
    UNIT_CHOICES = [(WORKDAYS, _("working days")), (HOURS, _("hours"))]

    RUNNING = "running"  # counting
    PAUSED = "paused"  # stopped for now (e.g. waiting for the applicant's supplement)
    STOPPED = "stopped"  # done: met or late
    STATE_CHOICES = [(RUNNING, _("Running")), (PAUSED, _("Paused")), (STOPPED, _("Stopped"))]

    GREEN, YELLOW, RED = "green", "yellow", "red"

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=50)  # e.g. "case.promised", "ticket.dispatch"
    object_type = models.CharField(_("object type"), max_length=64)
    object_id = models.CharField(_("object"), max_length=64)
    department = models.ForeignKey(
        "accounts.Department",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="clocks",
        verbose_name=_("responsible department"),
    )
    unit = models.CharField(_("unit"), max_length=10, choices=UNIT_CHOICES)
    limit = models.PositiveIntegerField(_("limit"))
    started_at = models.DateTimeField(_("started at"))
    due_at = models.DateTimeField(_("due at"), db_index=True)
    warn_at = models.DateTimeField(_("warning from"))
    state = models.CharField(_("state"), max_length=10, choices=STATE_CHOICES, default=RUNNING)
    paused_at = models.DateTimeField(_("paused at"), null=True, blank=True)
    stopped_at = models.DateTimeField(_("stopped at"), null=True, blank=True)
    met = models.BooleanField(_("met"), null=True, blank=True)  # set when stopped: in time or not
    # The due date was counted through a year without a published holiday schedule (a provisional
    # one, core/workdays.py): shown with "subject to the State Council's schedule" until published.
    provisional = models.BooleanField(_("provisional due date"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ClockQuerySet.as_manager()

    class Meta:
        ordering = ["due_at"]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["state", "due_at"]),
        ]
        verbose_name = _("time limit")
        verbose_name_plural = _("time limits")

    def __str__(self):
        return f"{self.kind} {self.object_type}:{self.object_id}"

    def can_pause(self):
        return self.state == self.RUNNING

    def can_resume(self):
        return self.state == self.PAUSED

    def can_stop(self):
        return self.state != self.STOPPED

    def can_extend(self):
        return self.state != self.STOPPED

    @property
    def due_date(self):
        """The last day of the limit, in local time."""
        return timezone.localtime(self.due_at).date()

    def signal(self, now=None):
        """green / yellow / red for a running or paused clock (as of its pause), None once stopped."""
        if self.state == self.STOPPED:
            return None
        moment = self.paused_at if self.state == self.PAUSED else (now or timezone.now())
        if moment > self.due_at:
            return self.RED
        return self.YELLOW if moment >= self.warn_at else self.GREEN

    def remaining_workdays(self, today=None):
        """Working days left after `today` up to the due day (negative when overdue)."""
        from yiwang.core.workdays import workdays_between

        return workdays_between(today or timezone.localdate(), self.due_date)

    @property
    def shows_provisional(self):
        """Should pages mark the due date "subject to the State Council's schedule"?"""
        return self.provisional and self.state != self.STOPPED


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

    def __str__(self):
        return f"{self.scope} {self.key}"


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
