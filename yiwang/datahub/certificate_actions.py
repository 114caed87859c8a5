"""Every write to certificate types and electronic certificates (电子证照).

A certificate is issued by the approved, finished case of a service item that produces its type
(read from the CASE_FINISHED event, in the case's transaction), or imported from a file of the
issuing department's existing certificates, or loaded for the demo. Each one gets the next serial of
its type and issuer, its identifier with the check character, and the platform's SM2 signature.
Only the issuing department's data steward, officer or head revokes one, with a reason.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from yiwang.accounts.models import Enterprise, Person, Role
from yiwang.core.channels import Channel
from yiwang.core.events import EventCode, record_event
from yiwang.core.identifiers import IdentifierError, normalise, parse_citizen_id, parse_credit_code
from yiwang.core.permissions import user_has_role
from yiwang.datahub.certificate_ids import TYPE_CODE_RE, make_identifier
from yiwang.datahub.certificates import sign_certificate
from yiwang.datahub.keys import enterprise_index, person_index
from yiwang.datahub.models import Certificate, CertificateType
from yiwang.datahub.models.certificates import HolderKind

CERTIFICATE_ROLES = (Role.DATA_STEWARD, Role.OFFICER, Role.DEPARTMENT_HEAD)
MAX_REASON = 2000
MAX_IMPORT_ROWS = 10000


def can_manage_certificates(user, department):
    """Whether `user` issues, imports and revokes the certificates of `department`."""
    return user_has_role(user, *CERTIFICATE_ROLES, department=department)


def add_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


# Types --------------------------------------------------------------------------------------------


def do_create_certificate_type(
    *,
    code,
    name,
    issuer,
    holder_kind,
    validity_years=None,
    name_en="",
    service_items=(),
    actor=None,
    channel=Channel.SYSTEM,
):
    """Register a certificate type. Refuses a malformed or taken code or name."""
    code, name = normalise(code), (name or "").strip()
    errors = {}
    if not TYPE_CODE_RE.match(code):
        errors["code"] = _("A certificate type code is 1 to 16 digits or capital letters.")
    elif CertificateType.objects.filter(code=code).exists():
        errors["code"] = _("This type code is taken.")
    if not name or len(name) > 100:
        errors["name"] = _("Give the certificate's name (at most 100 characters).")
    elif CertificateType.objects.filter(name=name).exists():
        errors["name"] = _("A certificate type of this name exists.")
    if holder_kind not in HolderKind.values:
        errors["holder_kind"] = _("Choose who holds it: a person or an enterprise.")
    if validity_years is not None and not 0 < int(validity_years) <= 100:
        errors["validity_years"] = _("A validity is 1 to 100 years, or none for long-term.")
    if not issuer.credit_code:
        errors["issuer"] = _("The issuing department needs a unified social credit code.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        cert_type = CertificateType.objects.create(
            code=code,
            name=name,
            name_en=name_en[:150],
            issuer=issuer,
            holder_kind=holder_kind,
            validity_years=validity_years,
        )
        cert_type.service_items.set(service_items)
        record_event(
            EventCode.CERTIFICATE_TYPE_CREATED,
            actor=actor,
            obj=cert_type,
            channel=channel,
            payload={"code": code, "name": name, "issuer": issuer.code},
        )
    return cert_type


def do_set_certificate_items(cert_type, *, service_items, actor=None, channel=Channel.SYSTEM):
    """Say which service items issue this type of certificate when their cases finish approved."""
    with transaction.atomic():
        cert_type.service_items.set(service_items)
        record_event(
            EventCode.CERTIFICATE_TYPE_CHANGED,
            actor=actor,
            obj=cert_type,
            channel=channel,
            payload={"items": sorted(item.implementation_code for item in service_items)},
        )
    return cert_type


# Issuing ------------------------------------------------------------------------------------------


def holder_of(subject):
    """(kind, name, identifier type, identifier, index) of a Person or an Enterprise."""
    if isinstance(subject, Person):
        return (
            HolderKind.PERSON,
            subject.name,
            Certificate.CITIZEN_ID,
            subject.id_number,
            subject.id_number_index,
        )
    if isinstance(subject, Enterprise):
        return (
            HolderKind.ENTERPRISE,
            subject.name,
            Certificate.CREDIT_CODE,
            subject.credit_code,
            enterprise_index(subject.credit_code),
        )
    raise ValidationError({"holder": _("A certificate is held by a person or an enterprise.")})


def _insert(cert_type, fields):
    """Write a certificate under the next serial of its type and issuer (drawn again if taken)."""
    issuer = cert_type.issuer
    for _attempt in range(5):
        serial = (
            Certificate.objects.filter(type=cert_type, issuer_credit_code=issuer.credit_code).aggregate(
                top=Max("serial")
            )["top"]
            or 0
        ) + 1
        certificate = Certificate(
            type=cert_type,
            serial=serial,
            version=1,
            issuer=issuer,
            issuer_name=issuer.name,
            issuer_credit_code=issuer.credit_code,
            signer=issuer.name,
            **fields,
        )
        certificate.identifier = make_identifier(cert_type.code, issuer.credit_code, serial, 1)
        if not certificate.number:
            certificate.number = f"{cert_type.code}{certificate.issued_on:%Y}{serial:08d}"
        sign_certificate(certificate)
        try:
            with transaction.atomic():
                certificate.save()
                return certificate
        except IntegrityError:  # another issue took the serial: take the next one
            continue
    raise RuntimeError("no free certificate serial")


def do_issue_certificate(
    cert_type,
    *,
    holder,
    actor=None,
    issued_on=None,
    valid_to=None,
    number="",
    trust_level=Certificate.TRUST_A,
    content=None,
    origin=Certificate.CASE,
    case=None,
    channel=Channel.SYSTEM,
):
    """Issue a certificate of `cert_type` to `holder` (a Person or an Enterprise), signed now.

    Refuses a holder of the wrong kind. The validity runs from the issue date for the type's years
    unless `valid_to` is given.
    """
    kind, name, id_type, id_value, index = holder_of(holder)
    if kind != cert_type.holder_kind:
        raise ValidationError(
            {
                "holder": _("A %(type)s is held by a person.") % {"type": cert_type.name}
                if cert_type.holder_kind == HolderKind.PERSON
                else _("A %(type)s is held by an enterprise.") % {"type": cert_type.name}
            }
        )
    issued_on = issued_on or timezone.localdate()
    if valid_to is None and cert_type.validity_years:
        valid_to = add_years(issued_on, cert_type.validity_years) - datetime.timedelta(days=1)
    with transaction.atomic():
        certificate = _insert(
            cert_type,
            dict(
                name=cert_type.name,
                number=number,
                issued_on=issued_on,
                holder_kind=kind,
                holder_name=name,
                holder_id_type=id_type,
                holder_id=id_value,
                holder_index=index,
                valid_from=issued_on,
                valid_to=valid_to,
                trust_level=trust_level,
                content=content or {},
                origin=origin,
                case=case,
            ),
        )
        record_event(
            EventCode.CERTIFICATE_ISSUED,
            actor=actor,
            obj=certificate,
            channel=channel,
            payload={
                "identifier": certificate.identifier,
                "type": cert_type.code,
                "case": case.number if case else "",
            },
        )
    return certificate


def issue_for_finished_case(event, case):
    """Reader of CASE_FINISHED: an approved case of an item that produces certificates issues them.

    Runs inside do_finish_case's transaction, so a certificate exists exactly when the case is
    finished. A type whose holder kind is not the applicant's is skipped (the item serves both).
    """
    from yiwang.cases.models import Case

    if case is None or case.result != Case.APPROVE:
        return
    types = list(CertificateType.objects.filter(service_items=case.item_id, is_active=True))
    if not types:
        return
    holder = (
        Person.objects.filter(pk=case.applicant_id).first()
        or Enterprise.objects.filter(pk=case.applicant_id).first()
    )
    if holder is None:
        return
    kind = HolderKind.PERSON if isinstance(holder, Person) else HolderKind.ENTERPRISE
    for cert_type in types:
        if cert_type.holder_kind != kind or Certificate.objects.filter(case=case, type=cert_type).exists():
            continue
        certificate = do_issue_certificate(
            cert_type,
            holder=holder,
            actor=event.actor,
            origin=Certificate.CASE,
            case=case,
            content={"审批事项": case.version.name, "办件编号": case.number},
            issued_on=timezone.localdate(case.finished_at),
            channel=event.channel,
        )
        _tell_holder(case, certificate)


def _tell_holder(case, certificate):
    """An in-app message to whoever follows the case: the certificate is in their wallet."""
    from django.conf import settings
    from django.utils import translation

    from yiwang.notify.actions import do_notify
    from yiwang.notify.models import Notification

    if not case.owner_id:
        return
    with translation.override(settings.LANGUAGE_CODE):
        names = {"name": certificate.name, "number": case.number}
        do_notify(
            case.owner,
            subject=_("Electronic certificate issued: %(name)s") % names,
            body=_(
                "The electronic certificate %(name)s of application %(number)s is in My certificates; "
                "applications use it instead of a paper copy."
            )
            % names,
            obj=certificate,
            link=f"/me/certificates/{certificate.code}/",
            media=(Notification.IN_APP,),
        )


# Revoking -----------------------------------------------------------------------------------------


def do_revoke_certificate(certificate, *, actor, reason, channel=Channel.WEB):
    """Revoke a certificate (注销/吊销), with the reason; final. Only its issuing department's staff may."""
    if not can_manage_certificates(actor, certificate.issuer):
        raise PermissionDenied(
            _("Only the issuing department's data steward or officers may revoke a certificate.")
        )
    reason = (reason or "").strip() if isinstance(reason, str) else ""
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the revocation.")})
    if len(reason) > MAX_REASON:
        raise ValidationError({"reason": _("At most %(count)s characters.") % {"count": MAX_REASON}})
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if not locked.can_revoke():
            raise ValidationError(_("This certificate is revoked already."))
        locked.status, locked.revoked_at, locked.revoked_by = Certificate.REVOKED, timezone.now(), actor
        locked.revoke_reason = reason
        locked.save(update_fields=["status", "revoked_at", "revoked_by", "revoke_reason", "updated_at"])
        record_event(
            EventCode.CERTIFICATE_REVOKED,
            actor=actor,
            obj=locked,
            channel=channel,
            payload={"identifier": locked.identifier, "reason": reason},
        )
    certificate.__dict__.update(locked.__dict__)
    return certificate


