"""Service evaluation (好差评, DOMAIN.md §4): one rating per stage the person meets, and the loop every
差评 starts (整改): return visit → verified → fixed on the spot / fixed within a deadline / explained,
with the evaluated department's appeal decided by a supervisor.

A case is rated at acceptance (受理, or its refusal) and at its result (办结); a hotline ticket at its
answer (答复). The database keeps a stage from being rated twice.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from yiwang.accounts.models import Department
from yiwang.core.channels import EVALUATION_CHANNEL_CODES, Channel


class Level(models.IntegerChoices):
    """The five levels of GB/T 39734 (5 best); 不满意 and 非常不满意 are 差评."""

    VERY_SATISFIED = 5, _("Very satisfied")
    SATISFIED = 4, _("Satisfied")
    BASICALLY_SATISFIED = 3, _("Basically satisfied")
    DISSATISFIED = 2, _("Dissatisfied")
    VERY_DISSATISFIED = 1, _("Very dissatisfied")


GOOD_LEVELS = (Level.VERY_SATISFIED, Level.SATISFIED)  # 好评 (the numerator of 好评率)
BAD_LEVELS = (Level.DISSATISFIED, Level.VERY_DISSATISFIED)  # 差评


class ChannelCode(models.TextChoices):
    """Where the rating was given, in the national 好差评 code list (mapped onto core Channel)."""

    PC = "1", _("PC")
    MOBILE = "2", _("Mobile")
    QR_CODE = "3", _("QR code")
    HALL_TABLET = "4", _("Hall tablet")
    HALL_TERMINAL = "5", _("Other hall terminal")
    PHONE_SMS = "6", _("Phone or SMS")

    @property
    def core_channel(self):
        return EVALUATION_CHANNEL_CODES[self.value]


ONLINE = "online"  # a service given online (网上服务)
COUNTER = "counter"  # a service given in person (窗口服务)
# The indicators of DOMAIN.md §4 the person may tick as what their rating is about.
INDICATORS = {
    ONLINE: [
        ("efficiency", _("Efficiency")),
        ("guide_accuracy", _("Accuracy of the service guide")),
        ("convenience", _("Convenience")),
        ("usability", _("Ease of use")),
    ],
    COUNTER: [("efficiency", _("Efficiency")), ("skill", _("Skill")), ("attitude", _("Attitude"))],
}

STAGE_ACCEPT = "accept"  # a case's acceptance or refusal (受理 / 不予受理)
STAGE_RESULT = "result"  # a case's result (办结)
STAGE_ANSWER = "answer"  # a ticket's answer (答复)
STAGE_CHOICES = [(STAGE_ACCEPT, _("Acceptance")), (STAGE_RESULT, _("Result")), (STAGE_ANSWER, _("Answer"))]
CASE_STAGES = (STAGE_ACCEPT, STAGE_RESULT)
TICKET_STAGES = (STAGE_ANSWER,)


class EvaluationQuerySet(models.QuerySet):
    def counted(self):
        """What the statistics count: every evaluation but those excluded by an upheld appeal."""
        return self.filter(excluded=False)


class Evaluation(models.Model):
    """One person's rating of one stage of a case or ticket (一次一评 / 一事一评)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="evaluations"
    )
    ticket = models.ForeignKey(
        "hotline.Ticket", null=True, blank=True, on_delete=models.PROTECT, related_name="evaluations"
    )
    stage = models.CharField(_("stage"), max_length=10, choices=STAGE_CHOICES)
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="evaluations",
        verbose_name=_("evaluated department"),
    )
    item = models.ForeignKey(
        "services.ServiceItem",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evaluations",
        verbose_name=_("service item"),
    )
    item_code = models.CharField(
        _("item code"), max_length=40, blank=True
    )  # 实施编码, or the ticket category
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    mode = models.CharField(
        _("kind of service"), max_length=10, choices=[(ONLINE, _("Online")), (COUNTER, _("Counter"))]
    )
    indicators = models.JSONField(_("indicators"), default=list, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    channel_code = models.CharField(_("evaluation channel"), max_length=1, choices=ChannelCode.choices)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    rater = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="evaluations"
    )  # none when rated from a link without logging in
    rater_masked_name = models.CharField(
        _("rated by"), max_length=50, blank=True
    )  # shown publicly; never clear
    excluded = models.BooleanField(_("excluded from statistics"), default=False)  # appeal upheld
    created_at = models.DateTimeField(_("rated at"), auto_now_add=True, db_index=True)

    objects = EvaluationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "stage"], name="evaluation_once_per_case_stage"),
            models.UniqueConstraint(fields=["ticket", "stage"], name="evaluation_once_per_ticket_stage"),
            models.CheckConstraint(
                condition=models.Q(case__isnull=False, ticket__isnull=True)
                | models.Q(case__isnull=True, ticket__isnull=False),
                name="evaluation_of_a_case_or_a_ticket",
            ),
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=5), name="evaluation_level_1_to_5"
            ),
        ]
        indexes = [
            models.Index(fields=["department", "excluded", "-created_at"]),
            models.Index(fields=["item", "excluded", "-created_at"]),
        ]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")

    def __str__(self):
        return f"{self.get_level_display()} · {self.number}"

    @property
    def is_bad(self):
        return self.level in BAD_LEVELS

    @property
    def number(self):
        """The case or ticket number the rating is about."""
        return self.case.number if self.case_id else self.ticket.number

    def indicator_labels(self):
        labels = dict(INDICATORS[self.mode])
        return [labels[key] for key in self.indicators if key in labels]


