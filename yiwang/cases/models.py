"""Cases (办件): applications for a service item and how they are handled (DOMAIN.md §1).

The step chain: draft → submitted → accepted (or not accepted, or a supplement asked for first) →
the item's review steps → approved or denied → finished (办结) → delivered (送达). The promised
limit runs on a core `Clock` in working days from acceptance and pauses while a supplement is
awaited. A case keeps the item version it was filed under.
"""

import json
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from yiwang.accounts.models import Department, Subject
from yiwang.core.channels import Channel
from yiwang.core.pii import EncryptedTextField
from yiwang.services.models import Material, ProcessStep, ServiceItem, ServiceItemVersion


class Case(models.Model):
    """An application being handled (办件)."""

    DRAFT = "draft"  # being filled in by the applicant; nobody else sees it
    SUBMITTED = "submitted"  # waiting for acceptance (受理)
    SUPPLEMENT = "supplement"  # waiting for the applicant to supply what was missing (补正)
    IN_REVIEW = "in_review"  # accepted; going through the item's review steps
    NOT_ACCEPTED = "not_accepted"  # refused at acceptance (不予受理), with a reason; final
    APPROVED = "approved"  # decided in the applicant's favour (准予); the result is being issued
    DENIED = "denied"  # decided against (不予批准), with a reason; the letter is being issued
    FINISHED = "finished"  # done (办结): result or refusal issued
    DELIVERED = "delivered"  # the result reached the applicant (送达); final
    WITHDRAWN = "withdrawn"  # withdrawn by the applicant before a decision; final
    STATUS_CHOICES = [
        (DRAFT, _("Draft")),
        (SUBMITTED, _("Submitted")),
        (SUPPLEMENT, _("Supplement requested")),
        (IN_REVIEW, _("Under review")),
        (NOT_ACCEPTED, _("Not accepted")),
        (APPROVED, _("Approved")),
        (DENIED, _("Denied")),
        (FINISHED, _("Finished")),
        (DELIVERED, _("Delivered")),
        (WITHDRAWN, _("Withdrawn")),
    ]
    OPEN = frozenset({SUBMITTED, SUPPLEMENT, IN_REVIEW, APPROVED, DENIED})  # on a worklist
    CLOSED = frozenset({NOT_ACCEPTED, FINISHED, DELIVERED, WITHDRAWN})

    APPROVE = "approved"
    DENY = "denied"
    REFUSE = "not_accepted"
    RESULT_CHOICES = [(APPROVE, _("Approved")), (DENY, _("Denied")), (REFUSE, _("Not accepted"))]

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    number = models.CharField(_("case number"), max_length=32, unique=True)  # 办件编号
    item = models.ForeignKey(
        ServiceItem, on_delete=models.PROTECT, related_name="cases", verbose_name=_("item")
    )
    version = models.ForeignKey(ServiceItemVersion, on_delete=models.PROTECT, related_name="cases")
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="cases", verbose_name=_("responsible department")
    )
    applicant = models.ForeignKey(
        Subject, on_delete=models.PROTECT, related_name="cases", verbose_name=_("applicant")
    )
    # The account that follows the case online (the citizen or the enterprise's agent); a walk-in
    # applicant without an account has none and is told by SMS.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="cases"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )  # a clerk at the counter, else the owner
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices, default=Channel.WEB)
    status = models.CharField(
        _("status"), max_length=16, choices=STATUS_CHOICES, default=DRAFT, db_index=True
    )
    step = models.ForeignKey(
        ProcessStep,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("current step"),
    )
    data_json = EncryptedTextField(default="{}")  # the form's answers; personal data, so encrypted
    supplement_items = models.JSONField(_("missing items"), default=list, blank=True)
    supplement_note = models.TextField(_("supplement note"), blank=True)
    supplement_from = models.CharField(max_length=16, blank=True)  # the status to return to
    result = models.CharField(_("result"), max_length=16, choices=RESULT_CHOICES, blank=True)
    result_reason = models.TextField(_("reason"), blank=True)
    letter_number = models.CharField(_("decision letter number"), max_length=40, blank=True)
    clock = models.OneToOneField(
        "core.Clock", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["department", "status", "-submitted_at"]),
            models.Index(fields=["owner", "-created_at"]),
            models.Index(fields=["department", "-finished_at", "status"], name="case_department_finished"),
        ]
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def __str__(self):
        return self.number

    @property
    def data(self):
        return json.loads(self.data_json or "{}")

    # Guards: the actions ask these, and templates ask the same questions.
    def can_edit(self):
        return self.status == self.DRAFT

    def can_submit(self):
        return self.status == self.DRAFT

    def can_accept(self):
        return self.status == self.SUBMITTED

    def can_refuse(self):
        return self.status == self.SUBMITTED

    def can_request_supplement(self):
        return self.status in (self.SUBMITTED, self.IN_REVIEW)

    def can_supplement(self):
        return self.status == self.SUPPLEMENT

    def can_complete_step(self):
        return self.status == self.IN_REVIEW and self.step_id is not None

    def can_finish(self):
        return self.status in (self.APPROVED, self.DENIED)

    def can_deliver(self):
        return self.status == self.FINISHED

    def can_withdraw(self):
        return self.status in (self.DRAFT, self.SUBMITTED, self.SUPPLEMENT)

    def can_decline(self):
        """A benefit granted without applying (免申即享) can be declined until its result is issued."""
        return self.channel == Channel.PROACTIVE and self.status in (self.IN_REVIEW, self.APPROVED)

    @property
    def is_closed(self):
        return self.status in self.CLOSED


class CaseMaterial(models.Model):
    """A material of a case: an uploaded file, or a placeholder the data-sharing gateway fills (数据跑路)."""

    UPLOADED = "uploaded"  # a file the applicant or clerk supplied
    AWAITING = "awaiting"  # to be fetched from shared data or an electronic certificate
    FETCHED = "fetched"  # fetched by the gateway
    STATUS_CHOICES = [(UPLOADED, _("Uploaded")), (AWAITING, _("To be fetched")), (FETCHED, _("Fetched"))]

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="materials")
    material = models.ForeignKey(Material, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=STATUS_CHOICES)
    file = models.FileField(_("file"), upload_to="cases/%Y/%m/", blank=True)
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    digest = models.CharField(max_length=64, blank=True)  # SM3 of the content
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "material__sort_order", "id"]
        verbose_name = _("case material")
        verbose_name_plural = _("case materials")

    def __str__(self):
        return self.original_name or str(self.material)


class CaseStep(models.Model):
    """A stage of a case's handling as DOMAIN.md §1 records it: name, action, start, end, officer, opinion."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="steps")
    name = models.CharField(_("step"), max_length=50)  # 申请, 受理, 审查, 决定, 办结, 送达, 补正
    action = models.CharField(_("action"), max_length=30, blank=True)  # what ended it: accepted, approved ...
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opinion = models.TextField(_("opinion"), blank=True)
    started_at = models.DateTimeField(_("started at"))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        ordering = ["case", "started_at", "id"]
        verbose_name = _("case step")
        verbose_name_plural = _("case steps")

    def __str__(self):
        return self.name
