"""The GovStack Registration building block API at /govstack/registration/, on the same catalogue and cases.

The contract is the building block's own OpenAPI files, copied in `cases/specs/` (served at
`specs/registration-api.json` and `specs/registration-statistics-api.json`): paths, query
parameters, bodies, status codes and the `systemError` body are as written there. Concepts map so:

- service = a published service item (`id` is the item's code), eForm = one published version of
  the item's form (`eFormId` is `<item code>-v<version>`; its `schema` is a JSON Schema made from
  the form's typed fields);
- application file = a case (`fileId` is the case's code), created through the same actions as
  every other channel; documents are uploaded first (`POST /documents`) and named by their URL in
  `documentUrls`;
- task = what a case is waiting for: acceptance, the current review step, issuing the result,
  delivery (an operator's task, in the departments where the operator holds a handling role), or a
  supplement (the applicant's task). `taskId` is `<case code>:<what>`, so a task that has been done
  is no longer found. Completing a task calls the matching action.

Plain Django views rather than ninja: the spec's shapes (errors as `systemError`, 404s without a
schema, `*/*` content) are easier to keep exactly by hand. Authentication is an API token
(`Authorization: Bearer yw_...`) for applications, documents and tasks; services, eForms and
statistics are public. Operations whose spec requires the `Information-Mediator-Client` header
(`INSTANCE/CLASS/MEMBER/SUBSYSTEM`) refuse a request without it (400). Deviations where the spec is
silent: bad input answers 400 with a `systemError`, a missing token 401, a forbidden act 403.
Values of `formData.data` and `additionalData.data` are objects, as the spec types them
(`{"trade_name": {"value": "李记小面"}}`); a bare value is accepted on input.
"""

import datetime
import functools
import json
import logging
import re
import uuid
from pathlib import Path

from django.core.exceptions import PermissionDenied, SuspiciousOperation, ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import CharField, Count, OuterRef, Q, Subquery
from django.db.models.functions import Cast, TruncDay, TruncMonth, TruncWeek, TruncYear
from django.http import Http404, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from yiwang.accounts.actions import token_user
from yiwang.accounts.models import Enterprise, Person
from yiwang.cases import actions
from yiwang.cases.answers import PHONE_RE
from yiwang.cases.api import masked_answers
from yiwang.cases.models import Case, CaseStep
from yiwang.cases.permissions import HANDLING_ROLES, cases_for_applicant, cases_for_staff
from yiwang.core.channels import Channel
from yiwang.core.cleantext import INVALID_TEXT, TextRefused, clean_json, refuses_text
from yiwang.core.events import EventCode
from yiwang.core.idempotency import IdempotencyError, fingerprint, run_once
from yiwang.core.models import Event
from yiwang.core.text import localise
from yiwang.services.models import FormField, ServiceItem, ServiceItemVersion

log = logging.getLogger(__name__)

SPECS = Path(__file__).resolve().parent / "specs"
MEDIATOR_RE = re.compile(r"^[^/\s]{1,100}/[^/\s]{1,100}/[^/\s]{1,100}/[^/\s]{1,100}$")
MAX_RESULTS = 200
DEFAULT_RESULTS = 50
MAX_BODY_ITEMS = 200
DOCUMENTS_DIR = "govstack-documents"
DOCUMENT_URN = "urn:yiwang:document:"  # what /documents answers as `url`; an application names it
MATERIAL_URN = "urn:yiwang:case-material:"
DOCUMENT_ID_RE = re.compile(r"(?:^|[:/])([0-9a-f]{32})/?$")


# Errors and the view wrapper ------------------------------------------------------------------


class GovStackError(Exception):
    """An answer other than success, in the spec's `systemError` shape."""

    def __init__(self, status, code, message, details=None):
        super().__init__(message)
        self.status, self.code, self.message, self.details = status, code, str(message), details


def _error_body(status, code, message, details=None):
    body = {"traceId": uuid.uuid4().hex, "code": code, "message": message, "localizedMessage": message}
    if details:
        body["details"] = details
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def _validation_details(error):
    if hasattr(error, "error_dict"):
        return {field: [str(m) for m in messages] for field, messages in error.message_dict.items()}
    return {"__all__": [str(m) for m in error.messages]}