class Rectification(models.Model):
    """The loop of one 差评 (差评整改): return visit, verification, fix or explanation, or an appeal."""

    VISIT = "visit"  # waiting for the return visit (回访)
    VERIFY = "verify"  # visited; waiting for the verdict: is the complaint true (核实)
    RESOLVE = "resolve"  # verified; waiting to be fixed on the spot, given a deadline or explained
    FIXING = "fixing"  # to be fixed within the deadline (限期整改), on a clock
    APPEALED = "appealed"  # the department appeals the review; waiting for the supervisor (申诉)
    DONE = "done"  # fixed or explained; the outcome is published; final
    EXCLUDED = "excluded"  # appeal upheld: the review does not count; final
    STATUS_CHOICES = [
        (VISIT, _("Return visit due")),
        (VERIFY, _("To be verified")),
        (RESOLVE, _("To be resolved")),
        (FIXING, _("Being fixed")),
        (APPEALED, _("Appealed")),
        (DONE, _("Done")),
        (EXCLUDED, _("Excluded after appeal")),
    ]
    OPEN = frozenset({VISIT, VERIFY, RESOLVE, FIXING, APPEALED})

    FIXED_ON_SPOT = "fixed_on_spot"  # 立行立改
    FIXED = "fixed"  # 限期整改, done
    EXPLAINED = "explained"  # 解释说明
    OUTCOME_CHOICES = [
        (FIXED_ON_SPOT, _("Fixed on the spot")),
        (FIXED, _("Fixed within the deadline")),
        (EXPLAINED, _("Explained")),
    ]
    FIX_OUTCOMES = (FIXED_ON_SPOT, FIXED)  # the numerator of 差评整改率

    MISTAKEN = "mistaken"  # 误评
    MALICIOUS = "malicious"  # 恶意差评
    APPEAL_CHOICES = [(MISTAKEN, _("Mistaken review")), (MALICIOUS, _("Malicious review"))]

    UPHELD = "upheld"
    REJECTED = "rejected"
    DECISION_CHOICES = [(UPHELD, _("Upheld")), (REJECTED, _("Rejected"))]

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    evaluation = models.OneToOneField(Evaluation, on_delete=models.PROTECT, related_name="rectification")
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="rectifications",
        verbose_name=_("evaluated department"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=STATUS_CHOICES, default=VISIT, db_index=True
    )
    visit_note = models.TextField(_("return visit note"), blank=True)
    visited_at = models.DateTimeField(_("visited at"), null=True, blank=True)
    visited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified = models.BooleanField(_("complaint true"), null=True, blank=True)
    verify_note = models.TextField(_("verification note"), blank=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=OUTCOME_CHOICES, blank=True)
    outcome_note = models.TextField(_("what was done"), blank=True)  # published
    clock = models.OneToOneField(
        "core.Clock", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    appeal_kind = models.CharField(_("appeal"), max_length=10, choices=APPEAL_CHOICES, blank=True)
    appeal_reason = models.TextField(_("reason for the appeal"), blank=True)
    appeal_from = models.CharField(max_length=10, blank=True)  # the status to go back to if rejected
    appealed_at = models.DateTimeField(_("appealed at"), null=True, blank=True)
    appeal_decision = models.CharField(_("decision"), max_length=10, choices=DECISION_CHOICES, blank=True)
    decision_note = models.TextField(_("reason for the decision"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["department", "status", "-created_at"])]
        verbose_name = _("rectification")
        verbose_name_plural = _("rectifications")

    def __str__(self):
        return f"{self.get_status_display()} · {self.evaluation_id}"

    # Guards: the actions ask these, and templates ask the same questions.
    def can_visit(self):
        return self.status == self.VISIT

    def can_verify(self):
        return self.status == self.VERIFY

    def can_resolve(self):
        return self.status == self.RESOLVE

    def can_fix_on_spot(self):
        return self.can_resolve() and self.verified is True

    def can_set_deadline(self):
        return self.can_resolve() and self.verified is True

    def can_explain(self):
        return self.can_resolve()

    def can_complete_fix(self):
        return self.status == self.FIXING

    def can_appeal(self):
        return (
            self.status in (self.VISIT, self.VERIFY, self.RESOLVE, self.FIXING) and not self.appeal_decision
        )

    def can_decide_appeal(self):
        return self.status == self.APPEALED

    @property
    def is_fixed(self):
        return self.status == self.DONE and self.outcome in self.FIX_OUTCOMES
