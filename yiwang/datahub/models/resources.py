"""The resource catalogue (政务信息资源目录, GB/T 21063) and the records of each resource.

A **data element** (数据元) is a standard definition of one kind of value (公民身份号码, 统一社会信用代码,
性别代码 ...): type, format, code list, check. A **resource** (信息资源) is one department's dataset,
described by the catalogue metadata of DOMAIN.md §5; each of its **data items** (信息项) is bound to a
data element, which decides how a value is checked. The provider department owns the resource.

A **record** is one row of a resource, identified by the resource's key items. Personal values (items
whose element is personal) are kept SM4-encrypted in `sealed`; the other values stay in clear in
`values`, so they can be filtered in SQL. The key and the subject (the person or enterprise the row is
about) are found through HMAC-SM3 blind indexes, never through clear identifiers. A record holds its
current version and the ingest that wrote it; when a change supersedes a version, that version is
kept as a `RecordChange`. So the full history of a record is its changes plus itself, and a first
load writes one row per record, not two.
"""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yiwang.core.pii import EncryptedTextField

__all__ = ["DataElement", "Resource", "DataItem", "Record", "RecordChange", "ImportBatch"]


class DataElement(models.Model):
    """A standard registry entry (数据元): what one kind of value is and how it is checked."""

    STRING, INTEGER, DECIMAL, DATE, DATETIME, BOOLEAN, CODE = (
        "string",
        "integer",
        "decimal",
        "date",
        "datetime",
        "boolean",
        "code",
    )
    TYPE_CHOICES = [
        (STRING, _("Text")),
        (INTEGER, _("Integer")),
        (DECIMAL, _("Decimal")),
        (DATE, _("Date")),
        (DATETIME, _("Date and time")),
        (BOOLEAN, _("Yes / no")),
        (CODE, _("Code from a code list")),
    ]
    NO_CHECK, CITIZEN_ID, CREDIT_CODE, PHONE = "", "citizen_id", "credit_code", "phone"
    CHECK_CHOICES = [
        (NO_CHECK, _("None")),
        (CITIZEN_ID, _("Citizen ID number (GB 11643)")),
        (CREDIT_CODE, _("Unified social credit code (GB 32100)")),
        (PHONE, _("Mobile phone number")),
    ]

    identifier = models.CharField(_("identifier"), max_length=32, unique=True)  # e.g. DE0001
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=150, blank=True)
    definition = models.TextField(_("definition"), blank=True)
    data_type = models.CharField(_("type"), max_length=10, choices=TYPE_CHOICES, default=STRING)
    # The representation format of GB/T 19488 style: "c..50" text up to 50, "n8" eight digits,
    # "YYYY-MM-DD" ...; `max_length` is what is enforced for text.
    format = models.CharField(_("format"), max_length=40, blank=True)
    max_length = models.PositiveIntegerField(_("maximum length"), null=True, blank=True)
    # [[code, label], ...] for type "code": a value must be one of the codes.
    code_list = models.JSONField(_("code list"), default=list, blank=True)
    check_kind = models.CharField(
        _("check"), max_length=12, choices=CHECK_CHOICES, blank=True, default=NO_CHECK
    )
    # Identifies or describes a natural person (DOMAIN.md §8): kept encrypted, never opened as is.
    is_personal = models.BooleanField(_("personal information"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["identifier"]
        verbose_name = _("data element")
        verbose_name_plural = _("data elements")

    def __str__(self):
        return f"{self.identifier} {self.name}"


class Resource(models.Model):
    """One government information resource (信息资源) with the catalogue metadata of DOMAIN.md §5."""

    BASIC, THEMATIC, DEPARTMENTAL = "basic", "thematic", "departmental"
    KIND_CHOICES = [(BASIC, _("Basic")), (THEMATIC, _("Thematic")), (DEPARTMENTAL, _("Departmental"))]

    SHARE_UNCONDITIONAL, SHARE_CONDITIONAL, SHARE_NONE = "unconditional", "conditional", "none"
    SHARING_CHOICES = [
        (SHARE_UNCONDITIONAL, _("Shared unconditionally")),  # 无条件共享
        (SHARE_CONDITIONAL, _("Shared on conditions")),  # 有条件共享
        (SHARE_NONE, _("Not shared")),  # 不予共享
    ]
    OPEN_UNCONDITIONAL, OPEN_CONDITIONAL, OPEN_NONE = "unconditional", "conditional", "none"
    OPENING_CHOICES = [
        (OPEN_UNCONDITIONAL, _("Open unconditionally")),  # 无条件开放
        (OPEN_CONDITIONAL, _("Open on conditions")),  # 有条件开放
        (OPEN_NONE, _("Not open")),  # 不予开放
    ]
    REALTIME, DAILY, WEEKLY, MONTHLY, QUARTERLY, YEARLY, IRREGULAR = (
        "realtime",
        "daily",
        "weekly",
        "monthly",
        "quarterly",
        "yearly",
        "irregular",
    )
    CYCLE_CHOICES = [
        (REALTIME, _("Real time")),
        (DAILY, _("Daily")),
        (WEEKLY, _("Weekly")),
        (MONTHLY, _("Monthly")),
        (QUARTERLY, _("Quarterly")),
        (YEARLY, _("Yearly")),
        (IRREGULAR, _("Irregular")),
    ]
    # Days after which a resource that has not been updated is stale; none for irregular ones.
    CYCLE_DAYS = {REALTIME: 1, DAILY: 1, WEEKLY: 7, MONTHLY: 31, QUARTERLY: 92, YEARLY: 366}

    PERSON, ENTERPRISE, OTHER = "person", "enterprise", ""
    SUBJECT_CHOICES = [(PERSON, _("Persons")), (ENTERPRISE, _("Enterprises")), (OTHER, _("Neither"))]

    code = models.CharField(_("resource code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200, unique=True)  # what materials name as source_ref
    kind = models.CharField(_("catalogue kind"), max_length=14, choices=KIND_CHOICES, default=DEPARTMENTAL)
    # 类 / 项 / 目 / 细目, e.g. "1/01/003" — the classification part of the resource code.
    classification = models.CharField(_("classification"), max_length=40, blank=True)
    provider = models.ForeignKey(
        "accounts.Department",
        on_delete=models.PROTECT,
        related_name="resources",
        verbose_name=_("provider (owner)"),
    )
    abstract = models.TextField(_("abstract"))
    format = models.CharField(_("format"), max_length=40, default="database")  # 资源格式
    sharing_type = models.CharField(_("sharing type"), max_length=14, choices=SHARING_CHOICES)
    sharing_conditions = models.TextField(_("sharing conditions"), blank=True)
    sharing_method = models.CharField(_("sharing method"), max_length=40, default="interface")  # 共享方式
    opening_type = models.CharField(
        _("opening type"), max_length=14, choices=OPENING_CHOICES, default=OPEN_NONE
    )
    opening_conditions = models.TextField(_("opening conditions"), blank=True)
    update_cycle = models.CharField(_("update cycle"), max_length=10, choices=CYCLE_CHOICES, default=MONTHLY)
    published_on = models.DateField(_("publication date"), null=True, blank=True)
    related = models.ManyToManyField("self", blank=True, verbose_name=_("related resources"))
    # Whom a record is about: its subject item holds a citizen ID number or a credit code.
    subject_kind = models.CharField(
        _("records are about"), max_length=12, choices=SUBJECT_CHOICES, blank=True
    )
    is_active = models.BooleanField(_("active"), default=True)
    # When the records last changed (any ingest), for the staleness check against the update cycle.
    data_updated_at = models.DateTimeField(_("data last updated"), null=True, blank=True)
    stale_since = models.DateTimeField(_("stale since"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("data resource")
        verbose_name_plural = _("data resources")

    def __str__(self):
        return self.name

    def update_due_at(self):
        """When the data must next change to keep to the update cycle; None for irregular ones."""
        days = self.CYCLE_DAYS.get(self.update_cycle)
        if days is None:
            return None
        since = self.data_updated_at
        if since is None and self.published_on is not None:
            since = timezone.make_aware(datetime.datetime.combine(self.published_on, datetime.time()))
        since = since or self.created_at
        return since + datetime.timedelta(days=days) if since else None

    @property
    def is_stale(self):
        return self.stale_since is not None


class DataItem(models.Model):
    """One column of a resource (信息项), bound to the data element that says how it is checked."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="items")
    key = models.SlugField(_("column"), max_length=50)  # the field name in files and the API: "id_number"
    name = models.CharField(_("name"), max_length=100)  # 公民身份号码
    element = models.ForeignKey(
        DataElement, on_delete=models.PROTECT, related_name="items", verbose_name=_("data element")
    )
    required = models.BooleanField(_("required"), default=False)
    is_key = models.BooleanField(_("part of the key"), default=False)
    # The item that names whom the record is about (a citizen ID number or a credit code).
    is_subject = models.BooleanField(_("identifies the subject"), default=False)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["resource", "sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["resource", "key"], name="data_item_key_once")]
        verbose_name = _("data item")
        verbose_name_plural = _("data items")

    def __str__(self):
        return f"{self.resource.name}.{self.key}"

    @property
    def is_personal(self):
        return self.element.is_personal


class ImportBatch(models.Model):
    """One ingest of rows into a resource (upload, API push or `yiwang data import`) and its outcome."""

    UPLOAD, API, COMMAND, DEMO = "upload", "api", "command", "demo"
    SOURCE_CHOICES = [
        (UPLOAD, _("Upload")),
        (API, _("API push")),
        (COMMAND, _("Command line")),
        (DEMO, _("Demo")),
    ]
    ALL_OR_NOTHING, GOOD_ROWS = "all_or_nothing", "good_rows"
    MODE_CHOICES = [(ALL_OR_NOTHING, _("All or nothing")), (GOOD_ROWS, _("Good rows only"))]
    APPLIED, REFUSED = "applied", "refused"
    STATUS_CHOICES = [(APPLIED, _("Applied")), (REFUSED, _("Refused"))]

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)  # in URLs (the error report)
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="batches")
    source = models.CharField(_("source"), max_length=10, choices=SOURCE_CHOICES)
    mode = models.CharField(_("mode"), max_length=16, choices=MODE_CHOICES, default=ALL_OR_NOTHING)
    status = models.CharField(_("status"), max_length=10, choices=STATUS_CHOICES)
    filename = models.CharField(_("file"), max_length=200, blank=True)
    digest = models.CharField(_("SM3 digest"), max_length=64, blank=True)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_created = models.PositiveIntegerField(_("created"), default=0)
    rows_updated = models.PositiveIntegerField(_("updated"), default=0)
    rows_unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    rows_bad = models.PositiveIntegerField(_("bad rows"), default=0)
    # [{"row": 12, "column": "id_number", "message": "..."}], the first few hundred; masked values only.
    errors = models.JSONField(_("errors"), default=list, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self):
        return str(self.code)


class Record(models.Model):
    """One row of a resource, identified by its key items."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="records")
    # HMAC-SM3 blind index of the normalised key values: lookup by key without a clear identifier.
    key_index = models.CharField(max_length=64)
    # Blind index of the subject's citizen ID number (kind "citizen_id", as accounts.Person's) or of
    # the credit code (kind "credit_code"): every record about one person, across resources.
    subject_index = models.CharField(max_length=64, blank=True, db_index=True)
    values = models.JSONField(_("values"), default=dict)  # non-personal items, in clear
    sealed = EncryptedTextField(_("personal values"), blank=True, default="")  # JSON of personal items
    version = models.PositiveIntegerField(_("version"), default=1)
    is_deleted = models.BooleanField(_("deleted"), default=False)
    # The ingest that wrote the current version.
    batch = models.ForeignKey(ImportBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["resource", "key_index"], name="record_key_once")]
        verbose_name = _("record")
        verbose_name_plural = _("records")

    def __str__(self):
        return f"{self.resource_id}/{self.key_index[:12]} v{self.version}"


class RecordChange(models.Model):
    """The history of a record: each superseded version as it was written, and by which ingest (the
    current version is the record itself)."""

    CREATED, UPDATED, DELETED = "created", "updated", "deleted"
    KIND_CHOICES = [(CREATED, _("Created")), (UPDATED, _("Updated")), (DELETED, _("Deleted"))]

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="changes")
    version = models.PositiveIntegerField(_("version"))
    kind = models.CharField(_("change"), max_length=8, choices=KIND_CHOICES)
    values = models.JSONField(_("values"), default=dict)
    sealed = EncryptedTextField(_("personal values"), blank=True, default="")
    batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="changes"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["record", "version"]
        constraints = [models.UniqueConstraint(fields=["record", "version"], name="record_version_once")]
        verbose_name = _("record change")
        verbose_name_plural = _("record changes")

    def __str__(self):
        return f"{self.record_id} v{self.version} {self.kind}"