def govstack_view(*, methods, token=False, mediator=()):
    """A view of one path: method dispatch, token authentication, the `Information-Mediator-Client`
    header, and every refusal answered as a `systemError` (never HTML, never a trace).

    `methods` maps each HTTP method to its handler; `mediator` lists the methods whose spec
    requires the header."""

    @csrf_exempt  # token-authenticated; no cookie is read
    @functools.wraps(next(iter(methods.values())))
    def view(request, *args, **kwargs):
        handler = methods.get(request.method)
        if handler is None:
            response = _error_body(
                405,
                "method_not_allowed",
                _("The method %(method)s is not allowed here.") % {"method": request.method},
            )
            response["Allow"] = ", ".join(sorted(methods))
            return response
        try:
            if request.method in mediator:
                _check_mediator(request)
            request.api_user = _token_user(request) if token else None
            return handler(request, *args, **kwargs)
        except GovStackError as error:
            return _error_body(error.status, error.code, error.message, error.details)
        except ValidationError as error:
            if refuses_text(error):
                return _error_body(
                    400,
                    INVALID_TEXT,
                    _("The request holds text that is not allowed."),
                    _validation_details(error),
                )
            return _error_body(
                400, "invalid_input", _("The request is not valid."), _validation_details(error)
            )
        except IdempotencyError as error:
            return _error_body(
                409 if error.code == "idempotency_key_reused" else 400, error.code, error.message
            )
        except PermissionDenied:
            return _error_body(403, "forbidden", _("You may not do this."))
        except SuspiciousOperation:  # e.g. a body over DATA_UPLOAD_MAX_MEMORY_SIZE
            return _error_body(400, "request_rejected", _("The request could not be understood."))
        except Http404:
            return _error_body(404, "not_found", _("Not found."))
        except Exception:  # a bug, not bad input: logged, answered in the spec's error shape
            log.exception("unhandled error in %s %s", request.method, request.path)
            return _error_body(
                500,
                "internal_error",
                _("Something went wrong on our side. Please try again later, or call 12345."),
            )

    return view


def _check_mediator(request):
    value = request.headers.get("Information-Mediator-Client", "")
    if not MEDIATOR_RE.match(value):
        raise GovStackError(
            400,
            "information_mediator_client_missing",
            _("Send the Information-Mediator-Client header as INSTANCE/CLASS/MEMBER/SUBSYSTEM."),
        )


def _token_user(request):
    header = request.headers.get("Authorization", "")
    scheme, _space, clear = header.partition(" ")
    api_token = token_user(clear.strip()) if scheme.lower() == "bearer" else None
    if api_token is None:
        raise GovStackError(401, "not_authenticated", _("Send a valid API token."))
    request.api_token = api_token
    return api_token.user


def _json(data, status=200):
    return JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def _body(request):
    try:
        data = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        raise GovStackError(400, "invalid_json", _("The request body is not valid JSON.")) from None
    if not isinstance(data, dict):
        raise GovStackError(400, "invalid_input", _("The request body must be a JSON object."))
    try:
        return clean_json(data)
    except TextRefused as error:  # NUL, a control character, a lone surrogate
        raise GovStackError(400, INVALID_TEXT, error.messages[0]) from None


def _uuid(value):
    try:
        return uuid.UUID(str(value))
    except (ValueError, TypeError):
        return None


def _int_param(request, name, default, lowest, highest):
    raw = request.GET.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise GovStackError(
            400, "invalid_input", _("%(name)s must be a whole number.") % {"name": name}
        ) from None
    if not lowest <= value <= highest:
        raise GovStackError(
            400,
            "invalid_input",
            _("%(name)s must be between %(low)s and %(high)s.")
            % {"name": name, "low": lowest, "high": highest},
        )
    return value


def _iso(moment):
    return moment.isoformat().replace("+00:00", "Z") if moment else None


def _channel(request):
    token = getattr(request, "api_token", None)
    return token.channel if token is not None else Channel.API


# Services and eForms ---------------------------------------------------------------------------


def _published_items():
    return ServiceItem.objects.filter(current__status=ServiceItemVersion.PUBLISHED).select_related(
        "current", "department"
    )


def _service(item):
    version = item.current
    body = [
        ("implementationCode", item.implementation_code),
        ("basicCode", item.basic_code),
        ("department", localise(item.department.name)),
        ("itemType", version.get_item_type_display()),
        ("handlingType", version.get_handling_type_display()),
        ("promisedLimitWorkingDays", version.promised_limit),
        ("statutoryLimitWorkingDays", version.statutory_limit if version.statutory_limit is not None else ""),
        ("visits", version.visits),
        ("onlineDepth", version.online_depth),
        ("feeRequired", "true" if version.fee_required else "false"),
        ("legalBasis", localise(version.legal_basis)),
        ("acceptanceConditions", localise(version.acceptance_conditions)),
        ("result", localise(version.result_name)),
        ("place", localise(version.place)),
        ("hours", localise(version.hours)),
        ("enquiryPhone", version.enquiry_phone),
        ("complaintPhone", version.complaint_phone),
    ]
    return {
        "id": str(item.code),
        "name": localise(version.name),
        "version": str(version.number),
        "type": "Public",
        "isExecutable": bool(version.online),
        "isClosed": False,
        "description": localise(version.summary),
        "serviceBody": [{"code": code, "value": str(value)} for code, value in body],
    }


def _services_get(request):
    items = _published_items()
    name = request.GET.get("name", "").strip()
    if len(name) > 200:
        raise GovStackError(400, "invalid_input", _("The name is too long."))
    if name:
        items = items.filter(current__name__icontains=name)
    return _json([_service(item) for item in items.order_by("implementation_code")[:1000]])


