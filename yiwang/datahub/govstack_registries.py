"""The GovStack Digital Registries building block at /govstack/registries/, over the same resources,
records and grants as the exchange gateway (docs/sharing.md).

The contract is the building block's own files, copied in `datahub/specs/` (the YAML as published,
a JSON rendering beside it): `digital-registries-Data_API_template-1.3.0` (registry data: list,
read, exists, readValue, myPersonalDataUsage and the writes) and
`digital-registries-Database_API_template-1.3.0` (registry schemas: /databases, /database/{id}).
Concepts map so:

- a registry is a resource: `registryName` is the resource code, `versionNumber` is `1.0`, a
  record's fields are the resource's granted data items (keys as in the gateway);
- `query.<field>=value` (list) and `query.content` (read, exists) are exact filters with the
  gateway's rules; `search` is a case-insensitive substring match (no regular expressions) on the
  item named by `filter`, or on every non-personal granted item; `ordering` is `ascending` or
  `descending` (by the order records were written); `next` / `previous` are left out when there is
  no such page;
- `{uuid}` of readValue is the record's key (its key items' values joined by `,`), `{ext}` is `json`;
- a database is a resource: `id` is its number, the schema its data items.

Authentication is the gateway's signature (`Authorization: YW-HMAC-SM3 ...`, the spec's apiKey
header) and the spec's required `Information-Mediator-Client` header must name the signing system.
The purpose is the grant's: `X-Yiwang-Purpose` may name it, and must when the system holds grants on
the resource for several purposes. Registries are read-only through the exchange: create, update,
updateEntries, updateOrCreate, delete, /database/modify and database delete answer 403. Every
refusal is `{"detail": "<message>"}`, the one error shape the spec writes (its 404 of read).
"""

from urllib.parse import urlencode

from django.db.models import Q
from django.http import JsonResponse
from django.utils.translation import gettext as _

from yiwang.core.identifiers import IdentifierError, parse_citizen_id
from yiwang.datahub import keys
from yiwang.datahub.gateway import (
    GatewayError,
    GrantedResource,
    gateway_view,
    granted,
    purpose_of,
    read_body,
    record_uses,
)
from yiwang.datahub.models import DataUse, GatewayCall, Grant, Record, Resource

VERSION = "1.0"
MAX_PAGE_SIZE = 500
DEFAULT_PAGE_SIZE = 10


