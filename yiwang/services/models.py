"""The service catalogue (政务服务事项目录) with the fields of GB/T 39046-2020 (DOMAIN.md §1).

A `ServiceItem` is the stable identity of an item (its implementation code); what it says lives in
numbered `ServiceItemVersion`s. A published version never changes: editing starts a new draft
version, publishing it retires the previous one, and a case keeps the version it was filed under.
Materials, form fields and process steps belong to a version, so they are frozen with it.
"""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from yiwang.accounts.models import Department, Role


class ItemType(models.TextChoices):
    """事项类型 (GB/T 39046)."""

    LICENSING = "01", _("Administrative licensing")  # 行政许可
    PENALTY = "02", _("Administrative penalty")  # 行政处罚
    ENFORCEMENT = "03", _("Administrative enforcement")  # 行政强制
    LEVY = "04", _("Administrative levy")  # 行政征收
    BENEFIT = "05", _("Administrative payment")  # 行政给付
    INSPECTION = "06", _("Administrative inspection")  # 行政检查
    CONFIRMATION = "07", _("Administrative confirmation")  # 行政确认
    AWARD = "08", _("Administrative award")  # 行政奖励
    RULING = "09", _("Administrative ruling")  # 行政裁决
    OTHER_POWER = "10", _("Other administrative power")  # 其他行政权力
    PUBLIC_SERVICE = "20", _("Public service")  # 公共服务


class ExerciseLevel(models.TextChoices):
    """行使层级."""

    NATIONAL = "1", _("National")
    PROVINCE = "2", _("Provincial")
    CITY = "3", _("City")
    COUNTY = "4", _("County / district")
    STREET = "5", _("Town / subdistrict")
    COMMUNITY = "6", _("Village / community")


class ServiceObject(models.TextChoices):
    """服务对象."""

    PERSON = "1", _("Natural person")  # 自然人
    ENTERPRISE = "2", _("Enterprise legal person")  # 企业法人
    INSTITUTION = "3", _("Public institution")  # 事业法人
    SOCIAL_ORG = "4", _("Social organisation")  # 社会组织法人
    AGENCY = "5", _("Administrative body")  # 行政机关
    OTHER = "6", _("Other organisation")  # 其他组织


class HandlingForm(models.TextChoices):
    """办理形式."""

    WINDOW = "1", _("At a window")
    ONLINE = "2", _("Online (PC)")
    MOBILE = "3", _("Mobile")
    POST = "4", _("By post")
    OTHER = "9", _("Other")


class ServiceScope(models.TextChoices):
    """通办范围."""

    LOCAL = "local", _("This district only")
    CROSS_COUNTY = "cross_county", _("Across districts of the city")  # 跨县
    CROSS_CITY = "cross_city", _("Across cities of the province")  # 跨市
    CROSS_PROVINCE = "cross_province", _("Across provinces")  # 跨省
    NATIONAL = "national", _("Nationwide")  # 全国


class OnlineDepth(models.IntegerChoices):
    """办理深度 (网上办理深度): level Ⅳ is 全程网办 and needs no visit."""

    INFORMATION = 1, _("Ⅰ Information online")  # 信息公开
    DOWNLOAD = 2, _("Ⅱ Forms to download")  # 表格下载
    ONLINE_PRE_REVIEW = 3, _("Ⅲ Online pre-review")  # 网上预审
    FULLY_ONLINE = 4, _("Ⅳ Fully online")  # 全程网办


class HandlingType(models.TextChoices):
    """办件类型."""

    IMMEDIATE = "immediate", _("Decided on the spot")  # 即办件
    PROMISED = "promised", _("Decided within the promised limit")  # 承诺件


class Audience(models.TextChoices):
    """Whom a theme is for."""

    PERSON = "person", _("Persons")
    ENTERPRISE = "enterprise", _("Enterprises")


