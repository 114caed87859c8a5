"""The exchange gateway (G2G) at /gateway/v1/: department systems read shared records.

Every request is signed (`datahub/signing.py`), counted against its system's rate limit, names its
purpose in `X-Yiwang-Purpose` (percent-encoded UTF-8) and is served only under an active grant for
that purpose; every answer holds only the granted items; every call is logged (`GatewayCall`) and
every record about a person or an enterprise returned is recorded as a use of their data
(`datahub.uses.record_use`, one per subject). Bodies are JSON; errors are
`{"error": {"code", "message"}}` with a stable code (docs/sharing.md lists them).

Filters: key items match exactly through the record's key index (all key items together), the
subject item through the subject index, other non-personal items in SQL on the clear values;
personal items that are neither cannot be filtered on.
"""

import csv
import functools
import io
import json
import re
import time
from urllib.parse import unquote

from django.core.cache import cache
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.db import transaction
from django.http import JsonResponse, StreamingHttpResponse
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from yiwang.core.cleantext import INVALID_TEXT, TextRefused, clean_json
from yiwang.core.pii import sm3_hex
from yiwang.core.ratelimit import wait_seconds
from yiwang.datahub import keys, sharing, signing
from yiwang.datahub.models import DataUse, GatewayCall, Grant, Record, Resource
from yiwang.datahub.uses import record_use

MAX_PAGE_SIZE = 500
DEFAULT_PAGE_SIZE = 50
EXPORT_CHUNK = 1000
MAX_FILTER_LENGTH = 200
MAX_FILTER_NUMBER = 10**15
MAX_BODY_TEXT = 100_000


class GatewayError(Exception):
    def __init__(self, status, code, message, headers=None):
        super().__init__(str(message))
        self.status, self.code, self.message, self.headers = status, code, str(message), headers or {}


