"""Open data for society (开放数据): resources of the data hub opened to the public.

An **open dataset** is a data-hub resource whose opening type lets it out (无条件开放 or 有条件开放),
published by its provider with the fields it opens — never a personal one: a resource about persons
is opened only as counts grouped by non-personal fields (`aggregate_by`). 有条件开放 data is read by
registered **developers** whose **access application** the provider approved. **Showcase** entries
are the apps and analyses built on the data, submitted by developers and moderated.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Theme(models.TextChoices):
    """Open-data themes (开放主题) as Chinese portals group them; each maps to an EU data theme."""

    ECONOMY = "economy", _("Economy and business")  # 经济建设
    ENVIRONMENT = "environment", _("Environment and resources")  # 资源环境
    EDUCATION = "education", _("Education, science and technology")  # 教育科技
    TRANSPORT = "transport", _("Transport")  # 道路交通
    SOCIETY = "society", _("Society and population")  # 社会发展
    SAFETY = "safety", _("Public safety")  # 公共安全
    FINANCE = "finance", _("Tax and finance")  # 财税金融
    HEALTH = "health", _("Health")  # 卫生健康
    EMPLOYMENT = "employment", _("Jobs and social security")  # 社保就业
    GOVERNMENT = "government", _("Government and organisations")  # 机构团体
    CULTURE = "culture", _("Culture and leisure")  # 文化休闲
    HOUSING = "housing", _("Urban development and housing")  # 城建住房


class OpenDataset(models.Model):
    """One resource opened to society, with what it opens and how it is counted."""

    PUBLISHED, WITHDRAWN = "published", "withdrawn"
    STATUS_CHOICES = [(PUBLISHED, _("Published")), (WITHDRAWN, _("Withdrawn"))]

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)  # the CKAN package id
    resource = models.OneToOneField(
        "datahub.Resource",
        on_delete=models.PROTECT,
        related_name="open_dataset",
        verbose_name=_("data resource"),
    )
    # The CKAN package name: lower-case letters, digits, "-" and "_", 2–100 characters.
    name = models.SlugField(_("name in URLs and the API"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=200)
    notes = models.TextField(_("description"))
    theme = models.CharField(_("theme"), max_length=14, choices=Theme.choices)
    tags = models.JSONField(_("keywords"), default=list, blank=True)
    licence = models.CharField(_("licence"), max_length=40, default="cc-by-4.0")
    fields = models.JSONField(_("opened fields"), default=list)  # data item keys, none personal
    # Item keys to group by: the dataset is then counts per group, not the records themselves.
    aggregate_by = models.JSONField(_("grouped by"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=STATUS_CHOICES, default=PUBLISHED)
    published_at = models.DateTimeField(_("published at"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    view_count = models.PositiveBigIntegerField(_("views"), default=0)
    download_count = models.PositiveBigIntegerField(_("downloads"), default=0)
    # The quality score (0–100) and its parts, recomputed on publication and by `yiwang opendata refresh`.
    quality = models.PositiveSmallIntegerField(_("quality score"), default=0)
    quality_parts = models.JSONField(default=dict, blank=True)
    quality_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("open dataset")
        verbose_name_plural = _("open datasets")

    def __str__(self):
        return self.title

    @property
    def is_conditional(self):
        return self.resource.opening_type == "conditional"

    @property
    def is_aggregated(self):
        return bool(self.aggregate_by)

    def columns(self):
        """The columns a reader gets: the opened fields, or the groups and their count."""
        return [*self.aggregate_by, "count"] if self.aggregate_by else list(self.fields)


class Developer(models.Model):
    """A registered developer (开发者): a user who agreed to the open-data terms."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="developer")
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    purpose = models.TextField(_("what you build"))
    agreed_at = models.DateTimeField(_("agreed to the terms at"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("developer")
        verbose_name_plural = _("developers")

    def __str__(self):
        return self.organisation or self.user.get_username()


class AccessApplication(models.Model):
    """A developer's application to read a 有条件开放 dataset, answered by its provider."""

    PENDING, APPROVED, REFUSED, REVOKED = "pending", "approved", "refused", "revoked"
    STATUS_CHOICES = [
        (PENDING, _("Waiting for the provider")),
        (APPROVED, _("Approved")),
        (REFUSED, _("Refused")),
        (REVOKED, _("Revoked")),
    ]

    developer = models.ForeignKey(Developer, on_delete=models.CASCADE, related_name="applications")
    dataset = models.ForeignKey(OpenDataset, on_delete=models.CASCADE, related_name="applications")
    purpose = models.TextField(_("purpose"))
    status = models.CharField(_("status"), max_length=10, choices=STATUS_CHOICES, default=PENDING)
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("applied at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # One open application per developer and dataset: a second waits for the first's answer.
            models.UniqueConstraint(
                fields=["developer", "dataset"],
                condition=models.Q(status="pending"),
                name="one_pending_application",
            ),
        ]
        verbose_name = _("access application")
        verbose_name_plural = _("access applications")

    def __str__(self):
        return f"{self.developer_id} → {self.dataset_id} ({self.status})"


class Showcase(models.Model):
    """An app or analysis built on open data (应用成果), shown once moderated."""

    PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"
    STATUS_CHOICES = [
        (PENDING, _("Waiting for moderation")),
        (APPROVED, _("Shown")),
        (REJECTED, _("Rejected")),
    ]

    developer = models.ForeignKey(Developer, on_delete=models.CASCADE, related_name="showcases")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    url = models.URLField(_("address"), max_length=300)
    datasets = models.ManyToManyField(OpenDataset, related_name="showcases", verbose_name=_("datasets used"))
    status = models.CharField(_("status"), max_length=10, choices=STATUS_CHOICES, default=PENDING)
    reason = models.TextField(_("reason"), blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("showcase entry")
        verbose_name_plural = _("showcase entries")

    def __str__(self):
        return self.title