def _service_or_404(service_id):
    code = _uuid(service_id)
    item = _published_items().filter(code=code).first() if code else None
    if item is None:
        raise GovStackError(404, "service_not_found", _("There is no such service."))
    return item


def _service_get(request, service_id):
    return _json(_service(_service_or_404(service_id)))


def _eform_id(version, item=None):
    return f"{(item or version.item).code}-v{version.number}"


def _eform_item(version, latest):
    return {
        "eFormId": _eform_id(version),
        "name": localise(version.name),
        "description": localise(version.summary),
        "version": str(version.number),
        "latest": latest,
    }


def _eforms_get(request, service_id):
    code = _uuid(service_id)
    item = ServiceItem.objects.filter(code=code).first() if code else None
    if item is None or item.current_id is None:
        return _json([])  # the spec: "an empty array if none are available"
    versions = (
        item.versions.filter(status__in=[ServiceItemVersion.PUBLISHED, ServiceItemVersion.RETIRED])
        .select_related("item")
        .order_by("-number")
    )
    return _json([_eform_item(v, v.pk == item.current_id) for v in versions])


CREDIT_CODE_PATTERN = "^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$"


def field_schema(field):
    """One form field as a JSON Schema property (the kind is kept in `x-kind`)."""
    schema = {"title": localise(field.label), "x-kind": field.kind}
    if field.help_text:
        schema["description"] = localise(field.help_text)
    if field.kind == FormField.NUMBER:
        schema["type"] = ["number", "string"]
        schema["pattern"] = r"^-?[0-9]+(\.[0-9]+)?$"
    elif field.kind == FormField.DATE:
        schema.update(type="string", format="date")
    elif field.kind == FormField.CHOICE:
        schema.update(type="string", enum=list(field.choices))
    elif field.kind == FormField.CITIZEN_ID:
        schema.update(type="string", pattern="^[0-9]{17}[0-9Xx]$")
    elif field.kind == FormField.CREDIT_CODE:
        schema.update(type="string", pattern=CREDIT_CODE_PATTERN)
    elif field.kind == FormField.PHONE:
        schema.update(type="string", pattern=PHONE_RE.pattern)
    elif field.kind == FormField.FILE:
        schema.update(
            type="string", format="uri", description=_("The URL of a document uploaded to /documents.")
        )
    else:
        limit = actions_text_limit(field)
        schema.update(type="string", maxLength=limit)
    if field.prefill:
        schema["x-prefill"] = field.prefill
    return schema


def actions_text_limit(field):
    from yiwang.cases.answers import MAX_ADDRESS, MAX_TEXT

    limit = MAX_ADDRESS if field.kind == FormField.ADDRESS else MAX_TEXT
    return min(field.max_length or limit, limit)


def form_schema(version):
    """The item version's form as a JSON Schema (draft 2020-12) object."""
    fields = list(version.form_fields.all())
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": localise(version.name),
        "type": "object",
        "properties": {field.key: field_schema(field) for field in fields},
        "required": [field.key for field in fields if field.required and not field.prefill],
        "additionalProperties": False,
        "x-materials": [
            {"id": m.pk, "name": localise(m.name), "required": m.required, "fetched": m.is_fetched}
            for m in version.materials.all()
        ],
    }


def _eform_version(eform_id):
    item_code, _sep, number = str(eform_id).rpartition("-v")
    code = _uuid(item_code)
    if code is None or not number.isdigit():
        return None
    return (
        ServiceItemVersion.objects.filter(
            item__code=code,
            number=int(number),
            status__in=[ServiceItemVersion.PUBLISHED, ServiceItemVersion.RETIRED],
        )
        .select_related("item")
        .first()
    )


def _eform_get(request, eform_id):
    version = _eform_version(eform_id)
    if version is None:
        raise GovStackError(404, "eform_not_found", _("There is no such form."))
    return _json(
        {**_eform_item(version, version.item.current_id == version.pk), "schema": form_schema(version)}
    )


# Documents --------------------------------------------------------------------------------------


def _document_path(user, document_id, suffix):
    return f"{DOCUMENTS_DIR}/{user.code.hex}/{document_id}.{suffix}"


def _documents_post(request):
    """Keep an uploaded file for the applicant until an application names it (checked as any upload)."""
    user = request.api_user
    upload = request.FILES.get("file")
    if upload is None:
        return _error_body(400, "file_missing", _("Choose a file to upload."))
    try:
        content_type = actions._check_upload(upload)  # the same checks as every upload, before keeping it
    except ValidationError as error:
        return _error_body(400, "file_refused", error.messages[0])
    metadata = request.GET.get("additionalMetadata", "")[:200]
    document_id = uuid.uuid4().hex
    name = str(upload.name).replace("\\", "/").rsplit("/", 1)[-1][:200] or "file"
    default_storage.save(_document_path(user, document_id, "bin"), upload)
    default_storage.save(
        _document_path(user, document_id, "json"),
        ContentFile(
            json.dumps({"name": name, "content_type": content_type, "metadata": metadata}).encode("utf-8")
        ),
    )
    return _json({"code": 200, "type": content_type, "message": name, "url": f"{DOCUMENT_URN}{document_id}"})


