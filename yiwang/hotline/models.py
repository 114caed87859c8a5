"""The 12345 hotline (一网统管, DOMAIN.md §3): tickets (工单) from every channel, their categories and
the closed loop 受理 → 派单 → 办理 → 答复 → 回访 → 办结, with 退单, 延期, 督办, 重办 and merging.

Dispatch and handling run on core `Clock`s: dispatch in hours by urgency, handling in working days
by kind (`yiwang/hotline/limits.py`, configurable in settings).
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from yiwang.accounts.models import Department, Subject
from yiwang.core.channels import Channel
from yiwang.core.pii import EncryptedTextField, mask_name, mask_phone


def _visit_token():
    return secrets.token_urlsafe(24)


class Category(models.Model):
    """A ticket category (工单分类), the department that usually handles it, and the Open311 service it is.

    `name` is one of the classifier's classes (the first-level labels of the training data).
    A local category goes to the street (街道) of the ticket's address when one was recognised.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)  # also the Open311 service_code
    name = models.CharField(_("name"), max_length=50, unique=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    department = models.ForeignKey(
        Department,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hotline_categories",
        verbose_name=_("handling department"),
    )
    local_to_street = models.BooleanField(
        _("handled by the street"),
        default=False,
        help_text=_("Local matters go to the street of the address when the address names one."),
    )
    keywords = models.CharField(_("keywords"), max_length=300, blank=True)  # Open311 `keywords`
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("ticket category")
        verbose_name_plural = _("ticket categories")

    def __str__(self):
        return self.name


class Ticket(models.Model):
    """A citizen request (工单): a consultation, help, complaint, report or suggestion."""

    CONSULTATION = "consultation"  # 咨询
    HELP = "help"  # 求助
    COMPLAINT = "complaint"  # 投诉
    REPORT = "report"  # 举报
    SUGGESTION = "suggestion"  # 建议 (praise too)
    KIND_CHOICES = [
        (CONSULTATION, _("Consultation")),
        (HELP, _("Request for help")),
        (COMPLAINT, _("Complaint")),
        (REPORT, _("Report")),
        (SUGGESTION, _("Suggestion")),
    ]

    LIFE_SAFETY = "life_safety"  # danger to life or safety: dispatched within the hour
    UTILITIES = "utilities"  # water, power, gas or heating cut
    NORMAL = "normal"  # everything else
    URGENCY_CHOICES = [
        (LIFE_SAFETY, _("Life or safety at risk")),
        (UTILITIES, _("Water, power, gas or heating")),
        (NORMAL, _("Normal")),
    ]

    RECEIVED = "received"  # 受理: recorded, waiting for the dispatcher
    DISPATCHED = "dispatched"  # 派单: sent to the handling department, not yet taken up
    HANDLING = "handling"  # 办理: the department is working on it
    ANSWERED = "answered"  # 答复: the department answered the citizen; waiting for the return visit
    RETURNED = "returned"  # 退单: the department sent it back as not theirs; waiting for re-dispatch
    CLOSED = "closed"  # 办结: finished after the return visit, or answered directly; final
    MERGED = "merged"  # merged into a master ticket and handled there; final
    STATUS_CHOICES = [
        (RECEIVED, _("Received")),
        (DISPATCHED, _("Dispatched")),
        (HANDLING, _("Being handled")),
        (ANSWERED, _("Answered")),
        (RETURNED, _("Returned for re-dispatch")),
        (CLOSED, _("Closed")),
        (MERGED, _("Merged")),
    ]
    OPEN = frozenset({RECEIVED, DISPATCHED, HANDLING, ANSWERED, RETURNED})
    WITH_DEPARTMENT = frozenset({DISPATCHED, HANDLING})  # on the department's worklist

    SATISFIED = "satisfied"  # 满意
    BASICALLY_SATISFIED = "basically_satisfied"  # 基本满意
    UNSATISFIED = "unsatisfied"  # 不满意
    SATISFACTION_CHOICES = [
        (SATISFIED, _("Satisfied")),
        (BASICALLY_SATISFIED, _("Basically satisfied")),
        (UNSATISFIED, _("Not satisfied")),
    ]

    EXTENSION_REQUESTED = "requested"  # waiting for the supervisor
    EXTENSION_APPROVED = "approved"
    EXTENSION_REFUSED = "refused"
    EXTENSION_CHOICES = [
        (EXTENSION_REQUESTED, _("Requested")),
        (EXTENSION_APPROVED, _("Approved")),
        (EXTENSION_REFUSED, _("Refused")),
    ]

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    number = models.CharField(_("ticket number"), max_length=32, unique=True)  # 工单编号, also the Open311 id
    kind = models.CharField(_("kind"), max_length=16, choices=KIND_CHOICES)
    urgency = models.CharField(_("urgency"), max_length=16, choices=URGENCY_CHOICES, default=NORMAL)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices, default=Channel.PHONE)
    status = models.CharField(
        _("status"), max_length=16, choices=STATUS_CHOICES, default=RECEIVED, db_index=True
    )
    # Who called or wrote. The account follows the ticket online; the name and phone are kept
    # encrypted and found again through the blind index ("earlier tickets of this caller").
    caller = models.ForeignKey(
        Subject,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tickets",
        verbose_name=_("caller"),
    )
    caller_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="tickets"
    )
    caller_name = EncryptedTextField(_("caller's name"), blank=True, default="")
    caller_phone = EncryptedTextField(_("caller's phone"), blank=True, default="")
    caller_phone_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    anonymous = models.BooleanField(_("anonymous"), default=False)
    confidential = models.BooleanField(_("keep the reporter confidential"), default=False)  # 举报人保密
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("description"))
    # Where the problem is (not the caller's home): shown to the department and in Open311.
    address = models.CharField(_("address"), max_length=300, blank=True)
    street = models.ForeignKey(
        Department,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("street"),
    )
    community = models.ForeignKey(
        Department,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("community"),
    )
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    # Classification: the model's top three [[name, confidence], ...] and what the dispatcher chose.
    suggestions = models.JSONField(_("suggested categories"), default=list, blank=True)
    category = models.ForeignKey(
        Category,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tickets",
        verbose_name=_("category"),
    )
    department = models.ForeignKey(
        Department,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hotline_tickets",
        verbose_name=_("lead department"),
    )
    co_departments = models.ManyToManyField(
        Department, blank=True, related_name="hotline_co_tickets", verbose_name=_("co-handling departments")
    )
    keywords = models.CharField(max_length=200, blank=True, editable=False)  # for duplicate search
    master = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged",
        verbose_name=_("master ticket"),
    )
    answer = models.TextField(_("answer"), blank=True)
    return_reason = models.TextField(_("reason for returning"), blank=True)
    extension_state = models.CharField(_("extension"), max_length=10, choices=EXTENSION_CHOICES, blank=True)
    extension_days = models.PositiveSmallIntegerField(_("extension (working days)"), default=0)
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    urge_count = models.PositiveSmallIntegerField(_("urging notices"), default=0)
    reopen_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    satisfaction = models.CharField(
        _("satisfaction"), max_length=20, choices=SATISFACTION_CHOICES, blank=True
    )
    resolved = models.BooleanField(_("solved"), null=True, blank=True)
    visit_note = models.TextField(_("return visit note"), blank=True)
    visit_token = models.CharField(max_length=40, unique=True, default=_visit_token, editable=False)
    dispatch_clock = models.OneToOneField(
        "core.Clock", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    handling_clock = models.OneToOneField(
        "core.Clock", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    dispatched_at = models.DateTimeField(_("dispatched at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    visited_at = models.DateTimeField(_("return visit at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("received at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["department", "status", "-created_at"]),
            models.Index(fields=["street", "status", "-created_at"]),
            models.Index(fields=["caller_user", "-created_at"]),
            # The duplicate search: open, unmerged tickets of a street, newest first.
            models.Index(
                fields=["street", "-created_at"],
                name="hotline_ticket_open_by_street",
                condition=models.Q(
                    status__in=["received", "dispatched", "handling", "returned", "answered"],
                    master__isnull=True,
                ),
            ),
        ]
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")

    def __str__(self):
        return self.number

    # Guards: the actions ask these, and templates ask the same questions.
    def can_dispatch(self):
        return self.status in (self.RECEIVED, self.RETURNED)

    def can_close_directly(self):
        return self.status in (self.RECEIVED, self.RETURNED)

    def can_start_handling(self):
        return self.status == self.DISPATCHED

    def can_return(self):
        return self.status in self.WITH_DEPARTMENT

    def can_answer(self):
        return self.status in self.WITH_DEPARTMENT

    def can_give_opinion(self):
        return self.status in self.WITH_DEPARTMENT

    def can_request_extension(self):
        return self.status in self.WITH_DEPARTMENT and self.extension_state != self.EXTENSION_REQUESTED

    def can_decide_extension(self):
        return self.status in self.WITH_DEPARTMENT and self.extension_state == self.EXTENSION_REQUESTED

    def can_urge(self):
        return self.status in self.OPEN

    def can_record_visit(self):
        return self.status == self.ANSWERED

    def can_merge(self):
        return self.status in (self.RECEIVED, self.RETURNED) and self.master_id is None

    @property
    def is_open(self):
        return self.status in self.OPEN

    @property
    def hides_caller(self):
        """The handling department may not know who this is: confidential or anonymous."""
        return self.confidential or self.anonymous

    def caller_shown_to(self, *, centre):
        """Name and phone as a viewer may see them: the hotline centre masked, a department only when
        the reporter is neither confidential nor anonymous (and then masked too)."""
        if self.anonymous or (self.confidential and not centre):
            return {"name": "", "phone": ""}
        return {"name": mask_name(self.caller_name), "phone": mask_phone(self.caller_phone)}


class CoHandlingOpinion(models.Model):
    """A co-handling department's part of the work (协办意见), which the lead department answers with."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="opinions")
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("department")
    )
    text = models.TextField(_("opinion"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["ticket", "created_at", "id"]
        verbose_name = _("co-handling opinion")
        verbose_name_plural = _("co-handling opinions")

    def __str__(self):
        return f"{self.ticket} · {self.department}"


class TicketAttachment(models.Model):
    """A photo or document sent with a ticket."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to="hotline/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["ticket", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.original_name


class TrainingExample(models.Model):
    """A labelled message for the classifier beyond the shipped data: a dispatcher's correction."""

    ticket = models.OneToOneField(Ticket, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    label = models.CharField(_("category"), max_length=50)
    suggested = models.CharField(_("suggested category"), max_length=50, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("training example")
        verbose_name_plural = _("training examples")

    def __str__(self):
        return f"{self.label}: {self.title}"


class KnowledgeEntry(models.Model):
    """A past message and its official reply (知识库), offered to the operator for consultations."""

    title = models.CharField(_("title"), max_length=200)
    question = models.TextField(_("question"))
    reply = models.TextField(_("official reply"))
    source = models.CharField(_("source"), max_length=100, blank=True)
    keywords = models.CharField(max_length=200, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("knowledge entry")
        verbose_name_plural = _("knowledge entries")

    def __str__(self):
        return self.title


class Open311Client(models.Model):
    """An Open311 client allowed to create requests: its api_key is stored as an SM3 hash."""

    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Open311 client")
        verbose_name_plural = _("Open311 clients")

    def __str__(self):
        return self.name