# Importing ----------------------------------------------------------------------------------------

IMPORT_COLUMNS = (
    "type_code",
    "number",
    "holder_name",
    "holder_id",
    "issued_on",
    "valid_to",
    "trust_level",
    "content",
)


def _date(value, field, errors, *, required):
    text = str(value or "").strip()
    if not text:
        if required:
            errors[field] = _("Enter a date as YYYY-MM-DD.")
        return None
    try:
        day = datetime.date.fromisoformat(text[:10])
    except ValueError:
        errors[field] = _("Enter a date as YYYY-MM-DD.")
        return None
    if not 1900 <= day.year <= 2200:
        errors[field] = _("Enter a date as YYYY-MM-DD.")
        return None
    return day


def clean_import_row(row, *, actor, types, today=None):
    """One row of an import file checked: (fields for do_issue) or raises ValidationError by column."""
    import json

    if not isinstance(row, dict):
        raise ValidationError({"row": _("Each row must be an object of columns and values.")})
    errors = {}
    today = today or timezone.localdate()
    cert_type = types.get(normalise(row.get("type_code")))
    if cert_type is None:
        errors["type_code"] = _("No certificate type has this code.")
    elif actor is not None and not can_manage_certificates(actor, cert_type.issuer):  # None: the console
        errors["type_code"] = _("You may only import certificates your department issues.")
    number = str(row.get("number") or "").strip()
    if not number or len(number) > 60:
        errors["number"] = _("Give the certificate number (at most 60 characters).")
    holder_name = str(row.get("holder_name") or "").strip()
    if not holder_name or len(holder_name) > 100:
        errors["holder_name"] = _("Give the holder's name (at most 100 characters).")
    holder_id, index = str(row.get("holder_id") or ""), ""
    if cert_type is not None:
        try:
            if cert_type.holder_kind == HolderKind.PERSON:
                holder_id = parse_citizen_id(holder_id, today=today).number
                index = person_index(holder_id)
            else:
                holder_id = parse_credit_code(holder_id).code
                index = enterprise_index(holder_id)
        except IdentifierError as error:
            errors["holder_id"] = error.messages[0]
    issued_on = _date(row.get("issued_on"), "issued_on", errors, required=True)
    if issued_on and issued_on > today:
        errors["issued_on"] = _("The issue date cannot be in the future.")
    valid_to = _date(row.get("valid_to"), "valid_to", errors, required=False)
    if issued_on and valid_to and valid_to < issued_on:
        errors["valid_to"] = _("A certificate cannot end before it is issued.")
    if (
        valid_to is None
        and issued_on
        and cert_type is not None
        and cert_type.validity_years
        and not str(row.get("valid_to") or "").strip()
    ):
        valid_to = add_years(issued_on, cert_type.validity_years) - datetime.timedelta(days=1)
    trust = str(row.get("trust_level") or Certificate.TRUST_A).strip().upper()
    if trust not in dict(Certificate.TRUST_CHOICES):
        errors["trust_level"] = _("The trust level is A, B, C or D.")
    content = row.get("content") or {}
    if isinstance(content, str):
        try:
            content = json.loads(content)
        except ValueError:
            content = None
    if (
        not isinstance(content, dict)
        or not all(isinstance(v, (str, int, float)) for v in content.values())
        or len(json.dumps(content, ensure_ascii=False)) > 4000
    ):
        errors["content"] = _("The content is a JSON object of short texts, at most 4000 characters.")
    if errors:
        raise ValidationError(errors)
    kind = cert_type.holder_kind
    return cert_type, dict(
        name=cert_type.name,
        number=number,
        issued_on=issued_on,
        holder_kind=kind,
        holder_name=holder_name,
        holder_id_type=Certificate.CITIZEN_ID if kind == HolderKind.PERSON else Certificate.CREDIT_CODE,
        holder_id=holder_id,
        holder_index=index,
        valid_from=issued_on,
        valid_to=valid_to,
        trust_level=trust,
        content={str(k)[:50]: str(v) for k, v in content.items()},
        origin=Certificate.IMPORT,
    )