def detail_response(status, code, message, headers=None):
    response = JsonResponse(
        {"detail": str(message)}, status=status, json_dumps_params={"ensure_ascii": False}
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def registry_view(operation, methods):
    return gateway_view(operation, methods, shape=detail_response, client_required=True)


def _json(data, status=200):
    return JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def _registry(request, call, registry, version):
    """The registry's view under the caller's grant (the stated purpose's, or the only one)."""
    if version != VERSION:
        raise GatewayError(
            404, "version_not_found", _("This registry has only version %(version)s.") % {"version": VERSION}
        )
    if request.headers.get("X-Yiwang-Purpose", "").strip():
        call.purpose = purpose_of(request)
        call.resource, call.grant = granted(call.consumer, registry, call.purpose)
    else:
        resource = Resource.objects.filter(code=registry[:40], is_active=True).first()
        if resource is None:
            raise GatewayError(404, "resource_not_found", _("There is no registry with this name."))
        grants = list(Grant.objects.active().filter(consumer=call.consumer, resource=resource))
        if not grants:
            raise GatewayError(403, "no_grant", _("This system has no active grant on this registry."))
        if len({grant.purpose for grant in grants}) > 1:
            raise GatewayError(
                400,
                "purpose_missing",
                _("This system holds grants for several purposes: name one in the X-Yiwang-Purpose header."),
            )
        call.resource, call.grant, call.purpose = resource, grants[0], grants[0].purpose
    return GrantedResource(call.resource, call.grant)


def _int(request, name, default, high):
    raw = request.GET.get(name, "")
    if raw == "":
        return default
    if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= high:
        raise GatewayError(
            400,
            "invalid_parameter",
            _("%(name)s must be a whole number from 1 to %(high)s.") % {"name": name, "high": high},
        )
    return int(raw)


def _content(body, part="query"):
    wrapper = body.get(part)
    content = wrapper.get("content") if isinstance(wrapper, dict) else None
    if not isinstance(content, dict):
        raise GatewayError(
            400, "content_missing", _('Send the filter as {"%(part)s": {"content": {...}}}.') % {"part": part}
        )
    return content


# Registry data -------------------------------------------------------------------------------


@registry_view(GatewayCall.QUERY, ("GET",))
def data_list(request, call, registry, version):
    view = _registry(request, call, registry, version)
    page = _int(request, "page", 1, 1_000_000)
    size = _int(request, "pageSize", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
    filters = {
        name[len("query.") :]: value for name, value in request.GET.items() if name.startswith("query.")
    }
    records = view.records(filters)
    search, field = request.GET.get("search", "")[:200], request.GET.get("filter", "")
    if "\x00" in search or "\x00" in field:
        raise GatewayError(
            400, "invalid_parameter", _("A parameter contains a character that is not allowed.")
        )
    if field and field not in view.by_key:
        raise GatewayError(400, "unknown_item", _("The registry has no field %(item)s.") % {"item": field})
    if search:
        searchable = [field] if field else [k for k in view.fields if not view.by_key[k].is_personal]
        if any(view.by_key[k].is_personal or k not in view.fields for k in searchable) or not searchable:
            raise GatewayError(
                400, "filter_not_allowed", _("Search works only on granted items that are not personal.")
            )
        condition = Q()
        for key in searchable:
            condition |= Q(**{f"values__{key}__icontains": search})
        records = records.filter(condition)
    ordering = request.GET.get("ordering", "ascending")
    if ordering not in ("ascending", "descending"):
        raise GatewayError(400, "invalid_parameter", _("ordering must be ascending or descending."))
    if ordering == "descending":
        records = records.order_by("-id")
    count = records.count()
    rows = list(records[(page - 1) * size : page * size])
    record_uses(
        view, rows, DataUse.GATEWAY_QUERY, consumer=call.consumer, purpose=call.purpose, path=request.path
    )
    call.rows = len(rows)
    data = {"count": count, "results": [view.values(record) for record in rows]}
    if page * size < count:
        data["next"] = _page_uri(request, page + 1)
    if page > 1:
        data["previous"] = _page_uri(request, page - 1)
    return _json(data)


def _page_uri(request, page):
    params = request.GET.copy()
    params["page"] = str(page)
    return request.build_absolute_uri(request.path + "?" + urlencode(list(params.lists()), doseq=True))


def _first(view, content):
    return view.records(content).first()


@registry_view(GatewayCall.LOOKUP, ("POST",))
def data_read(request, call, registry, version):
    body = read_body(request)
    view = _registry(request, call, registry, version)
    record = _first(view, _content(body))
    if record is None:
        raise GatewayError(404, "record_not_found", "no record found")
    record_uses(
        view,
        [record],
        DataUse.GATEWAY_LOOKUP,
        consumer=call.consumer,
        purpose=call.purpose,
        path=request.path,
    )
    call.rows = 1
    return _json({"content": view.values(record)})


@registry_view(GatewayCall.LOOKUP, ("POST",))
def data_exists(request, call, registry, version):
    body = read_body(request)
    view = _registry(request, call, registry, version)
    record = _first(view, _content(body))
    if record is not None:
        record_uses(
            view,
            [record],
            DataUse.GATEWAY_LOOKUP,
            consumer=call.consumer,
            purpose=call.purpose,
            path=request.path,
        )
        call.rows = 1
    message = _("Object found in the registry.") if record else _("No object matches in the registry.")
    return _json({"answer": {"status": record is not None, "message": message}})


@registry_view(GatewayCall.LOOKUP, ("GET",))
def data_read_value(request, call, registry, version, key, field, ext):
    view = _registry(request, call, registry, version)
    if ext != "json":
        raise GatewayError(400, "format_invalid", _("Only the json format is served."))
    if field not in view.fields:
        raise GatewayError(
            403, "filter_not_granted", _("%(item)s is not granted to this system.") % {"item": field}
        )
    values = key.split(",")  # the path is already percent-decoded
    if len(values) != len(view.key_items) or any(len(v) > 200 or "\x00" in v for v in values):
        raise GatewayError(
            400,
            "key_invalid",
            _("The key of this registry is made of these items, joined by commas: %(items)s.")
            % {"items": ", ".join(view.key_items)},
        )
    record = Record.objects.filter(
        resource=view.resource, is_deleted=False, key_index=keys.key_index_of(view.resource.code, values)
    ).first()
    if record is None:
        raise GatewayError(404, "record_not_found", "no record found")
    record_uses(
        view,
        [record],
        DataUse.GATEWAY_LOOKUP,
        consumer=call.consumer,
        purpose=call.purpose,
        path=request.path,
    )
    call.rows = 1
    return _json({"value": view.values(record)[field]})


def _read_only(operation, methods):
    @registry_view(operation, methods)
    def refuse(request, call, **kwargs):
        raise GatewayError(
            403,
            "read_only",
            _("Registries are read-only through the exchange: their provider writes them by ingest."),
        )

    return refuse


data_create = _read_only(GatewayCall.QUERY, ("POST",))
data_update = _read_only(GatewayCall.QUERY, ("PUT",))
data_update_entries = _read_only(GatewayCall.QUERY, ("PUT",))
data_update_or_create = _read_only(GatewayCall.QUERY, ("POST",))
data_delete = _read_only(GatewayCall.QUERY, ("DELETE",))
database_modify = _read_only(GatewayCall.DIRECTORY, ("POST",))


@registry_view(GatewayCall.QUERY, ("GET",))
def personal_data_usage(request, call):
    """Who read a person's data in a registry: the uses recorded by the gateway (and every other
    reader of the hub), for a system that holds a grant on that registry."""
    user_id, database = request.GET.get("userId", ""), request.GET.get("databaseId", "")
    try:
        parse_citizen_id(user_id)
        valid = bool(database)
    except IdentifierError:
        valid = False
    if not valid:
        raise GatewayError(
            400,
            "invalid_parameter",
            _("Invalid ID supplied: userId must be a citizen ID number and databaseId a registry name."),
        )
    resource = Resource.objects.filter(code=database[:40]).first()
    if (
        resource is None
        or not Grant.objects.active().filter(consumer=call.consumer, resource=resource).exists()
    ):
        raise GatewayError(403, "no_grant", _("This system has no active grant on this registry."))
    call.resource = resource
    uses = list(
        DataUse.objects.filter(subject_index=keys.person_index(user_id), resource=resource).select_related(
            "department"
        )[:500]
    )
    if not uses:
        raise GatewayError(404, "not_found", _("No use of this person's data is recorded in this registry."))
    call.rows = len(uses)
    return _json(
        [
            {
                "id": str(use.pk),
                "readerId": use.consumer,
                "readerInstitutionId": use.department.credit_code or use.department.code
                if use.department
                else "",
                "readerInstitutionName": use.department.name if use.department else "",
                "readerApplicationName": use.consumer,
                "searchDateTime": use.created_at.isoformat().replace("+00:00", "Z"),
                "refrences": [{"ReferenceID": use.kind}],
            }
            for use in uses
        ]
    )


# Registry schemas (the Database API) -------------------------------------------------------------

TYPES = {"integer": "integer", "decimal": "number", "boolean": "boolean"}


def database_info(resource):
    items = list(resource.items.select_related("element"))
    return {
        "id": resource.pk,
        "version": VERSION,
        "name": resource.code,
        "description": resource.name,
        "institution": resource.provider.name,
        "numberFormat": "{code}",
        "schema": {
            "type": "object",
            "required": [i.key for i in items if i.required],
            "properties": {
                i.key: {
                    "type": TYPES.get(i.element.data_type, "string"),
                    "description": i.name,
                    "primaryKey": i.is_key,
                    "readOnly": True,
                }
                for i in items
            },
        },
        "isDraft": False,
        "isDisabled": not resource.is_active,
        "isArchived": False,
        "modifiedAt": resource.updated_at.isoformat().replace("+00:00", "Z"),
        "genericServices": [
            {"serviceId": n, "name": name, "isVisible": True}
            for n, name in enumerate(("data-list", "data-read", "data-exists", "data-read-value"), 1)
        ],
    }


@registry_view(GatewayCall.DIRECTORY, ("GET",))
def databases(request, call):
    """The catalogue as one group of databases: every active resource (the catalogue is known to every
    department; records stay behind grants)."""
    from django.conf import settings

    resources = list(Resource.objects.filter(is_active=True).select_related("provider"))
    call.rows = len(resources)
    return _json(
        {
            "id": 1,
            "name": settings.YIWANG_DISTRICT_NAME + "政务信息资源目录",
            "code": "YIWANG",
            "databases": [database_info(resource) for resource in resources],
        }
    )


@registry_view(GatewayCall.DIRECTORY, ("GET", "DELETE"))
def database(request, call, database_id):
    if request.method == "DELETE":
        raise GatewayError(
            403,
            "read_only",
            _("Registries are read-only through the exchange: their provider writes them by ingest."),
        )
    resource = Resource.objects.filter(pk=database_id, is_active=True).select_related("provider").first()
    if resource is None:
        raise GatewayError(404, "resource_not_found", _("There is no registry with this id."))
    call.resource, call.rows = resource, 1
    return _json(database_info(resource))
