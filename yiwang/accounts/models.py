"""Users, the people and enterprises they are, the department tree and the roles staff hold."""

import uuid

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yiwang.core.channels import Channel
from yiwang.core.pii import EncryptedTextField, mask_citizen_id, mask_name, mask_phone
from yiwang.core.text import localise


class Role(models.TextChoices):
    """What a member of staff may do in a department (角色). The last three are the 三员."""

    WINDOW_CLERK = "window_clerk", _("Window clerk")
    OFFICER = "officer", _("Officer")
    DEPARTMENT_HEAD = "department_head", _("Department head")
    HOTLINE_OPERATOR = "hotline_operator", _("Hotline operator")
    DISPATCHER = "dispatcher", _("Dispatcher")
    SUPERVISOR = "supervisor", _("Supervisor")
    DATA_STEWARD = "data_steward", _("Data steward")
    LEADER = "leader", _("Leader")
    SYSTEM_ADMIN = "system_admin", _("System administrator")
    SECURITY_ADMIN = "security_admin", _("Security administrator")
    AUDIT_ADMIN = "audit_admin", _("Audit administrator")


# Level-3 protection keeps these duties apart: nobody holds two of them (GB/T 22239 三员分立).
ADMIN_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})


class User(AbstractUser):
    """An account (账号): a citizen's, an enterprise agent's or a member of staff's."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    failed_logins = models.PositiveSmallIntegerField(_("failed logins in a row"), default=0)
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True)
    totp_secret = EncryptedTextField(_("TOTP secret"), blank=True, default="")
    totp_confirmed_at = models.DateTimeField(_("second factor enrolled at"), null=True, blank=True)
    totp_last_step = models.BigIntegerField(null=True, blank=True)  # replay guard: a code works once
    password_changed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = UserManager()

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.first_name or self.username  # never loads the person: lists stay one query

    def save(self, *args, **kwargs):
        if getattr(self, "read_only", False):
            raise RuntimeError(
                "This user comes from the token cache and is read-only: load it from the database."
            )
        super().save(*args, **kwargs)

    def check_password(self, raw_password):
        if getattr(self, "read_only", False):
            raise RuntimeError(
                "This user comes from the token cache and has no password: load it from the database."
            )
        return super().check_password(raw_password)

    def masked_person(self):
        """The masked name, ID number and phone of the user's person (or None), as shown to them."""
        if hasattr(self, "cached_masked_person"):
            return self.cached_masked_person
        person = getattr(self, "person", None)
        return person.masked_fields() if person else None

    def is_locked(self, now=None):
        return self.locked_until is not None and self.locked_until > (now or timezone.now())

    @property
    def is_staff_member(self):
        """Holds any role: must log in with a second factor and sees the workbench."""
        if not hasattr(self, "_role_cache"):
            self._role_cache = list(self.role_assignments.select_related("department"))
        return self.is_superuser or bool(self._role_cache)

    def roles(self):
        self.is_staff_member  # noqa: B018 - fills the cache
        return self._role_cache

    def has_role(self, *roles):
        return any(assignment.role in roles for assignment in self.roles())

    def agencies(self):
        """The enterprises this user acts for, as EnterpriseAgent rows with their enterprise."""
        if not hasattr(self, "_agency_cache"):
            self._agency_cache = list(
                self.enterprise_agencies.select_related("enterprise").order_by("enterprise__name")
            )
        return self._agency_cache

    @property
    def needs_second_factor(self):
        return self.is_staff_member