def _document_ids(urls):
    if urls is None:
        return []
    if not isinstance(urls, list) or len(urls) > MAX_BODY_ITEMS or not all(isinstance(u, str) for u in urls):
        raise ValidationError({"documentUrls": _("List the URLs of uploaded documents.")})
    ids = []
    for url in urls:
        match = DOCUMENT_ID_RE.search(url)
        if match is None:
            raise ValidationError(
                {"documentUrls": _("%(url)s is not a document uploaded here.") % {"url": url[:200]}}
            )
        ids.append(match.group(1))
    return ids


def _open_documents(user, urls):
    """The uploaded files named by `urls` (each the user's own), with the material they are for."""
    documents = []
    for document_id in _document_ids(urls):
        path = _document_path(user, document_id, "bin")
        if not default_storage.exists(path):
            raise ValidationError({"documentUrls": _("A document was not found; upload it again.")})
        with default_storage.open(_document_path(user, document_id, "json")) as handle:
            meta = json.loads(handle.read().decode("utf-8"))
        upload = File(default_storage.open(path), name=meta["name"])
        upload.size = default_storage.size(path)
        documents.append((document_id, meta, upload))
    return documents


def _material_for(version, metadata):
    """The material a document is for, named by `additionalMetadata` (its id or name), or None."""
    metadata = (metadata or "").strip()
    if not metadata:
        return None
    materials = version.materials.all()
    for material in materials:
        if str(material.pk) == metadata or material.name == metadata:
            return material
    return None


# Application files -------------------------------------------------------------------------------

STATUS_MODEL = {
    Case.DRAFT: "PENDING",
    Case.SUBMITTED: "PENDING",
    Case.IN_REVIEW: "PENDING",
    Case.SUPPLEMENT: "SENDBACK",
    Case.APPROVED: "APPROVED",
    Case.DENIED: "REJECTED",
    Case.NOT_ACCEPTED: "REJECTED",
    Case.WITHDRAWN: "REJECTED",
}


def status_model(case):
    if case.status in (Case.FINISHED, Case.DELIVERED):
        code = "APPROVED" if case.result == Case.APPROVE else "REJECTED"
    else:
        code = STATUS_MODEL[case.status]
    return {"code": code, "title": str(case.get_status_display())}


def _form_values(case, *, clear=False):
    """The answers as the spec's objects, with their labels; personal fields masked unless `clear`
    (an operator's view of one case, which is recorded)."""
    fields = list(case.version.form_fields.all())
    labels = {f.key: localise(f.label) for f in fields}
    values = case.data if clear else masked_answers(case, fields)
    return {key: {"value": value, "label": labels.get(key, key)} for key, value in values.items()}


def _document_urls(case):
    return [f"{MATERIAL_URN}{m.code}" for m in case.materials.all() if m.status != "awaiting"]


def _application(request, case, *, clear=False):
    return {
        "fileId": str(case.code),
        "applicantId": str(case.applicant.code),  # required by the spec's schema
        "registered": _iso(case.submitted_at),
        "serviceId": str(case.item.code),
        "serviceName": localise(case.version.name),
        "status": status_model(case),
        "ended": case.is_closed,
        "applicationData": {
            "applicationName": f"{localise(case.version.name)} {case.number}",
            "applicantId": str(case.applicant.code),
            "created": _iso(case.created_at),
            "formData": {
                "data": _form_values(case, clear=clear),
                "eFormId": _eform_id(case.version, case.item),
            },
            "documentUrls": _document_urls(case),
        },
    }


def _plain_answers(data):
    """`formData.data` as our answers: {"key": {"value": v}} or {"key": v}."""
    if data is None:
        return {}
    if not isinstance(data, dict) or len(data) > MAX_BODY_ITEMS:
        raise ValidationError({"formData": _("formData.data must be an object of field keys.")})
    return {key: value.get("value") if isinstance(value, dict) else value for key, value in data.items()}


def _applicant_for(user, applicant_id):
    """`applicantId`: the user's own account or person code, or an enterprise the user acts for."""
    if not isinstance(applicant_id, str) or not applicant_id:
        raise ValidationError({"applicantId": _("applicantId is required.")})
    person = Person.objects.filter(user_id=user.pk).first()
    if person is not None and applicant_id in (str(user.code), str(person.code)):
        return person
    for agency in user.agencies():
        if str(agency.enterprise.code) == applicant_id:
            return Enterprise.objects.get(pk=agency.enterprise_id)
    raise ValidationError({"applicantId": _("You may not apply for this applicant.")})


def _check_eform(item, version, form_data):
    eform_id = form_data.get("eFormId") if isinstance(form_data, dict) else None
    if eform_id not in (None, "", _eform_id(version, item)):
        raise ValidationError({"eFormId": _("This form is not the service's current form.")})


