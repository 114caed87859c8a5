"""Open311 GeoReport v2 at /open311/v2/ (https://wiki.open311.org/GeoReport_v2), XML and JSON.

Services are the ticket categories (service_code = `Category.code`), each with one optional
attribute, the kind of request. Creating a request needs an `api_key` (`yiwang hotline open311-key`);
reading is public. What is public: the problem, its place and its handling, never who reported it;
tickets whose reporter asked for confidentiality (举报人保密) are not listed at all. The description and
the notes pass `core/redaction.py` (ID, phone, e-mail, plate, flat, bank card and names become
placeholders), the address is only its road or street, and the point is rounded to about 100 m.
"""

import datetime
import xml.etree.ElementTree as ET
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from yiwang.core.channels import Channel
from yiwang.core.cleantext import storable
from yiwang.core.redaction import public_address, redact_text
from yiwang.hotline.actions import client_for_key, do_create_ticket
from yiwang.hotline.models import Category, Ticket

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
FORMATS = {"xml": "text/xml", "json": "application/json"}
KIND_ATTRIBUTE = "kind"
DEFAULT_DAYS = 90
MAX_REQUESTS = 1000
PUBLIC_COORDINATE_PLACES = 3  # 0.001° is about 100 m: the block, not the door


def _respond(fmt, root, data, status=200):
    """One answer in the format asked: `root` names the XML element that wraps `data`."""
    if fmt == "json":
        return JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})
    element = _element(root, data)
    body = b'<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(
        element, encoding="utf-8", xml_declaration=False
    )
    return HttpResponse(body, status=status, content_type="text/xml; charset=utf-8")


# XML element names of list items, by the name of the list.
ITEM_NAMES = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "endpoints": "endpoint",
    "formats": "format",
    "attributes": "attribute",
    "values": "value",
}


def _element(name, value):
    element = ET.Element(name)
    if isinstance(value, dict):
        for key, item in value.items():
            element.append(_element(key, item))
    elif isinstance(value, list):
        for item in value:
            element.append(_element(ITEM_NAMES.get(name, "item"), item))
    elif value is None:
        pass
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    else:
        element.text = str(value)
    return element


def _error(fmt, status, description):
    return _respond(fmt, "errors", [{"code": status, "description": str(description)}], status=status)


def _format(fmt):
    if fmt not in FORMATS:
        raise Http404
    return fmt


def _w3c(moment):
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


@require_GET
def discovery(request, fmt):
    fmt = _format(fmt)
    base = request.build_absolute_uri("/open311/v2/").rstrip("/")
    changed = Category.objects.order_by("-updated_at").values_list("updated_at", flat=True).first()
    data = {
        "changeset": _w3c(changed or timezone.now()),
        "contact": _("Call 12345 or write at /hotline/."),
        "key_service": _("Ask the district's 12345 centre for an api_key."),
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": base,
                "changeset": _w3c(changed or timezone.now()),
                "type": "production",
                "formats": list(FORMATS.values()),
            }
        ],
    }
    return _respond(fmt, "discovery", data)


def _service(category):
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.description,
        "metadata": True,
        "type": "realtime",
        "keywords": category.keywords,
        "group": category.department.name if category.department else "",
    }


@require_GET
def services(request, fmt):
    fmt = _format(fmt)
    rows = Category.objects.filter(is_active=True).select_related("department")
    return _respond(fmt, "services", [_service(c) for c in rows])


@require_GET
def service_definition(request, code, fmt):
    fmt = _format(fmt)
    category = Category.objects.filter(code=code[:40], is_active=True).first()
    if category is None:
        return _error(fmt, 404, _("No service has this service_code."))
    values = [{"key": key, "name": str(name)} for key, name in Ticket.KIND_CHOICES]
    data = {
        "service_code": category.code,
        "attributes": [
            {
                "variable": True,
                "code": KIND_ATTRIBUTE,
                "datatype": "singlevaluelist",
                "required": False,
                "datatype_description": _("The kind of request; a report (举报) when not given."),
                "order": 1,
                "description": _("Kind of request"),
                "values": values,
            }
        ],
    }
    return _respond(fmt, "service_definition", data)


def _request(ticket, category_by_name):
    category = ticket.category or category_by_name.get(ticket.suggestions[0][0] if ticket.suggestions else "")
    closed = ticket.status in (Ticket.CLOSED, Ticket.MERGED)
    notes = ticket.answer if ticket.answer else ""
    if ticket.status == Ticket.MERGED and ticket.master_id:
        notes = _("Duplicate of request %(number)s.") % {"number": ticket.master.number}
    clock = ticket.handling_clock if ticket.handling_clock_id else ticket.dispatch_clock
    return {
        "service_request_id": ticket.number,
        "status": "closed" if closed else "open",
        "status_notes": redact_text(notes),
        "service_name": category.name if category else "",
        "service_code": category.code if category else "",
        "description": redact_text(ticket.text),
        "agency_responsible": ticket.department.name if ticket.department else "",
        "service_notice": "",
        "requested_datetime": _w3c(ticket.created_at),
        "updated_datetime": _w3c(ticket.updated_at),
        "expected_datetime": _w3c(clock.due_at) if clock is not None and not closed else None,
        "address": public_address(ticket.address),
        "address_id": "",
        "zipcode": "",
        "lat": _public_coordinate(ticket.latitude),
        "long": _public_coordinate(ticket.longitude),
        "media_url": "",
    }


