"""Bundled life-event services (一件事一次办) and situation guides (情形引导) (DOMAIN.md §2).

A `Bundle` combines several service items of several departments into one life event. The
applicant answers one merged form: each `BundleField` is asked once and a `FieldMapping` carries
its answer to a field of one item's form. An item may wait for another item of the bundle
(`BundleItem.waits_for`): its case is submitted when the other is finished, with fields fed from
the other's answers or result.

A `Guide` (for a bundle or for a single item) asks a few questions; its `GuideRule`s decide from
the answers which items, materials and form fields apply. Both are configuration, edited in admin.

One submission makes one `BundleCase` and one ordinary `cases.Case` per item (`BundleCaseItem`
links them), so every department handles its part in its own workbench.
"""

import json
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from yiwang.accounts.models import Subject
from yiwang.core.channels import Channel
from yiwang.core.pii import EncryptedTextField
from yiwang.services.models import Audience, FormField, ServiceItem


class Bundle(models.Model):
    """A bundled life-event service (一件事): several items, one form, one submission."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(_("short name"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100)  # 开办餐饮店一件事
    summary = models.TextField(_("summary"), blank=True)
    audience = models.CharField(_("for"), max_length=12, choices=Audience.choices, default=Audience.PERSON)
    # The life event (see the life-event navigation): p-birth, p-schooling, p-employment, p-marriage,
    # p-housing, p-retirement, p-death, e-start, e-operate, e-change, e-close.
    life_event = models.CharField(_("life event"), max_length=20, blank=True, db_index=True)
    promised_limit = models.PositiveSmallIntegerField(
        _("promised limit of the bundle (working days)"),
        default=0,
        help_text=_(
            "What the district promises for the whole bundle; compared with the items' limits added up."
        ),
    )
    visits = models.PositiveSmallIntegerField(_("visits needed for the bundle"), default=0)
    published = models.BooleanField(_("published"), default=False)
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["sort_order", "slug"]
        verbose_name = _("bundle")
        verbose_name_plural = _("bundles")

    def __str__(self):
        return self.name


class BundleItem(models.Model):
    """One item of a bundle; it runs in parallel unless it waits for another item's result."""

    bundle = models.ForeignKey(Bundle, on_delete=models.CASCADE, related_name="items")
    item = models.ForeignKey(
        ServiceItem, on_delete=models.PROTECT, related_name="bundle_items", verbose_name=_("service item")
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    waits_for = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="waiting",
        verbose_name=_("waits for"),
        help_text=_("Submitted only once this item of the bundle is finished and approved."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["bundle", "sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["bundle", "item"], name="bundle_item_once")]
        verbose_name = _("item of a bundle")
        verbose_name_plural = _("items of a bundle")

    def __str__(self):
        return str(self.item)

    @property
    def name(self):
        return self.item.current.name if self.item.current_id else self.item.implementation_code


class BundleField(models.Model):
    """A field of a bundle's merged form, asked once (name, ID number, address, company name ...)."""

    KIND_CHOICES = [choice for choice in FormField.KIND_CHOICES if choice[0] != FormField.FILE]

    bundle = models.ForeignKey(Bundle, on_delete=models.CASCADE, related_name="fields")
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    key = models.SlugField(_("key"), max_length=50)
    label = models.CharField(_("label"), max_length=100)
    kind = models.CharField(_("kind"), max_length=12, choices=KIND_CHOICES, default=FormField.TEXT)
    required = models.BooleanField(_("required"), default=True)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    max_length = models.PositiveIntegerField(_("maximum length"), null=True, blank=True)
    prefill = models.CharField(_("prefill from"), max_length=100, blank=True)  # as FormField.prefill

    class Meta:
        ordering = ["bundle", "sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["bundle", "key"], name="bundle_field_key_once")]
        verbose_name = _("field of a merged form")
        verbose_name_plural = _("fields of a merged form")

    def __str__(self):
        return self.label


class FieldMapping(models.Model):
    """Where one item field's answer comes from: a field of the merged form, a fixed answer, or (for
    an item that waits) the answers or result of the item it waits for - or the applicant, when the
    item starts, for what only that result tells them (the new business's credit code)."""

    LATER = "applicant"  # asked of the applicant when the waiting item starts
    RESULT_SOURCES = {  # what a finished case offers to the next item's form
        "result.case_number": _("case number"),
        "result.letter_number": _("decision letter number"),
        "result.finished_date": _("date finished"),
    }

    bundle_item = models.ForeignKey(
        BundleItem, on_delete=models.CASCADE, related_name="mappings", verbose_name=_("item")
    )
    item_field = models.SlugField(_("item field key"), max_length=50)
    bundle_field = models.ForeignKey(
        BundleField,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="mappings",
        verbose_name=_("from the merged form's field"),
    )
    fixed_value = models.CharField(_("or a fixed answer"), max_length=200, blank=True)
    fed_from = models.CharField(
        _("or fed from the item waited for"),
        max_length=60,
        blank=True,
        help_text=_(
            '"answers.<field key>", "result.case_number", "result.letter_number", '
            '"result.finished_date", or "applicant" (asked when the item starts).'
        ),
    )

    class Meta:
        ordering = ["bundle_item", "id"]
        constraints = [
            models.UniqueConstraint(fields=["bundle_item", "item_field"], name="mapping_field_once")
        ]
        verbose_name = _("field mapping")
        verbose_name_plural = _("field mappings")

    def __str__(self):
        return f"{self.bundle_item} · {self.item_field}"


# Situation guides (情形引导) ------------------------------------------------------------------------


class Guide(models.Model):
    """A few questions that decide which items, materials and fields apply, for a bundle or an item."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    bundle = models.OneToOneField(
        Bundle,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="guide",
        verbose_name=_("bundle"),
    )
    item = models.OneToOneField(
        ServiceItem,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="guide",
        verbose_name=_("service item"),
    )
    intro = models.TextField(_("introduction"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(bundle__isnull=False, item__isnull=True)
                | models.Q(bundle__isnull=True, item__isnull=False),
                name="guide_for_bundle_or_item",
            )
        ]
        verbose_name = _("situation guide")
        verbose_name_plural = _("situation guides")

    def __str__(self):
        return str(self.bundle or self.item)


class GuideQuestion(models.Model):
    """One question of a guide, answered by choosing one option (是/否, 本人/他人 ...)."""

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="questions")
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    key = models.SlugField(_("key"), max_length=50)
    text = models.CharField(_("question"), max_length=200)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)

    class Meta:
        ordering = ["guide", "sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["guide", "key"], name="guide_question_key_once")]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return self.text


class GuideOption(models.Model):
    question = models.ForeignKey(GuideQuestion, on_delete=models.CASCADE, related_name="options")
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    value = models.SlugField(_("value"), max_length=30)
    label = models.CharField(_("label"), max_length=100)

    class Meta:
        ordering = ["question", "sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["question", "value"], name="guide_option_once")]
        verbose_name = _("option")
        verbose_name_plural = _("options")

    def __str__(self):
        return f"{self.question.text} → {self.label}"


class GuideRule(models.Model):
    """When an option is chosen, an item, a material or a form field is left out or brought in.

    Brought in (include) means: it applies only when some include rule for it fires; left out
    (exclude) wins over include. What no rule names always applies.
    """

    INCLUDE = "include"
    EXCLUDE = "exclude"
    EFFECT_CHOICES = [(INCLUDE, _("applies only then")), (EXCLUDE, _("does not apply"))]

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="rules")
    option = models.ForeignKey(
        GuideOption, on_delete=models.CASCADE, related_name="rules", verbose_name=_("when this is chosen")
    )
    effect = models.CharField(_("effect"), max_length=8, choices=EFFECT_CHOICES)
    # Exactly one target: an item of the bundle, a material (by its name), or a form field (by key:
    # the merged form's key for a bundle guide, the item's form key for an item guide).
    bundle_item = models.ForeignKey(
        BundleItem,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="guide_rules",
        verbose_name=_("item of the bundle"),
    )
    material = models.CharField(_("material name"), max_length=200, blank=True)
    field_key = models.SlugField(_("form field key"), max_length=50, blank=True)
    explanation = models.CharField(_("explanation shown"), max_length=200, blank=True)

    class Meta:
        ordering = ["guide", "id"]
        verbose_name = _("rule")
        verbose_name_plural = _("rules")

    def __str__(self):
        return f"{self.option} · {self.get_effect_display()}"


# Bundle cases -------------------------------------------------------------------------------------


class BundleCase(models.Model):
    """One submission of a bundle (一件事办件): the parent of one case per item."""

    IN_PROGRESS = "in_progress"  # some item case is still open or waiting
    FINISHED = "finished"  # every item finished with its result (办结)
    ENDED_WITH_REFUSAL = "ended_refused"  # every item ended, at least one refused or halted
    STATUS_CHOICES = [
        (IN_PROGRESS, _("In progress")),
        (FINISHED, _("Finished")),
        (ENDED_WITH_REFUSAL, _("Ended; not every item was granted")),
    ]

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    number = models.CharField(_("bundle case number"), max_length=32, unique=True)
    bundle = models.ForeignKey(
        Bundle, on_delete=models.PROTECT, related_name="cases", verbose_name=_("bundle")
    )
    applicant = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="bundle_cases")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="bundle_cases")
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices, default=Channel.WEB)
    status = models.CharField(
        _("status"), max_length=16, choices=STATUS_CHOICES, default=IN_PROGRESS, db_index=True
    )
    guide_answers = models.JSONField(_("guide answers"), default=dict, blank=True)  # {question key: value}
    data_json = EncryptedTextField(default="{}")  # the merged form's answers; personal data, so encrypted
    submitted_at = models.DateTimeField(_("submitted at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "-created_at"])]
        verbose_name = _("bundle case")
        verbose_name_plural = _("bundle cases")

    def __str__(self):
        return self.number

    @property
    def data(self):
        return json.loads(self.data_json or "{}")

    @property
    def is_open(self):
        return self.status == self.IN_PROGRESS


class BundleCaseItem(models.Model):
    """The part one item plays in a bundle case, and what the applicant is told about it."""

    WAITING = "waiting"  # waits for another item's result; its case is a draft
    NEEDS_APPLICANT = "needs_applicant"  # the fed answers were not enough: the applicant completes the draft
    RUNNING = "running"  # its case is with the department
    DONE = "done"  # finished and granted
    REFUSED = "refused"  # not accepted or denied by its department
    HALTED = "halted"  # cannot proceed because an item it waits for was refused; its draft was withdrawn
    WITHDRAWN = "withdrawn"  # withdrawn by the applicant
    STATE_CHOICES = [
        (WAITING, _("Waiting for another item")),
        (NEEDS_APPLICANT, _("Waiting for you")),
        (RUNNING, _("With the department")),
        (DONE, _("Done")),
        (REFUSED, _("Refused")),
        (HALTED, _("Halted")),
        (WITHDRAWN, _("Withdrawn")),
    ]
    ENDED = frozenset({DONE, REFUSED, HALTED, WITHDRAWN})

    bundle_case = models.ForeignKey(BundleCase, on_delete=models.CASCADE, related_name="parts")
    bundle_item = models.ForeignKey(BundleItem, on_delete=models.PROTECT, related_name="+")
    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, related_name="bundle_part")
    state = models.CharField(_("state"), max_length=16, choices=STATE_CHOICES)
    explanation = models.TextField(_("explanation"), blank=True)  # stored in the platform's language
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["bundle_case", "bundle_item__sort_order", "id"]
        verbose_name = _("item of a bundle case")
        verbose_name_plural = _("items of a bundle case")

    def __str__(self):
        return f"{self.bundle_case} · {self.bundle_item}"

    @property
    def has_ended(self):
        return self.state in self.ENDED