class Theme(models.Model):
    """A theme of the catalogue (主题分类), for persons or for enterprises: 生育收养, 设立变更 ..."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    audience = models.CharField(_("for"), max_length=12, choices=Audience.choices)
    name = models.CharField(_("name"), max_length=50)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["audience", "sort_order", "code"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self):
        return self.name


class ServiceItem(models.Model):
    """A service item (政务服务事项) as implemented by one department: its identity across versions."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    implementation_code = models.CharField(_("implementation code"), max_length=24, unique=True)  # 实施编码
    basic_code = models.CharField(_("basic code"), max_length=10, blank=True)  # 基本编码
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="service_items",
        verbose_name=_("implementing department"),
    )
    # The version citizens see and apply under; null until the first version is published.
    current = models.OneToOneField(
        "ServiceItemVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("published version"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["implementation_code"]
        verbose_name = _("service item")
        verbose_name_plural = _("service items")

    def __str__(self):
        return f"{self.implementation_code} {self.current.name if self.current_id else ''}".strip()


class ServiceItemVersion(models.Model):
    """One version of what an item says (GB/T 39046 fields); frozen once published."""

    DRAFT = "draft"  # being edited; not visible to the public
    PUBLISHED = "published"  # the current version: shown and applied under
    RETIRED = "retired"  # replaced by a later version; cases filed under it keep it
    STATUS_CHOICES = [(DRAFT, _("Draft")), (PUBLISHED, _("Published")), (RETIRED, _("Retired"))]

    item = models.ForeignKey(ServiceItem, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=10, choices=STATUS_CHOICES, default=DRAFT)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    name = models.CharField(_("name"), max_length=200)
    item_type = models.CharField(_("item type"), max_length=2, choices=ItemType.choices)
    exercise_level = models.CharField(
        _("exercise level"), max_length=1, choices=ExerciseLevel.choices, default=ExerciseLevel.COUNTY
    )
    summary = models.TextField(_("summary"), blank=True)  # what the item is for, in a sentence or two
    aliases = models.CharField(_("also known as"), max_length=300, blank=True)  # 俗称, comma-separated
    legal_basis = models.TextField(_("legal basis"), blank=True)  # 设定依据
    body_nature = models.CharField(_("nature of the implementing body"), max_length=30, blank=True)
    statutory_limit = models.PositiveSmallIntegerField(
        _("statutory limit (working days)"), null=True, blank=True
    )
    statutory_limit_note = models.CharField(_("statutory limit note"), max_length=300, blank=True)
    promised_limit = models.PositiveSmallIntegerField(_("promised limit (working days)"), default=0)
    promised_limit_note = models.CharField(_("promised limit note"), max_length=300, blank=True)
    acceptance_conditions = models.TextField(_("acceptance conditions"), blank=True)  # 受理条件
    co_departments = models.ManyToManyField(
        Department,
        blank=True,
        related_name="co_implemented_versions",
        verbose_name=_("co-implementing departments"),
    )
    intermediary_services = models.TextField(_("intermediary services"), blank=True)
    quantity_limit = models.CharField(_("quantity limit"), max_length=300, blank=True)
    result_name = models.CharField(_("result"), max_length=200, blank=True)  # 审批结果名称
    result_sample = models.TextField(_("result sample"), blank=True)
    fee_required = models.BooleanField(_("charges a fee"), default=False)
    fee_basis = models.TextField(_("fee and its basis"), blank=True)
    service_scope = models.CharField(
        _("service scope"), max_length=16, choices=ServiceScope.choices, default=ServiceScope.LOCAL
    )
    service_objects = models.JSONField(_("service objects"), default=list)  # ServiceObject codes
    themes = models.ManyToManyField(Theme, blank=True, related_name="versions", verbose_name=_("themes"))
    handling_forms = models.JSONField(_("handling forms"), default=list)  # HandlingForm codes
    special_procedures = models.TextField(
        _("special procedures"), blank=True
    )  # 特别程序 (听证, 专家评审 ...)
    booking = models.BooleanField(_("booking supported"), default=False)
    online_payment = models.BooleanField(_("online payment supported"), default=False)
    express_delivery = models.BooleanField(_("express delivery supported"), default=False)
    online = models.BooleanField(_("can be handled online"), default=True)  # 是否网办
    online_url = models.CharField(_("online address"), max_length=300, blank=True)
    visits = models.PositiveSmallIntegerField(_("visits needed"), default=0)  # 到办事现场次数
    online_depth = models.PositiveSmallIntegerField(
        _("online depth"), choices=OnlineDepth.choices, default=OnlineDepth.FULLY_ONLINE
    )
    handling_type = models.CharField(
        _("handling type"), max_length=10, choices=HandlingType.choices, default=HandlingType.PROMISED
    )
    place = models.CharField(_("place"), max_length=300, blank=True)
    hours = models.CharField(_("office hours"), max_length=200, blank=True)
    enquiry_phone = models.CharField(_("enquiry phone"), max_length=60, blank=True)
    complaint_phone = models.CharField(_("complaint phone"), max_length=60, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["item", "-number"]
        constraints = [models.UniqueConstraint(fields=["item", "number"], name="item_version_once")]
        verbose_name = _("service item version")
        verbose_name_plural = _("service item versions")

    def __str__(self):
        return f"{self.name} (v{self.number})"

    @property
    def is_editable(self):
        return self.status == self.DRAFT

    @property
    def is_immediate(self):
        return self.handling_type == HandlingType.IMMEDIATE

    def serves(self, audience):
        """Whether persons (code 1) or enterprises (codes 2–6) can apply."""
        if audience == Audience.PERSON:
            return ServiceObject.PERSON in self.service_objects
        return any(code != ServiceObject.PERSON for code in self.service_objects)


class Material(models.Model):
    """A material an application needs (办理材料)."""

    PAPER = "paper"
    ELECTRONIC = "electronic"
    BOTH = "both"
    FORMAT_CHOICES = [(PAPER, _("Paper")), (ELECTRONIC, _("Electronic")), (BOTH, _("Paper or electronic"))]

    APPLICANT = "applicant"  # the applicant provides it (upload or paper)
    GOVERNMENT = "government"  # issued by a government body
    SHARED_DATA = "shared_data"  # fetched from shared data (数据跑路)
    CERTIFICATE = "certificate"  # fetched as an electronic certificate (电子证照)
    SOURCE_CHOICES = [
        (APPLICANT, _("Provided by the applicant")),
        (GOVERNMENT, _("Issued by a government body")),
        (SHARED_DATA, _("Fetched from shared data")),
        (CERTIFICATE, _("Electronic certificate")),
    ]
    FETCHED = frozenset({SHARED_DATA, CERTIFICATE})

    version = models.ForeignKey(ServiceItemVersion, on_delete=models.CASCADE, related_name="materials")
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=200)
    issuer = models.CharField(_("issued by"), max_length=200, blank=True)
    originals = models.PositiveSmallIntegerField(_("originals"), default=0)
    copies = models.PositiveSmallIntegerField(_("copies"), default=0)
    format = models.CharField(_("format"), max_length=10, choices=FORMAT_CHOICES, default=ELECTRONIC)
    required = models.BooleanField(_("required"), default=True)
    source = models.CharField(_("source"), max_length=12, choices=SOURCE_CHOICES, default=APPLICANT)
    # The data resource or certificate type a fetched material comes from (the data-sharing catalogue).
    source_ref = models.CharField(_("source reference"), max_length=100, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["version", "sort_order", "id"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")

    def __str__(self):
        return self.name

    @property
    def is_fetched(self):
        return self.source in self.FETCHED


class FormField(models.Model):
    """A typed field of an item's application form."""

    TEXT = "text"
    NUMBER = "number"
    DATE = "date"
    CHOICE = "choice"
    CITIZEN_ID = "citizen_id"
    CREDIT_CODE = "credit_code"
    ADDRESS = "address"
    PHONE = "phone"
    FILE = "file"
    KIND_CHOICES = [
        (TEXT, _("Text")),
        (NUMBER, _("Number")),
        (DATE, _("Date")),
        (CHOICE, _("Choice")),
        (CITIZEN_ID, _("Citizen ID number")),
        (CREDIT_CODE, _("Unified social credit code")),
        (ADDRESS, _("Address")),
        (PHONE, _("Phone number")),
        (FILE, _("File")),
    ]
    PERSONAL = frozenset({CITIZEN_ID, ADDRESS, PHONE})  # stored encrypted, shown masked

    version = models.ForeignKey(ServiceItemVersion, on_delete=models.CASCADE, related_name="form_fields")
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    key = models.SlugField(_("key"), max_length=50)
    label = models.CharField(_("label"), max_length=100)
    kind = models.CharField(_("kind"), max_length=12, choices=KIND_CHOICES, default=TEXT)
    required = models.BooleanField(_("required"), default=True)
    choices = models.JSONField(_("choices"), default=list, blank=True)  # for CHOICE: list of strings
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    max_length = models.PositiveIntegerField(_("maximum length"), null=True, blank=True)
    # Where the value comes from when the government already holds it (数据跑路): "applicant.name",
    # "applicant.id_number", "applicant.phone", "enterprise.credit_code", or "<resource>.<field>".
    prefill = models.CharField(_("prefill from"), max_length=100, blank=True)

    class Meta:
        ordering = ["version", "sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="form_field_key_once")]
        verbose_name = _("form field")
        verbose_name_plural = _("form fields")

    def __str__(self):
        return self.label


class ProcessStep(models.Model):
    """A step of an item's process after acceptance (审查, 决定 ...), acted on by one role."""

    version = models.ForeignKey(ServiceItemVersion, on_delete=models.CASCADE, related_name="steps")
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=50)
    role = models.CharField(_("role"), max_length=24, choices=Role.choices, default=Role.OFFICER)
    limit = models.PositiveSmallIntegerField(_("step limit (working days)"), null=True, blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)

    class Meta:
        ordering = ["version", "sort_order", "id"]
        verbose_name = _("process step")
        verbose_name_plural = _("process steps")

    def __str__(self):
        return self.name


class LifeEvent(models.Model):
    """A stage of life of a person or an enterprise (人生/企业全生命周期: 出生, 上学 ... 开办, 注销) and
    the service items it calls for. The codes are fixed (navigation, bundles and recommendations
    refer to them); names, order and items are configured in admin."""

    PERSON_CODES = [
        "p-birth",
        "p-schooling",
        "p-employment",
        "p-marriage",
        "p-housing",
        "p-retirement",
        "p-death",
    ]
    ENTERPRISE_CODES = ["e-start", "e-operate", "e-change", "e-close"]
    CODE_CHOICES = [
        ("p-birth", _("Birth")),
        ("p-schooling", _("Schooling")),
        ("p-employment", _("Employment")),
        ("p-marriage", _("Marriage")),
        ("p-housing", _("Housing")),
        ("p-retirement", _("Retirement")),
        ("p-death", _("Death")),
        ("e-start", _("Starting a business")),
        ("e-operate", _("Operating")),
        ("e-change", _("Changes")),
        ("e-close", _("Closing down")),
    ]

    code = models.CharField(_("code"), max_length=20, unique=True, choices=CODE_CHOICES)
    audience = models.CharField(_("for"), max_length=12, choices=Audience.choices)
    name = models.CharField(_("name"), max_length=50)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    items = models.ManyToManyField(
        ServiceItem, blank=True, related_name="life_events", verbose_name=_("service items")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["audience", "sort_order", "code"]
        verbose_name = _("life event")
        verbose_name_plural = _("life events")

    def __str__(self):
        return self.name