def _public_coordinate(value):
    return (
        str(Decimal(value).quantize(Decimal(1).scaleb(-PUBLIC_COORDINATE_PLACES)))
        if value is not None
        else ""
    )


def _public_requests():
    return Ticket.objects.filter(confidential=False).select_related(
        "category", "department", "master", "handling_clock", "dispatch_clock"
    )


def _holds_nul(params):
    return not all(
        storable(key) and all(storable(value) for value in values) for key, values in params.lists()
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
def requests(request, fmt):
    fmt = _format(fmt)
    if _holds_nul(request.GET) or (request.method == "POST" and _holds_nul(request.POST)):
        # No Open311 value holds a NUL byte (and PostgreSQL refuses it in text): say so, do not fail.
        return _error(fmt, 400, _("A value contains a character that is not allowed."))
    if request.method == "POST":
        return _create(request, fmt)
    params = request.GET
    rows = _public_requests()
    categories = {c.name: c for c in Category.objects.all()}
    if params.get("service_request_id"):
        ids = [i.strip() for i in params["service_request_id"].split(",") if i.strip()][:MAX_REQUESTS]
        rows = rows.filter(number__in=ids)
    else:
        try:
            end = _parse_date(params.get("end_date")) or timezone.now()
            start = _parse_date(params.get("start_date")) or end - datetime.timedelta(days=DEFAULT_DAYS)
        except ValueError:
            return _error(
                fmt,
                400,
                _("start_date and end_date must be W3C date-times such as 2026-11-26T09:00:00+08:00."),
            )
        rows = rows.filter(created_at__gte=start, created_at__lte=end)
        if params.get("service_code"):
            codes = [c.strip() for c in params["service_code"].split(",") if c.strip()]
            names = [c.name for c in categories.values() if c.code in codes]
            rows = rows.filter(category__code__in=codes) | rows.filter(
                category__isnull=True, suggestions__0__0__in=names
            )
        status = params.get("status", "")
        if status:
            wanted = {s.strip() for s in status.split(",")}
            if not wanted <= {"open", "closed"}:
                return _error(fmt, 400, _("status is open or closed."))
            if wanted == {"open"}:
                rows = rows.filter(status__in=Ticket.OPEN)
            elif wanted == {"closed"}:
                rows = rows.exclude(status__in=Ticket.OPEN)
    rows = rows.order_by("-created_at")[:MAX_REQUESTS]
    return _respond(fmt, "service_requests", [_request(t, categories) for t in rows])


def _parse_date(value):
    if not value:
        return None
    moment = parse_datetime(value.strip().replace(" ", "+"))
    if moment is None:
        raise ValueError(value)
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _create(request, fmt):
    data = request.POST
    client = client_for_key(data.get("api_key", ""))
    if client is None:
        return _error(fmt, 403, _("The api_key is missing or not valid."))
    category = Category.objects.filter(code=data.get("service_code", "")[:40], is_active=True).first()
    if category is None:
        return _error(fmt, 400, _("service_code is missing or names no service."))
    address = data.get("address_string", "").strip()
    lat, lng = data.get("lat") or None, data.get("long") or None
    if not address and (lat is None or lng is None):
        return _error(fmt, 400, _("Give a location: lat and long, or address_string."))
    kind = data.get(f"attribute[{KIND_ATTRIBUTE}]", Ticket.REPORT)
    name = " ".join(p for p in (data.get("last_name", "").strip(), data.get("first_name", "").strip()) if p)
    try:
        ticket = do_create_ticket(
            kind=kind,
            text=data.get("description", ""),
            category=category,
            channel=Channel.OPEN311,
            caller_name=name[:50],
            caller_phone=data.get("phone", ""),
            address=address,
            latitude=lat,
            longitude=lng,
        )
    except ValidationError as error:
        messages = error.messages
        return _respond(fmt, "errors", [{"code": 400, "description": str(m)} for m in messages], status=400)
    return _respond(
        fmt,
        "service_requests",
        [
            {
                "service_request_id": ticket.number,
                "token": str(ticket.code),
                "service_notice": _("Your request was received; you can follow it by its number."),
                "account_id": None,
            }
        ],
        status=201,
    )


@require_GET
def request_detail(request, number, fmt):
    fmt = _format(fmt)
    ticket = _public_requests().filter(number=number[:32]).first()
    if ticket is None:
        return _error(fmt, 404, _("No request has this service_request_id."))
    categories = {c.name: c for c in Category.objects.all()}
    return _respond(fmt, "service_requests", [_request(ticket, categories)])


@require_GET
def token(request, token, fmt):
    fmt = _format(fmt)
    import uuid

    try:
        code = uuid.UUID(token)
    except ValueError:
        code = None
    ticket = _public_requests().filter(code=code).first() if code else None
    if ticket is None:
        return _error(fmt, 404, _("No request has this token."))
    return _respond(
        fmt, "service_requests", [{"service_request_id": ticket.number, "token": str(ticket.code)}]
    )