def _apply(request, item, data):
    """Start, fill in and submit the case in one transaction (as `do_apply`), mapping document URLs
    to the materials they are for and file fields to the stored files."""
    user = request.api_user
    applicant = _applicant_for(user, data.get("applicantId"))
    form_data = data.get("formData", {})
    if not isinstance(form_data, dict):
        raise ValidationError({"formData": _("formData must be an object.")})
    _check_eform(item, item.current, form_data)
    answers = _plain_answers(form_data.get("data"))
    urls = data.get("documentUrls")
    _document_ids(urls)  # checked before anything is written
    channel = _channel(request)
    with transaction.atomic():
        case = actions.do_start_case(item, applicant=applicant, owner=user, actor=user, channel=channel)
        _attach_documents(case, user, urls, answers, channel)
        actions.do_save_answers(case, answers=answers, actor=user, channel=channel)
        actions.do_submit_case(case, actor=user, channel=channel)
    return case


def _attach_documents(case, user, urls, answers, channel):
    by_id = {}
    for document_id, meta, upload in _open_documents(user, urls):
        with upload:
            row = actions.do_add_material(
                case,
                upload=upload,
                actor=user,
                channel=channel,
                material=_material_for(case.version, meta.get("metadata")),
            )
        by_id[document_id] = row
    for key, value in list(answers.items()):  # a file field names a document by its URL
        match = (
            DOCUMENT_ID_RE.search(value)
            if isinstance(value, str) and value.startswith(DOCUMENT_URN)
            else None
        )
        if match and match.group(1) in by_id:
            answers[key] = str(by_id[match.group(1)].code)

    def forget_staged():  # only once the case holds them: a refused application keeps the uploads
        for document_id in by_id:
            default_storage.delete(_document_path(user, document_id, "bin"))
            default_storage.delete(_document_path(user, document_id, "json"))

    transaction.on_commit(forget_staged)


def _applications_post(request, service_id):
    item = _service_or_404(service_id)
    data = _body(request)

    def create():
        case = _apply(request, item, data)
        case = _cases().get(pk=case.pk)
        return 200, _application(request, case)

    key = request.headers.get("Idempotency-Key", "")
    if not key:  # the spec has no key; a client that sends one gets retries made safe
        return _json(create()[1])
    status, body, _replayed = run_once(
        "govstack:applications",
        key,
        request.api_user.pk,
        fingerprint({"service": str(item.code), "body": data}),
        create,
    )
    return _json(body, status=status)


def _cases():
    return Case.objects.select_related("item", "version", "department", "applicant", "clock", "step")


def _visible_cases(user):
    """An operator's department cases, else the applicant's own (the spec: whatever the user may access)."""
    if user.is_staff_member:
        return cases_for_staff(user), True
    return cases_for_applicant(user), False


SORTS = {
    "created": "created_at",
    "dueDate": "clock__due_at",
    "id": "number",
    "instanceId": "number",
    "caseInstanceId": "number",
    "executionId": "number",
    "caseExecutionId": "number",
    "name": "version__name",
    "nameCaseInsensitive": "version__name",
    "description": "version__name",
    "assignee": "step__role",
    "priority": "created_at",
}


def _sorted(request, queryset):
    sort_by, sort_order = request.GET.get("sortBy", ""), request.GET.get("sortOrder", "")
    if not sort_by and not sort_order:
        return queryset.order_by("-created_at", "-id")
    if sort_by not in SORTS or sort_order not in ("asc", "desc"):
        raise GovStackError(
            400,
            "invalid_sort",
            _("Give sortBy (one of the values the API lists) together with sortOrder asc or desc."),
        )
    field = SORTS[sort_by]
    return queryset.order_by(f"-{field}" if sort_order == "desc" else field, "id")


def _window(request, queryset):
    first = _int_param(request, "firstResult", 0, 0, 10**6)
    count = _int_param(request, "maxResult", DEFAULT_RESULTS, 1, MAX_RESULTS)
    return queryset[first : first + count]


def _list_row(request, case, staff):
    task = _task_of(case) if staff else (_applicant_task(case) if case.status == Case.SUPPLEMENT else None)
    return {
        "fileId": str(case.code),
        "mainTaskId": str(case.code),
        "taskTitle": task["name"] if task else localise(case.version.name),
        "roleId": task["roleId"] if task else "",
        "roleName": task["roleName"] if task else "",
        "assigneeId": "",
        "operatorName": "",
        "status": status_model(case),
        "applicantId": str(case.applicant.code),
        "created": _iso(case.created_at),
        "registered": _iso(case.submitted_at),
        "description": case.number,
        "serviceName": localise(case.version.name),
        "serviceId": str(case.item.code),
        "eformId": _eform_id(case.version, case.item),
        "documentUrls": [],
        "additionalMeta": {
            "data": {
                "number": {"value": case.number},
                "department": {"value": localise(case.department.name)},
                "dueDate": {"value": case.clock.due_date.isoformat() if case.clock_id else None},
            }
        },
    }


