"""Pages of electronic certificates and 数据跑路.

- /certificates/verify/: the public verification page a certificate's QR code leads to; it needs
  the identifier and the tag of the signature, shows validity, type, issuer, dates, the signature
  check and the holder masked, and never a personal value in clear;
- /me/certificates/: the holder's wallet (a person's own, an enterprise's for its agents): list,
  detail, PDF and the signed data for checking offline;
- /staff/certificates/: the issuing department's certificates, revocation, import, 材料精简率, and
  the data a case fetched, opened by the case's officers (recorded).
"""

import json
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from yiwang.cases.actions import record_data_view
from yiwang.cases.permissions import get_case_for_staff
from yiwang.core.channels import Channel
from yiwang.core.events import EventCode, record_event
from yiwang.core.permissions import departments_for_user
from yiwang.core.pii import mask_address, mask_citizen_id, mask_name, mask_phone
from yiwang.datahub import certificate_actions as actions
from yiwang.datahub.certificate_files import format_of, read_rows
from yiwang.datahub.certificate_ids import CertificateIdError, parse_identifier
from yiwang.datahub.certificate_pdf import certificate_filename, render_certificate
from yiwang.datahub.certificate_permissions import (
    certificates_for_holder,
    certificates_for_staff,
    get_certificate_for_holder,
    get_certificate_for_staff,
)
from yiwang.datahub.certificates import signature_is_valid, signed_document, tag_matches, verify_tag
from yiwang.datahub.fetch import applicant_of, purpose_of, subject_for
from yiwang.datahub.models import Certificate, DataElement, DataUse, MaterialFetch, Record
from yiwang.datahub.reduction import material_reduction
from yiwang.datahub.uses import record_use

PAGE_ROWS = 50


def verify_url(request, certificate):
    return request.build_absolute_uri(
        reverse("certificates:verify", kwargs={"identifier": certificate.identifier})
        + f"?sig={verify_tag(certificate)}"
    )


# Public verification ------------------------------------------------------------------------------


@require_GET
def verify_form(request):
    """Type in an identifier and the verification code printed under the QR code."""
    identifier = request.GET.get("identifier", "").strip()
    if identifier:
        try:  # only a well-formed identifier makes a URL: "a/b" has no verification page
            parsed = parse_identifier(identifier)
        except CertificateIdError as error:
            context = {"form_only": True, "error": error.messages[0]}
            return render(request, "datahub/certificates/verify.html", context, status=400)
        query = urlencode({"sig": request.GET.get("sig", "").strip()[:64]})
        return redirect(
            reverse("certificates:verify", kwargs={"identifier": parsed.identifier}) + "?" + query
        )
    return render(request, "datahub/certificates/verify.html", {"form_only": True})


@require_GET
def verify(request, identifier):
    """The certificate named by the QR code, checked: no personal value is shown in clear."""
    context = {"identifier": identifier[:100]}
    try:
        parsed = parse_identifier(identifier)
    except CertificateIdError as error:
        context["error"] = error.messages[0]
        return render(request, "datahub/certificates/verify.html", context, status=400)
    certificate = (
        Certificate.objects.filter(identifier=parsed.identifier).select_related("type", "issuer").first()
    )
    if certificate is None or not tag_matches(certificate, request.GET.get("sig", "")):
        context["error"] = _("No certificate matches this identifier and verification code.")
        return render(request, "datahub/certificates/verify.html", context, status=404)
    with translation.override(settings.LANGUAGE_CODE):  # stored in the platform's language
        purpose = str(_("Public verification"))
    record_use(
        DataUse.CERTIFICATE,
        subject_index=certificate.holder_index,
        purpose=purpose,
        actor=request.user,
        detail={"certificate": certificate.identifier},
    )
    record_event(
        EventCode.CERTIFICATE_VERIFIED,
        actor=request.user,
        obj=certificate,
        channel=Channel.WEB,
        payload={"identifier": certificate.identifier},
    )
    context.update(
        certificate=certificate, signature_ok=signature_is_valid(certificate), state=certificate.state()
    )
    return render(request, "datahub/certificates/verify.html", context)


# The holder's wallet ------------------------------------------------------------------------------


@login_required
@require_GET
def wallet(request):
    certificates = list(certificates_for_holder(request.user).order_by("type__name", "-issued_on")[:200])
    return render(request, "datahub/certificates/wallet.html", {"certificates": certificates})


@login_required
@require_GET
def wallet_detail(request, code):
    certificate = get_certificate_for_holder(request.user, code)
    return render(
        request,
        "datahub/certificates/wallet_detail.html",
        {
            "certificate": certificate,
            "verify_url": verify_url(request, certificate),
            "signature_ok": signature_is_valid(certificate),
            "verification_code": verify_tag(certificate),
        },
    )