class Subject(models.Model):
    """Whom a thing is about (主体): a person or an enterprise, referenced the same way everywhere."""

    PERSON = "person"  # 自然人
    ENTERPRISE = "enterprise"  # 法人
    KIND_CHOICES = [(PERSON, _("Person")), (ENTERPRISE, _("Enterprise"))]

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=12, choices=KIND_CHOICES)
    name = models.CharField(_("name"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("subject")
        verbose_name_plural = _("subjects")

    def __str__(self):
        return mask_name(self.name) if self.kind == self.PERSON else self.name


class Person(Subject):
    """A natural person (自然人) with a verified citizen ID; may or may not have an account."""

    user = models.OneToOneField(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="person")
    id_number = EncryptedTextField(_("citizen ID number"))
    id_number_index = models.CharField(max_length=64, unique=True, editable=False)
    phone = EncryptedTextField(_("mobile phone"), blank=True, default="")
    phone_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, blank=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        constraints = [
            # One account per mobile number, so that logging in by phone names one account.
            models.UniqueConstraint(
                fields=["phone_index"],
                condition=models.Q(user__isnull=False) & ~models.Q(phone_index=""),
                name="phone_once_per_account",
            ),
        ]

    @property
    def masked_id_number(self):
        return mask_citizen_id(self.id_number)

    @property
    def masked_phone(self):
        return mask_phone(self.phone)

    @property
    def masked_name(self):
        return mask_name(self.name)

    def masked_fields(self):
        return {"name": self.masked_name, "id_number": self.masked_id_number, "phone": self.masked_phone}


class Enterprise(Subject):
    """A legal person (法人) identified by its unified social credit code."""

    credit_code = models.CharField(_("unified social credit code"), max_length=18, unique=True)
    legal_representative = models.CharField(_("legal representative"), max_length=50)

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")


class EnterpriseAgent(models.Model):
    """A user who may act for an enterprise (经办人), or its legal representative."""

    LEGAL_REPRESENTATIVE = "legal_representative"
    AGENT = "agent"
    CAPACITY_CHOICES = [(LEGAL_REPRESENTATIVE, _("Legal representative")), (AGENT, _("Authorised agent"))]

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="agents")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="enterprise_agencies")
    capacity = models.CharField(_("capacity"), max_length=24, choices=CAPACITY_CHOICES, default=AGENT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "user"], name="agent_once_per_enterprise")
        ]
        verbose_name = _("enterprise agent")
        verbose_name_plural = _("enterprise agents")

    def __str__(self):
        return f"{self.user} → {self.enterprise}"


class Department(models.Model):
    """A node of the government tree (部门): district → department → unit; street → community."""

    DISTRICT = "district"  # 区政府
    DEPARTMENT = "department"  # 区级部门
    UNIT = "unit"  # 部门内设机构或下属单位
    STREET = "street"  # 街道
    COMMUNITY = "community"  # 社区
    KIND_CHOICES = [
        (DISTRICT, _("District government")),
        (DEPARTMENT, _("Department")),
        (UNIT, _("Unit")),
        (STREET, _("Street")),
        (COMMUNITY, _("Community")),
    ]
    # Which kinds may sit under which: the tree keeps its shape.
    ALLOWED_PARENTS = {
        DISTRICT: {None},
        DEPARTMENT: {DISTRICT},
        UNIT: {DEPARTMENT, UNIT},
        STREET: {DISTRICT},
        COMMUNITY: {STREET},
    }

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=30, blank=True)
    name_en = models.CharField(_("English name"), max_length=150, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=KIND_CHOICES)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent"),
    )
    path = models.CharField(max_length=255, db_index=True, editable=False)  # "/1/4/9/": descendants by prefix
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    phone = models.CharField(_("enquiry phone"), max_length=30, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["path"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        """The name in the reader's language (English when given, Traditional script for zh-Hant)."""
        return localise(self.name, self.name_en)

    def descendants(self, include_self=True):
        qs = Department.objects.filter(path__startswith=self.path)
        return qs if include_self else qs.exclude(pk=self.pk)


class RoleAssignment(models.Model):
    """A role a user holds in one department (and, by scope, in its units)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)
    granted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["department__path", "role"]
        constraints = [models.UniqueConstraint(fields=["user", "department", "role"], name="role_once")]
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")

    def __str__(self):
        return f"{self.user} · {self.department} · {self.get_role_display()}"


class ApiToken(models.Model):
    """A bearer token for an app or kiosk (`Authorization: Bearer yw_<prefix>_<secret>`).

    Only the SM3 hash of the secret is stored; the clear token is shown once when issued.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices, default=Channel.API)
    prefix = models.CharField(max_length=12, unique=True)
    secret_hash = models.CharField(max_length=64)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} ({self.prefix})"

    def is_usable(self, now=None):
        now = now or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)