def _applications_get(request):
    user = request.api_user
    cases, staff = _visible_cases(user)
    cases = cases.select_related("item", "version", "department", "applicant", "clock", "step")
    service_id = request.GET.get("serviceId")
    if service_id:
        code = _uuid(service_id)
        if code is None:
            raise GovStackError(400, "invalid_input", _("serviceId must be a UUID."))
        cases = cases.filter(item__code=code)
    applicant_id = request.GET.get("applicantId")
    if applicant_id:
        code = _uuid(applicant_id)
        cases = cases.filter(Q(applicant__code=code) | Q(owner__code=code)) if code else cases.none()
    rows = _window(request, _sorted(request, cases))
    return _json([_list_row(request, case, staff) for case in rows])


def _case_for(user, file_id):
    code = _uuid(file_id)
    cases, staff = _visible_cases(user)
    case = _cases().filter(pk__in=cases.values("pk"), code=code).first() if code else None
    if case is None:
        raise GovStackError(404, "application_not_found", _("There is no such application file."))
    return case, staff


def _application_get(request, file_id):
    case, staff = _case_for(request.api_user, file_id)
    if staff:
        actions.record_data_view(case, actor=request.api_user, channel=_channel(request))
    return _json(_application(request, case, clear=staff))


def _application_put(request, file_id):
    """The applicant changes a draft or a case awaiting a supplement (answers and documents); operators
    record their part by completing tasks, and a case being handled no longer changes."""
    case, staff = _case_for(request.api_user, file_id)
    if staff:
        raise PermissionDenied
    data = _body(request)
    user = request.api_user
    if _applicant_for(user, data.get("applicantId")).pk != case.applicant_id:
        raise ValidationError({"applicantId": _("This application file is another applicant's.")})
    if not (case.can_edit() or case.can_supplement()):
        raise GovStackError(409, "wrong_state", _("This application can no longer be changed."))
    form_data = data.get("formData", {})
    if not isinstance(form_data, dict):
        raise ValidationError({"formData": _("formData must be an object.")})
    answers = _plain_answers(form_data.get("data"))
    channel = _channel(request)
    with transaction.atomic():
        _attach_documents(case, user, data.get("documentUrls"), answers, channel)
        if answers:
            actions.do_save_answers(case, answers=answers, actor=user, channel=channel)
    return _json(_application(request, _cases().get(pk=case.pk)))


# Tasks -------------------------------------------------------------------------------------------


def _role_label(role):
    from yiwang.accounts.models import Role

    return str(dict(Role.choices).get(role, role))


def _task_of(case):
    """The operator's task a case waits for, or None."""
    if case.status == Case.SUBMITTED:
        what, name, role = "accept", _("Acceptance"), "window_clerk"
    elif case.status == Case.IN_REVIEW and case.step_id:
        what, name, role = f"step-{case.step.sort_order}", localise(case.step.name), case.step.role
    elif case.status in (Case.APPROVED, Case.DENIED):
        what, name, role = "finish", _("Completion"), "officer"
    elif case.status == Case.FINISHED:
        what, name, role = "deliver", _("Delivery"), "window_clerk"
    else:
        return None
    return {
        "taskId": f"{case.code}:{what}",
        "what": what,
        "name": str(name),
        "roleId": role,
        "roleName": _role_label(role),
    }


def _applicant_task(case):
    return {
        "taskId": f"{case.code}:supplement",
        "what": "supplement",
        "name": _("Supplement"),
        "roleId": "applicant",
        "roleName": _("Applicant"),
    }


TASK_STATUSES = [Case.SUBMITTED, Case.IN_REVIEW, Case.APPROVED, Case.DENIED, Case.FINISHED]


def _task_cases(user):
    if user.is_staff_member:
        return cases_for_staff(user, HANDLING_ROLES).filter(status__in=TASK_STATUSES), True
    return cases_for_applicant(user).filter(status=Case.SUPPLEMENT), False


def _with_task_start(cases):
    started = (
        CaseStep.objects.filter(case=OuterRef("pk"), ended_at__isnull=True)
        .order_by("-started_at", "-id")
        .values("started_at")[:1]
    )
    return cases.annotate(task_started=Subquery(started))


def _task(case, staff, full=False):
    task = _task_of(case) if staff else _applicant_task(case)
    row = {
        "taskId": task["taskId"],
        "mainTaskId": str(case.code),
        "name": task["name"],
        "assigneeId": "",
        "roleId": task["roleId"],
        "created": _iso(getattr(case, "task_started", None) or case.updated_at),
        "description": f"{case.number} {localise(case.version.name)}",
        "serviceId": str(case.item.code),
        "serviceName": localise(case.version.name),
        "fileId": str(case.code),
        "eFormId": _eform_id(case.version, case.item),
        "status": status_model(case),
    }
    if full:
        row["taskName"] = row.pop("name")
        row.pop("mainTaskId")
        row["formVariables"] = _form_values(case, clear=staff)
        row["data"] = _task_inputs(case, task["what"])
    return row


