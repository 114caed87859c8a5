"""Electronic certificates (电子证照, GB/T 36901–36905; DOMAIN.md §6) and what 数据跑路 fetched.

A **certificate type** (证照类型) says who issues it, whom it is held by (a person or an enterprise),
how long it is valid and which service items produce one. A **certificate** is one issued licence or
document: its identifier `1.2.156.3005.2.<type>.<issuer credit code>.<serial>.<version>.<check>`
(see `datahub/certificate_ids.py`), its holder kept encrypted and found through the same blind index
as the datasets' subjects, and an SM2 signature over its canonical data (`datahub/certificates.py`).

A **material fetch** is what 数据跑路 found for one material of one case: the certificate or the
resource records it used, or that it found nothing (then the applicant uploads the material).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yiwang.core.pii import EncryptedTextField, mask_citizen_id, mask_name

__all__ = ["CertificateType", "Certificate", "MaterialFetch"]


class HolderKind(models.TextChoices):
    PERSON = "person", _("Person")  # 自然人
    ENTERPRISE = "enterprise", _("Enterprise")  # 法人及其他组织


class CertificateType(models.Model):
    """A kind of certificate (证照类型): 居民身份证, 营业执照, 结婚证 ..."""

    code = models.CharField(_("type code"), max_length=16, unique=True)  # the <type code> of identifiers
    name = models.CharField(_("name"), max_length=100, unique=True)  # what materials name as source_ref
    name_en = models.CharField(_("English name"), max_length=150, blank=True)
    issuer = models.ForeignKey(
        "accounts.Department",
        on_delete=models.PROTECT,
        related_name="certificate_types",
        verbose_name=_("issuing department"),
    )
    holder_kind = models.CharField(_("held by"), max_length=12, choices=HolderKind.choices)
    # Years a certificate stays valid from its issue date; none for one valid for the long term (长期).
    validity_years = models.PositiveSmallIntegerField(_("valid for (years)"), null=True, blank=True)
    # The service items whose approved, finished cases issue a certificate of this type.
    service_items = models.ManyToManyField(
        "services.ServiceItem",
        blank=True,
        related_name="certificate_types",
        verbose_name=_("issued by the service items"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("certificate type")
        verbose_name_plural = _("certificate types")

    def __str__(self):
        return self.name


class Certificate(models.Model):
    """One electronic certificate (电子证照) with the fields of DOMAIN.md §6."""

    VALID = "valid"  # in force (until its valid_to date passes: then it reads as expired)
    REVOKED = "revoked"  # withdrawn by its issuing department, with a reason; final
    EXPIRED = "expired"  # never stored: a valid certificate past its valid_to date
    STATUS_CHOICES = [(VALID, _("Valid")), (REVOKED, _("Revoked")), (EXPIRED, _("Expired"))]

    TRUST_A, TRUST_B, TRUST_C, TRUST_D = "A", "B", "C", "D"
    TRUST_CHOICES = [
        (TRUST_A, _("A: issued by the authority itself")),  # usable directly
        (TRUST_B, _("B: verified at a window")),
        (TRUST_C, _("C: uploaded by the holder")),  # the original must be inspected
        (TRUST_D, _("D: self-declared under a pledge")),
    ]
    CITIZEN_ID, CREDIT_CODE = "citizen_id", "credit_code"
    HOLDER_ID_CHOICES = [(CITIZEN_ID, _("Citizen ID number")), (CREDIT_CODE, _("Unified social credit code"))]
    CASE, IMPORT, DEMO = "case", "import", "demo"
    ORIGIN_CHOICES = [(CASE, _("Issued by a case")), (IMPORT, _("Imported")), (DEMO, _("Demo"))]

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)  # in the holder's URLs
    identifier = models.CharField(_("identifier"), max_length=80, unique=True)  # 证照标识
    type = models.ForeignKey(
        CertificateType,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("certificate type"),
    )
    name = models.CharField(_("certificate name"), max_length=100)
    number = models.CharField(_("certificate number"), max_length=60)  # 证照编号, as printed
    serial = models.PositiveBigIntegerField(_("serial"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    issuer = models.ForeignKey(
        "accounts.Department",
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("issuing department"),
    )
    issuer_name = models.CharField(_("issuing body"), max_length=100)  # as signed
    issuer_credit_code = models.CharField(_("issuing body's credit code"), max_length=18)
    issued_on = models.DateField(_("issue date"))
    holder_kind = models.CharField(_("held by"), max_length=12, choices=HolderKind.choices)
    holder_name = EncryptedTextField(_("holder"))
    holder_id_type = models.CharField(_("holder identifier type"), max_length=12, choices=HOLDER_ID_CHOICES)
    holder_id = EncryptedTextField(_("holder identifier"))
    # datahub.keys.person_index / enterprise_index of holder_id: the holder's wallet and 数据跑路 find it.
    holder_index = models.CharField(max_length=64, db_index=True, editable=False)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)  # none: long-term (长期有效)
    trust_level = models.CharField(_("trust level"), max_length=1, choices=TRUST_CHOICES, default=TRUST_A)
    # What the certificate says besides the standard fields (经营范围, 登记机关 ...): no personal values.
    content = models.JSONField(_("content"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=STATUS_CHOICES[:2], default=VALID)
    signer = models.CharField(_("signer"), max_length=100)  # the signing body, as signed
    signed_at = models.DateTimeField(_("signing time"))
    key_id = models.CharField(_("signing key"), max_length=16)  # yiwang.core.sm2.key_id() at signing
    signature = models.CharField(_("SM2 signature"), max_length=128)
    origin = models.CharField(_("origin"), max_length=8, choices=ORIGIN_CHOICES)
    case = models.ForeignKey(
        "cases.Case",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("issuing case"),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revoke_reason = models.TextField(_("reason for revocation"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["type", "issuer_credit_code", "serial", "version"], name="certificate_serial_once"
            )
        ]
        indexes = [models.Index(fields=["holder_index", "type", "status"])]
        verbose_name = _("electronic certificate")
        verbose_name_plural = _("electronic certificates")

    def __str__(self):
        return f"{self.name} {self.identifier}"

    def state(self, today=None):
        """valid, revoked or expired (a valid certificate whose validity ended before `today`)."""
        if self.status == self.REVOKED:
            return self.REVOKED
        today = today or timezone.localdate()
        if self.valid_to is not None and self.valid_to < today:
            return self.EXPIRED
        return self.VALID

    def state_display(self, today=None):
        return dict(self.STATUS_CHOICES)[self.state(today)]

    def is_usable(self, today=None):
        return self.state(today) == self.VALID

    def can_revoke(self):
        return self.status == self.VALID

    @property
    def masked_holder_name(self):
        return mask_name(self.holder_name) if self.holder_kind == HolderKind.PERSON else self.holder_name

    @property
    def masked_holder_id(self):
        return mask_citizen_id(self.holder_id)


class MaterialFetch(models.Model):
    """What 数据跑路 found for one fetched material of one case (and so whether it must be uploaded)."""

    FOUND = "found"  # taken from a certificate or from resource records
    NOT_FOUND = "not_found"  # the hub holds nothing for the applicant: the applicant uploads it
    OUTCOME_CHOICES = [(FOUND, _("Fetched through data sharing")), (NOT_FOUND, _("Not held: to be uploaded"))]

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="material_fetches")
    material = models.ForeignKey("services.Material", on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(_("outcome"), max_length=10, choices=OUTCOME_CHOICES)
    certificate = models.ForeignKey(
        Certificate,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fetches",
        verbose_name=_("certificate"),
    )
    resource = models.ForeignKey(
        "datahub.Resource",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fetches",
        verbose_name=_("data resource"),
    )
    provider = models.ForeignKey(
        "accounts.Department",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("provider"),
    )
    record_count = models.PositiveIntegerField(_("records"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["case", "material__sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "material"], name="material_fetch_once")]
        verbose_name = _("fetched material")
        verbose_name_plural = _("fetched materials")

    def __str__(self):
        return f"{self.material_id} of case {self.case_id}: {self.outcome}"

    @property
    def found(self):
        return self.outcome == self.FOUND