@login_required
@require_GET
def wallet_pdf(request, code):
    certificate = get_certificate_for_holder(request.user, code)
    response = HttpResponse(
        render_certificate(certificate, verify_url=verify_url(request, certificate)),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'attachment; filename="{certificate_filename(certificate)}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def wallet_signed(request, code):
    """The signed data, the signature and the public key, for checking the certificate offline."""
    certificate = get_certificate_for_holder(request.user, code)
    response = HttpResponse(
        json.dumps(signed_document(certificate), ensure_ascii=False, indent=1),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.code}.json"'
    response["Cache-Control"] = "private, no-store"
    return response


# Staff ----------------------------------------------------------------------------------------------


def _require_certificate_staff(user):
    if not departments_for_user(user, actions.CERTIFICATE_ROLES).exists():
        raise Http404


@login_required
@require_GET
def staff_list(request):
    _require_certificate_staff(request.user)
    certificates = certificates_for_staff(request.user)
    query = request.GET.get("q", "").strip()[:100]
    if query:
        certificates = certificates.filter(identifier__icontains=query) | certificates.filter(number=query)
    return render(
        request,
        "datahub/certificates/staff_list.html",
        {"certificates": list(certificates.order_by("-created_at", "-id")[:PAGE_ROWS]), "query": query},
    )


@login_required
@require_GET
def staff_detail(request, code):
    certificate = get_certificate_for_staff(request.user, code)
    return render(
        request,
        "datahub/certificates/staff_detail.html",
        {
            "certificate": certificate,
            "signature_ok": signature_is_valid(certificate),
            "verify_url": verify_url(request, certificate),
        },
    )


@login_required
@require_POST
def staff_revoke(request, code):
    certificate = get_certificate_for_staff(request.user, code)
    try:
        actions.do_revoke_certificate(certificate, actor=request.user, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        return render(
            request,
            "datahub/certificates/staff_detail.html",
            {
                "certificate": certificate,
                "signature_ok": signature_is_valid(certificate),
                "verify_url": verify_url(request, certificate),
                "errors": [
                    m for ms in getattr(error, "message_dict", {"": error.messages}).values() for m in ms
                ],
            },
            status=400,
        )
    messages.success(request, _("The certificate is revoked."))
    return redirect("staff_certificates:detail", code=certificate.code)


@login_required
@require_http_methods(["GET", "POST"])
def staff_import(request):
    _require_certificate_staff(request.user)
    context = {}
    if request.method == "POST":
        upload = request.FILES.get("file")
        fmt = format_of(getattr(upload, "name", ""))
        try:
            if upload is None or fmt is None:
                raise ValidationError({"file": _("Choose a CSV (.csv), JSON (.json) or Excel (.xlsx) file.")})
            rows = read_rows(upload.read(), fmt)
            certificates, errors = actions.do_import_certificates(
                rows, actor=request.user, filename=upload.name
            )
        except ValidationError as error:
            context["file_errors"] = [m for ms in error.message_dict.values() for m in ms]
            return render(request, "datahub/certificates/staff_import.html", context, status=400)
        if errors:
            context["row_errors"] = errors[:500]
            return render(request, "datahub/certificates/staff_import.html", context, status=400)
        messages.success(request, _("Imported %(count)s certificates.") % {"count": len(certificates)})
        return redirect("staff_certificates:list")
    return render(request, "datahub/certificates/staff_import.html", context)


@login_required
@require_GET
def reduction(request):
    """材料精简率 per item and overall, actual and declared."""
    if not request.user.is_staff_member:
        raise Http404
    rows, overall = material_reduction()
    return render(request, "datahub/certificates/reduction.html", {"rows": rows, "overall": overall})


def _masked(item, value):
    value = str(value)
    if not item.is_personal:
        return value
    kind = item.element.check_kind
    if kind == DataElement.CITIZEN_ID:
        return mask_citizen_id(value)
    if kind == DataElement.PHONE:
        return mask_phone(value)
    return mask_name(value) if len(value) <= 4 else mask_address(value)


@login_required
@require_GET
def fetched_data(request, code, material_id):
    """What 数据跑路 fetched for one material of a case, masked; opening it is recorded."""
    case = get_case_for_staff(request.user, code)
    fetch = (
        MaterialFetch.objects.filter(
            case=case,
            material_id=material_id if str(material_id).isdigit() else 0,
            outcome=MaterialFetch.FOUND,
        )
        .select_related("certificate__type", "resource__provider", "material")
        .first()
    )
    if fetch is None:
        raise Http404
    record_data_view(case, actor=request.user, channel=Channel.WEB)
    record_event(
        EventCode.CASE_FETCHED_DATA_VIEWED,
        actor=request.user,
        obj=case,
        channel=Channel.WEB,
        payload={"material": fetch.material.name},
    )
    context = {"case": case, "fetch": fetch}
    if fetch.certificate_id:
        certificate = fetch.certificate
        record_use(
            DataUse.CERTIFICATE,
            subject_index=certificate.holder_index,
            purpose=purpose_of(case),
            department=case.department,
            case=case,
            actor=request.user,
            detail={"material": fetch.material.name, "certificate": certificate.identifier, "opened": True},
        )
        context.update(certificate=certificate, signature_ok=signature_is_valid(certificate))
    else:
        resource = fetch.resource
        index, subject = subject_for(resource.subject_kind, applicant_of(case), case.owner)
        items = list(resource.items.select_related("element"))
        records = (
            Record.objects.filter(resource=resource, subject_index=index, is_deleted=False)[:20]
            if index
            else []
        )
        rows = []
        for record in records:
            values = dict(record.values or {})
            if record.sealed:
                try:
                    values.update(json.loads(record.sealed))
                except ValueError:
                    pass
            rows.append(
                [
                    _masked(item, values[item.key]) if values.get(item.key) not in (None, "") else ""
                    for item in items
                ]
            )
        record_use(
            DataUse.FETCH,
            subject_index=index,
            subject=subject,
            purpose=purpose_of(case),
            resource=resource,
            department=case.department,
            case=case,
            actor=request.user,
            detail={"material": fetch.material.name, "rows": len(rows), "opened": True},
        )
        context.update(resource=resource, items=items, rows=rows)
    return render(request, "datahub/certificates/fetched.html", context)