def _task_inputs(case, what):
    """What completing the task takes, as `data` (each entry an object, as the spec types it)."""
    if what == "accept":
        return {
            "outcome": {"enum": ["accept", "refuse", "supplement"]},
            "opinion": {"type": "string"},
            "reason": {"type": "string", "requiredFor": "refuse"},
            "items": {"type": "array", "requiredFor": "supplement"},
        }
    if what.startswith("step-"):
        last = not case.version.steps.filter(sort_order__gt=case.step.sort_order).exists()
        inputs = {"opinion": {"type": "string", "required": True}}
        if last:
            inputs["decision"] = {"enum": [Case.APPROVE, Case.DENY], "required": True}
        return inputs
    if what == "deliver":
        return {"method": {"enum": ["counter", "post"], "required": True}}
    if what == "supplement":
        return {
            "items": {"value": case.supplement_items},
            "note": {"value": case.supplement_note},
            "documentUrls": {"type": "array"},
            "formData": {"type": "object"},
        }
    return {}


def _tasks_get(request):
    user = request.api_user
    cases, staff = _task_cases(user)
    for name in ("mainTaskId", "fileId"):
        value = request.GET.get(name)
        if value:
            code = _uuid(value)
            cases = cases.filter(code=code) if code else cases.none()
    assignee = request.GET.get("assigneeId")
    if assignee and assignee != str(user.code):
        cases = cases.none()  # tasks are offered to a role, and only the user's own can be asked for
    cases = _with_task_start(cases.select_related("item", "version", "department", "step"))
    rows = _window(request, _sorted(request, cases))
    return _json([_task(case, staff) for case in rows])


def _task_case(user, task_id):
    case_code, _sep, what = str(task_id).partition(":")
    code = _uuid(case_code)
    cases, staff = _task_cases(user)
    case = (
        _with_task_start(cases.select_related("item", "version", "department", "step", "applicant", "clock"))
        .filter(code=code)
        .first()
        if code
        else None
    )
    task = None if case is None else (_task_of(case) if staff else _applicant_task(case))
    if task is None or task["what"] != what:
        raise GovStackError(404, "task_not_found", _("There is no such task waiting."))
    return case, staff, what


def _task_get(request, task_id):
    case, staff, _what = _task_case(request.api_user, task_id)
    if staff:
        actions.record_data_view(case, actor=request.api_user, channel=_channel(request))
    return _json(_task(case, staff, full=True))


def _value(data, name, default=""):
    value = data.get(name, default)
    if isinstance(value, dict) and "value" in value:
        value = value["value"]
    return value