def do_import_certificates(rows, *, actor, filename="", channel=Channel.WEB):
    """Import the rows of a file of certificates, all or nothing, each checked and signed.

    Returns (certificates, errors): errors is a list of {"row", "column", "message"} (rows counted from
    1 after the header); when there is any, nothing is written. A number already issued for the same
    type is refused, as is the same number twice in the file.
    """
    rows = list(rows)
    if not rows:
        raise ValidationError({"file": _("The file has no rows.")})
    if len(rows) > MAX_IMPORT_ROWS:
        raise ValidationError({"file": _("At most %(count)s rows per file.") % {"count": MAX_IMPORT_ROWS}})
    types = {t.code: t for t in CertificateType.objects.filter(is_active=True).select_related("issuer")}
    errors, cleaned, seen = [], [], set()
    for number, row in enumerate(rows, start=1):
        try:
            cert_type, fields = clean_import_row(row, actor=actor, types=types)
        except ValidationError as error:
            errors.extend(
                {"row": number, "column": column, "message": message}
                for column, messages in error.message_dict.items()
                for message in messages
            )
            continue
        key = (cert_type.pk, fields["number"])
        if key in seen or Certificate.objects.filter(type=cert_type, number=fields["number"]).exists():
            errors.append(
                {"row": number, "column": "number", "message": _("This certificate number exists already.")}
            )
            continue
        seen.add(key)
        cleaned.append((cert_type, fields))
    if errors:
        return [], errors
    with transaction.atomic():
        certificates = [_insert(cert_type, fields) for cert_type, fields in cleaned]
        for cert_type in {c.type for c in certificates}:
            record_event(
                EventCode.CERTIFICATE_IMPORTED,
                actor=actor,
                obj=cert_type,
                channel=channel,
                payload={"file": filename[:200], "rows": sum(1 for c in certificates if c.type == cert_type)},
            )
    return certificates, []