def error_response(status, code, message, headers=None):
    response = JsonResponse(
        {"error": {"code": code, "message": str(message)}},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


# Who is calling ------------------------------------------------------------------------------


def check_rate(consumer):
    """Count the call in the system's window of one minute; 429 with Retry-After past its limit."""
    retry = wait_seconds(f"gateway:{consumer.pk}", consumer.rate_limit)
    if retry:
        raise GatewayError(
            429,
            "rate_limited",
            _("Too many requests: this system may make %(limit)s a minute. Try again in %(seconds)s seconds.")
            % {"limit": consumer.rate_limit, "seconds": retry},
            {"Retry-After": str(retry)},
        )


def check_client_header(request, consumer, *, header="Information-Mediator-Client", required=False):
    """The X-Road style client header, when sent (or required), must name the signing system."""
    value = request.headers.get(header, "")
    if not value and header == "X-GovStack-Client":  # the directory spec's name; the data specs' other name
        value = request.headers.get("Information-Mediator-Client", "")
    if not value:
        if required:
            raise GatewayError(
                400,
                "client_header_missing",
                _("The %(header)s header is required (INSTANCE/CLASS/MEMBER/SUBSYSTEM).")
                % {"header": header},
            )
        return
    if value.strip() != consumer.identifier:
        raise GatewayError(
            403,
            "client_mismatch",
            _("The %(header)s header names another system than the key that signed the request.")
            % {"header": header},
        )


def purpose_of(request):
    raw = request.headers.get("X-Yiwang-Purpose", "").strip()
    if not raw:
        raise GatewayError(
            400,
            "purpose_missing",
            _("State the purpose of the call in the X-Yiwang-Purpose header (percent-encoded UTF-8)."),
        )
    try:
        purpose = unquote(raw, errors="strict").strip()
    except UnicodeDecodeError:
        raise GatewayError(
            400, "purpose_invalid", _("X-Yiwang-Purpose must be percent-encoded UTF-8.")
        ) from None
    if not purpose or len(purpose) > 200 or "\x00" in purpose:
        raise GatewayError(400, "purpose_invalid", _("X-Yiwang-Purpose must be 1 to 200 characters."))
    return purpose


def granted(consumer, resource_code, purpose):
    """The resource and the active grant of `consumer` on it for `purpose`, or GatewayError.
    One query when the call is allowed; the reasons of a refusal cost a few more."""
    grant = (
        Grant.objects.active()
        .filter(
            consumer=consumer, resource__code=resource_code[:40], resource__is_active=True, purpose=purpose
        )
        .select_related("resource")
        .order_by("-created_at")
        .first()
    )
    if grant is not None:
        return grant.resource, grant
    resource = Resource.objects.filter(code=resource_code[:40], is_active=True).first()
    if resource is None:
        raise GatewayError(404, "resource_not_found", _("There is no resource with this code."))
    if not Grant.objects.active().filter(consumer=consumer, resource=resource).exists():
        raise GatewayError(403, "no_grant", _("This system has no active grant on this resource."))
    raise GatewayError(
        403,
        "purpose_mismatch",
        _("The stated purpose is not the purpose this system's grant on the resource was given for."),
    )


ITEMS_SECONDS = 60


def items_of(resource):
    """The resource's data items with their elements, kept a minute in the cache (a changed resource
    has a new `updated_at`, hence a new cache key), so that a lookup reads no catalogue table."""
    name = f"datahub:items:{resource.pk}:{resource.updated_at.timestamp()}"
    items = cache.get(name)
    if items is None:
        items = list(resource.items.select_related("element"))
        cache.set(name, items, ITEMS_SECONDS)
    return items


# Records -------------------------------------------------------------------------------------


class GrantedResource:
    """A resource as a grant shows it: its items, which are granted, how records read."""

    def __init__(self, resource, grant):
        self.resource, self.grant = resource, grant
        self.items = items_of(resource)
        self.by_key = {item.key: item for item in self.items}
        self.key_items = [item.key for item in self.items if item.is_key]
        self.fields = [item.key for item in self.items if item.key in set(grant.fields)]
        self.has_personal = any(item.is_personal for item in self.items if item.key in set(self.fields))

    def values(self, record):
        """The granted values of a record (personal ones opened only when granted)."""
        out = {key: record.values[key] for key in self.fields if key in record.values}
        if self.has_personal and record.sealed:
            try:
                sealed = json.loads(record.sealed)
            except ValueError:
                sealed = {}
            out.update({key: sealed[key] for key in self.fields if key in sealed})
        return {key: out.get(key) for key in self.fields}

    def records(self, filters):
        """Records matching `filters` (item key -> value), or GatewayError for a filter not allowed."""
        if not isinstance(filters, dict):
            raise GatewayError(400, "filters_invalid", _("filters must be an object of item → value."))
        qs = Record.objects.filter(resource=self.resource, is_deleted=False)
        remaining = dict(filters)
        for key, value in remaining.items():
            if key not in self.by_key:
                raise GatewayError(
                    400, "unknown_item", _("The resource has no data item %(item)s.") % {"item": key}
                )
            if not _plain_value(value):
                raise GatewayError(
                    400,
                    "filter_value_invalid",
                    _("The value for %(item)s must be a text, number or yes/no of at most 200 characters.")
                    % {"item": key},
                )
        if self.key_items and all(key in remaining for key in self.key_items):
            qs = qs.filter(
                key_index=keys.key_index_of(
                    self.resource.code, [remaining.pop(key) for key in self.key_items]
                )
            )
        for key in list(remaining):
            item = self.by_key[key]
            if item.is_subject and self.resource.subject_kind:
                index = (
                    keys.person_index
                    if self.resource.subject_kind == Resource.PERSON
                    else keys.enterprise_index
                )(str(remaining.pop(key)))
                qs = qs.filter(subject_index=index)
            elif item.is_personal or item.is_key:
                raise GatewayError(
                    400,
                    "filter_not_allowed",
                    _(
                        "%(item)s can be matched only together with the "
                        "other key items, or not at all: it is personal."
                    )
                    % {"item": key},
                )
            elif key not in self.fields:
                raise GatewayError(
                    403, "filter_not_granted", _("%(item)s is not granted to this system.") % {"item": key}
                )
            else:
                qs = qs.filter(**{f"values__{key}": remaining.pop(key)})
        return qs.order_by("id")

    def key_of(self, body):
        """The key values of a lookup body `{"key": {item: value}}`, in key-item order."""
        key = body.get("key") if isinstance(body, dict) else None
        if not isinstance(key, dict) or not self.key_items:
            raise GatewayError(400, "key_missing", _('Send the record\'s key as {"key": {item: value}}.'))
        missing = [item for item in self.key_items if item not in key]
        if missing or set(key) - set(self.key_items):
            raise GatewayError(
                400,
                "key_invalid",
                _("The key of this resource is made of exactly these items: %(items)s.")
                % {"items": ", ".join(self.key_items)},
            )
        values = [key[item] for item in self.key_items]
        if not all(
            isinstance(v, (str, int))
            and not isinstance(v, bool)
            and len(str(v)) <= MAX_FILTER_LENGTH
            and "\x00" not in str(v)
            for v in values
        ):
            raise GatewayError(400, "key_invalid", _("Key values are texts of at most 200 characters."))
        return values


def _plain_value(value):
    """A filter value a database can compare: short text without NUL, a modest number, yes / no."""
    if isinstance(value, str):
        return len(value) <= MAX_FILTER_LENGTH and "\x00" not in value
    if isinstance(value, (int, float)):
        return abs(value) <= MAX_FILTER_NUMBER
    return False


def record_uses(view, records, kind, *, consumer, purpose, path):
    """One use of personal or enterprise data per subject among `records`."""
    seen = set()
    for record in records:
        if record.subject_index and record.subject_index not in seen:
            seen.add(record.subject_index)
            record_use(
                kind,
                subject_index=record.subject_index,
                purpose=purpose,
                resource=view.resource,
                department=consumer.department,
                consumer=consumer.identifier,
                grant=view.grant,
                detail={"fields": view.fields, "path": path},
            )


# The view wrapper ----------------------------------------------------------------------------


def _no_constant(name):
    raise ValueError(f"{name} is not a JSON number")  # NaN and Infinity: no database compares them


def read_body(request):
    try:
        raw = request.body
    except (RequestDataTooBig, SuspiciousOperation):
        raise GatewayError(413, "body_too_large", _("The request body is too large.")) from None
    if not raw:
        return {}
    try:
        body = json.loads(raw, parse_constant=_no_constant)
    except (ValueError, UnicodeDecodeError):
        raise GatewayError(400, "body_invalid", _("The body is not valid JSON.")) from None
    if not isinstance(body, dict):
        raise GatewayError(400, "body_invalid", _("The body must be a JSON object."))
    try:
        return clean_json(body, max_length=MAX_BODY_TEXT)
    except TextRefused as error:  # NUL, a control character, a lone surrogate such as "\ud800"
        raise GatewayError(400, INVALID_TEXT, error.messages[0]) from None


IDENTIFYING_PARTS = frozenset({"key", "record_id"})  # URL parts that name a person or a record
_ROUTE_PART = re.compile(r"<(?:[^<>:]+:)?([^<>]+)>")


def logged_path(request):
    """The request's path as the call log keeps it: a URL part that names a person or record (the
    GovStack registries' `.../{key}/readValue/...`, `.../{record_id}/delete`) is written as `{key}` or
    `{record_id}`; the registry, version, resource and field stay, for staff to read."""
    return _path_without_identifiers(request.path, request.resolver_match)


def path_for_log(path):
    """`logged_path` for a path alone, resolved against the URLconf: what the call log keeps for it.

    Rewrites the call-log rows written before `logged_path` existed (migration 0005), which kept the
    GovStack key, a citizen ID, in clear. A path that resolves to no view is returned as it is."""
    try:
        match = resolve(path)
    except Resolver404:
        return path
    return _path_without_identifiers(path, match)


def _path_without_identifiers(path, match):
    if match is None or not IDENTIFYING_PARTS & set(match.kwargs):
        return path

    def part(found):
        name = found.group(1)
        return "{" + name + "}" if name in IDENTIFYING_PARTS else str(match.kwargs.get(name, ""))

    return "/" + _ROUTE_PART.sub(part, match.route)


class Call:
    """What one gateway request has established so far, for its log row."""

    def __init__(self, request, operation):
        self.request, self.operation = request, operation
        self.started = time.perf_counter()
        self.consumer = self.resource = self.grant = None
        self.purpose, self.rows = "", 0
        self.body_too_large = False
        try:
            body = request.body
        except (RequestDataTooBig, SuspiciousOperation):  # over DATA_UPLOAD_MAX_MEMORY_SIZE
            body, self.body_too_large = b"", True
        self.hash = sm3_hex(f"{request.method}\n{request.path}\n".encode("utf-8", "replace") + body)

    def elapsed_ms(self):
        return (time.perf_counter() - self.started) * 1000

    def log(self, status, error=""):
        return sharing.log_gateway_call(
            consumer=self.consumer,
            resource=self.resource,
            grant=self.grant,
            operation=self.operation,
            path=logged_path(self.request),
            purpose=self.purpose,
            request_hash=self.hash,
            rows=self.rows,
            status=status,
            error=error,
            duration_ms=self.elapsed_ms(),
        )


def gateway_view(
    operation,
    methods,
    *,
    shape=error_response,
    client_header="Information-Mediator-Client",
    client_required=False,
):
    """A gateway endpoint: method check, signature, rate limit, client header, then `handler(request,
    call, **kwargs)`; every outcome logged and every refusal in the error shape (`shape(status,
    code, message, headers)`: the gateway's own, or a GovStack spec's)."""

    def decorate(handler):
        @csrf_exempt  # signed requests; no cookie is read
        @functools.wraps(handler)
        def view(request, *args, **kwargs):
            call = Call(request, operation)
            try:
                if request.method not in methods:
                    raise GatewayError(
                        405,
                        "method_not_allowed",
                        _("The method %(method)s is not allowed here.") % {"method": request.method},
                        {"Allow": ", ".join(methods)},
                    )
                if call.body_too_large:  # refused before the signature, which would need the body
                    raise GatewayError(413, "body_too_large", _("The request body is too large."))
                try:
                    key = signing.verify_request(request)
                except signing.SignatureError as error:
                    raise GatewayError(error.status, error.code, error.message) from None
                call.consumer = key.consumer
                check_rate(key.consumer)
                check_client_header(request, key.consumer, header=client_header, required=client_required)
                response = handler(request, call, *args, **kwargs)
            except GatewayError as error:
                call.log(error.status, error.code)
                return shape(error.status, error.code, error.message, error.headers)
            if not isinstance(response, StreamingHttpResponse):
                call.log(response.status_code)
            return response

        return view

    return decorate


def _json(data, status=200):
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def resource_view(request, call, code):
    call.purpose = purpose_of(request)
    call.resource, call.grant = granted(call.consumer, code, call.purpose)
    return GrantedResource(call.resource, call.grant)


def _page(body):
    page, size = body.get("page", 1), body.get("page_size", DEFAULT_PAGE_SIZE)
    if not isinstance(page, int) or isinstance(page, bool) or not 1 <= page <= 1_000_000:
        raise GatewayError(400, "page_invalid", _("page must be a whole number from 1."))
    if not isinstance(size, int) or isinstance(size, bool) or not 1 <= size <= MAX_PAGE_SIZE:
        raise GatewayError(
            400,
            "page_size_invalid",
            _("page_size must be a whole number from 1 to %(max)s.") % {"max": MAX_PAGE_SIZE},
        )
    return page, size


# Endpoints -----------------------------------------------------------------------------------


@gateway_view(GatewayCall.LIST, ("GET",))
def resources(request, call):
    """The resources this system holds active grants on, with the granted items and purposes."""
    grants = (
        Grant.objects.active()
        .filter(consumer=call.consumer)
        .select_related("resource")
        .order_by("resource__code", "created_at")
    )
    data = [
        {
            "code": g.resource.code,
            "name": g.resource.name,
            "fields": g.fields,
            "purpose": g.purpose,
            "grant": str(g.code),
            "valid_until": g.valid_until.isoformat() if g.valid_until else None,
        }
        for g in grants
    ]
    call.rows = len(data)
    return _json({"results": data})


@gateway_view(GatewayCall.LOOKUP, ("POST",))
def lookup(request, call, code):
    """One record by its key: `{"key": {item: value}}` → `{"resource", "record"}`."""
    body = read_body(request)
    view = resource_view(request, call, code)
    values = view.key_of(body)
    record = Record.objects.filter(
        resource=view.resource, is_deleted=False, key_index=keys.key_index_of(view.resource.code, values)
    ).first()
    if record is None:
        raise GatewayError(404, "record_not_found", _("No record has this key."))
    with transaction.atomic():
        record_uses(
            view,
            [record],
            DataUse.GATEWAY_LOOKUP,
            consumer=call.consumer,
            purpose=call.purpose,
            path=request.path,
        )
    call.rows = 1
    return _json({"resource": view.resource.code, "record": view.values(record)})


@gateway_view(GatewayCall.QUERY, ("POST",))
def query(request, call, code):
    """Records by filter, a page at a time: `{"filters", "page", "page_size"}`."""
    body = read_body(request)
    view = resource_view(request, call, code)
    page, size = _page(body)
    qs = view.records(body.get("filters", {}))
    count = qs.count()
    rows = list(qs[(page - 1) * size : page * size])
    with transaction.atomic():
        record_uses(
            view, rows, DataUse.GATEWAY_QUERY, consumer=call.consumer, purpose=call.purpose, path=request.path
        )
    call.rows = len(rows)
    return _json(
        {
            "resource": view.resource.code,
            "count": count,
            "page": page,
            "page_size": size,
            "next_page": page + 1 if page * size < count else None,
            "results": [view.values(record) for record in rows],
        }
    )


@gateway_view(GatewayCall.EXPORT, ("POST",))
def export(request, call, code):
    """Every matching record, streamed as JSON Lines or CSV in chunks (memory stays flat):
    `{"format": "jsonl" | "csv", "filters": {...}}`."""
    body = read_body(request)
    view = resource_view(request, call, code)
    fmt = body.get("format", "jsonl")
    if fmt not in ("jsonl", "csv"):
        raise GatewayError(400, "format_invalid", _("format must be jsonl or csv."))
    qs = view.records(body.get("filters", {}))
    log_row = call.log(200)

    def chunks():
        sent = 0
        try:
            if fmt == "csv":
                yield _csv_line(view.fields)
            batch = []
            for record in qs.iterator(chunk_size=EXPORT_CHUNK):
                batch.append(record)
                if len(batch) == EXPORT_CHUNK:
                    yield _emit(view, batch, fmt, call, request.path)
                    sent += len(batch)
                    batch = []
            if batch:
                yield _emit(view, batch, fmt, call, request.path)
                sent += len(batch)
        finally:
            sharing.finish_gateway_call(log_row, rows=sent, duration_ms=call.elapsed_ms())

    content_type = "text/csv; charset=utf-8" if fmt == "csv" else "application/x-ndjson; charset=utf-8"
    response = StreamingHttpResponse(chunks(), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{view.resource.code}.{fmt}"'
    return response


def _emit(view, batch, fmt, call, path):
    with transaction.atomic():
        record_uses(
            view, batch, DataUse.GATEWAY_EXPORT, consumer=call.consumer, purpose=call.purpose, path=path
        )
    if fmt == "csv":
        return "".join(_csv_line([_cell(view.values(r).get(k)) for k in view.fields]) for r in batch)
    return "".join(json.dumps(view.values(r), ensure_ascii=False) + "\n" for r in batch)


def _cell(value):
    return "" if value is None else value


def _csv_line(cells):
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(cells)
    return out.getvalue()


def openapi(request):
    """The gateway's OpenAPI 3.0 description (public: it holds no data)."""
    from yiwang.datahub.gateway_openapi import document

    return _json(document())