def _text_value(data, name):
    value = _value(data, name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationError({name: _("Enter text.")})
    return value


def _task_complete(request, task_id):
    user = request.api_user
    case, staff, what = _task_case(user, task_id)
    body = _body(request)
    data = body.get("data", {})
    if not isinstance(data, dict):
        raise ValidationError({"data": _("data must be an object.")})
    channel = _channel(request)
    if what == "accept":
        outcome = _value(data, "outcome", "accept")
        if outcome == "accept":
            actions.do_accept_case(case, actor=user, opinion=_text_value(data, "opinion"), channel=channel)
        elif outcome == "refuse":
            actions.do_refuse_case(case, actor=user, reason=_text_value(data, "reason"), channel=channel)
        elif outcome == "supplement":
            actions.do_request_supplement(
                case,
                actor=user,
                items=_value(data, "items", []),
                note=_text_value(data, "note"),
                channel=channel,
            )
        else:
            raise ValidationError({"outcome": _("Choose accept, refuse or supplement.")})
    elif what.startswith("step-"):
        decision = _value(data, "decision", None) or None
        if decision not in (None, Case.APPROVE, Case.DENY):
            raise ValidationError({"decision": _("Decide: approve or deny.")})
        actions.do_complete_step(
            case, actor=user, opinion=_text_value(data, "opinion"), decision=decision, channel=channel
        )
    elif what == "finish":
        actions.do_finish_case(case, actor=user, channel=channel)
    elif what == "deliver":
        method = _value(data, "method", "")
        if method not in ("counter", "post"):
            raise ValidationError({"method": _("Choose how the result was delivered.")})
        actions.do_deliver_case(case, actor=user, method=method, channel=channel)
    else:  # the applicant's supplement
        form_data = _value(data, "formData", {}) or {}
        answers = _plain_answers(form_data.get("data") if isinstance(form_data, dict) else None)
        with transaction.atomic():
            _attach_documents(case, user, _value(data, "documentUrls", None), answers, channel)
            if answers:
                actions.do_save_answers(case, answers=answers, actor=user, channel=channel)
            actions.do_supplement_case(case, actor=user, channel=channel)
    case = _cases().get(pk=case.pk)
    return _json(
        {
            "taskId": str(task_id),
            "fileId": str(case.code),
            "serviceId": str(case.item.code),
            "status": status_model(case),
            "variables": {
                "case": {
                    "data": {
                        "status": {"value": case.status},
                        "number": {"value": case.number},
                        "result": {"value": case.result},
                    }
                }
            },
        }
    )


# Statistics --------------------------------------------------------------------------------------

TIMEFRAMES = {"day": TruncDay, "week": TruncWeek, "month": TruncMonth, "year": TruncYear}
COUNTED = {
    EventCode.CASE_APPROVED: "approved",
    EventCode.CASE_DENIED: "rejected",
    EventCode.CASE_NOT_ACCEPTED: "rejected",
    EventCode.CASE_SUPPLEMENT_REQUESTED: "sentBack",
}


def _date_param(request, name):
    raw = request.GET.get(name, "")
    if not raw:
        return None
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        raise GovStackError(
            400, "invalid_input", _("%(name)s must be a date as YYYY-MM-DD.") % {"name": name}
        ) from None


def _period_end(start, timeframe):
    if timeframe == "day":
        return start
    if timeframe == "week":
        return start + datetime.timedelta(days=6)
    if timeframe == "month":
        following = (start.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        return following - datetime.timedelta(days=1)
    return start.replace(month=12, day=31)


def _statistics_get(request):
    """Decisions and supplement requests counted from the event record (processed = all three)."""
    start, end = _date_param(request, "startDate"), _date_param(request, "endDate")
    if start and end and start > end:
        raise GovStackError(400, "invalid_input", _("startDate is after endDate."))
    timeframe = request.GET.get("timeframe", "")
    if timeframe and timeframe not in TIMEFRAMES:
        raise GovStackError(400, "invalid_input", _("timeframe must be day, week, month or year."))
    name, operator, role = (
        request.GET.get(p, "").strip()[:200] for p in ("registrationName", "operator", "role")
    )
    events = Event.objects.filter(code__in=list(COUNTED), object_type="cases.case")
    if start:
        events = events.filter(created_at__date__gte=start)
    if end:
        events = events.filter(created_at__date__lte=end)
    if name:
        matching = Case.objects.filter(version__name__icontains=name)
        if not ServiceItemVersion.objects.filter(name__icontains=name).exists():
            raise GovStackError(404, "registration_not_found", _("No service has this name."))
        events = events.filter(
            object_id__in=matching.annotate(text_pk=Cast("pk", CharField())).values("text_pk")
        )
    if operator:
        events = events.filter(Q(actor__first_name__icontains=operator) | Q(actor__username=operator))
    if role:
        events = events.filter(actor__role_assignments__role=role).distinct()
    references = {
        "startDate": start.isoformat() if start else None,
        "endDate": end.isoformat() if end else None,
        "registrationName": name,
        "operator": operator,
        "role": role,
        **{f"timeframe{t.capitalize()}": timeframe == t for t in TIMEFRAMES},
    }
    if not timeframe:
        counts = {
            row["code"]: row["n"] for row in events.values("code").annotate(n=Count("id", distinct=True))
        }
        return _json([_statistics_row(counts, references)])
    periods = {}
    for row in (
        events.annotate(period=TIMEFRAMES[timeframe]("created_at"))
        .values("period", "code")
        .annotate(n=Count("id", distinct=True))
        .order_by("period")
    ):
        periods.setdefault(row["period"], {})[row["code"]] = row["n"]
    answer = []
    for period, counts in periods.items():
        first = period.date() if isinstance(period, datetime.datetime) else period
        answer.append(
            _statistics_row(
                counts,
                {
                    **references,
                    "startDate": first.isoformat(),
                    "endDate": _period_end(first, timeframe).isoformat(),
                },
            )
        )
    return _json(answer)


def _statistics_row(counts, references):
    totals = {"approved": 0, "sentBack": 0, "rejected": 0}
    for code, number in counts.items():
        totals[COUNTED[code]] += number
    references = {key: value for key, value in references.items() if value not in (None, "")}
    return {"processed": sum(totals.values()), **totals, "references": references}


# The contract itself -------------------------------------------------------------------------------


def _spec_get(name):
    def serve(request):
        return HttpResponse((SPECS / name).read_bytes(), content_type="application/json")

    return serve


services = govstack_view(methods={"GET": _services_get})
service = govstack_view(methods={"GET": _service_get})
service_eforms = govstack_view(methods={"GET": _eforms_get})
eform = govstack_view(methods={"GET": _eform_get})
service_applications = govstack_view(methods={"POST": _applications_post}, token=True, mediator=("POST",))
documents = govstack_view(methods={"POST": _documents_post}, token=True)
applications = govstack_view(methods={"GET": _applications_get}, token=True, mediator=("GET",))
application = govstack_view(
    methods={"GET": _application_get, "PUT": _application_put}, token=True, mediator=("GET", "PUT")
)
tasks = govstack_view(methods={"GET": _tasks_get}, token=True)
task = govstack_view(methods={"GET": _task_get}, token=True)
task_complete = govstack_view(methods={"POST": _task_complete}, token=True)
statistics = govstack_view(methods={"GET": _statistics_get}, mediator=("GET",))
registration_spec = govstack_view(methods={"GET": _spec_get("registration-api.json")})
statistics_spec = govstack_view(methods={"GET": _spec_get("registration-statistics-api.json")})
