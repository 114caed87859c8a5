"""The directory services of the GovStack Information Mediator building block at /govstack/im/
(`information-mediator-Directory_Services_API`, copied in `datahub/specs/`): who is in the exchange
and which services they offer, in X-Road's terms.

- members are departments (`GOV/<credit code>`); applications are the consumer systems
  (`<instance>/GOV/<member code>/<subsystem>`) and, for every department that provides resources,
  its `datahub` application, whose services are its resources (`serviceCode` = resource code,
  endpoints = the gateway's lookup, query and export);
- `listMethods` lists a provider's services; `allowedMethods` those the calling system holds an
  active grant on; `getOpenAPI?serviceCode=` answers the OpenAPI description of one service (the
  gateway's, narrowed to that resource and listing its items), as a JSON document.

Every call is signed as on the gateway. The `/r1/...` paths require the spec's `X-GovStack-Client`
header (`Information-Mediator-Client` is taken under its other name) and it must name the signing
system. `instanceId` of another instance lists nobody (there is no federation). Errors are the
gateway's `{"error": {"code", "message"}}`: 400 for an unknown provider or service, as the spec
lists 400 for an error in the request.
"""

import copy

from django.conf import settings
from django.http import JsonResponse
from django.utils.translation import gettext as _

from yiwang.accounts.models import Department
from yiwang.datahub.gateway import GatewayError, gateway_view
from yiwang.datahub.gateway_openapi import document
from yiwang.datahub.models import Consumer, GatewayCall, Grant, Resource

APPLICATION = "datahub"
MEMBER_CLASS = "GOV"


def _json(data):
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


def _member_code(department):
    return department.credit_code or department.code


@gateway_view(GatewayCall.DIRECTORY, ("GET",))
def list_clients(request, call):
    instance = settings.YIWANG_GATEWAY_INSTANCE
    wanted = request.GET.get("instanceId", instance)
    if wanted != instance:
        return _json({"member": []})
    members, seen = [], set()
    providers = Department.objects.filter(resources__is_active=True).distinct()
    consumers = list(Consumer.objects.filter(is_active=True).select_related("department"))
    for department in list(providers) + [c.department for c in consumers]:
        if department.pk in seen:
            continue
        seen.add(department.pk)
        members.append(
            {
                "name": department.name,
                "id": {
                    "objectType": "MEMBER",
                    "instanceId": instance,
                    "memberClass": MEMBER_CLASS,
                    "memberCode": _member_code(department),
                },
            }
        )
    for department in providers:
        members.append(
            {
                "name": department.name + " 数据共享",
                "id": {
                    "objectType": "APPLICATION",
                    "instanceId": instance,
                    "memberClass": MEMBER_CLASS,
                    "memberCode": _member_code(department),
                    "applicationCode": APPLICATION,
                },
            }
        )
    for consumer in consumers:
        members.append(
            {
                "name": consumer.name,
                "id": {
                    "objectType": "APPLICATION",
                    "instanceId": consumer.instance,
                    "memberClass": consumer.member_class,
                    "memberCode": consumer.member_code,
                    "applicationCode": consumer.subsystem_code,
                },
            }
        )
    call.rows = len(members)
    return _json({"member": members})


def _provider(instance, member_class, member_code, application):
    department = None
    if (
        instance == settings.YIWANG_GATEWAY_INSTANCE
        and member_class == MEMBER_CLASS
        and application == APPLICATION
    ):
        department = (
            Department.objects.filter(credit_code=member_code).first()
            or Department.objects.filter(code=member_code).first()
        )
    if department is None:
        raise GatewayError(400, "unknown_provider", _("There is no such service provider in this instance."))
    return department


def _service(resource, instance, member_class, member_code, application):
    base = f"/gateway/v1/resources/{resource.code}"
    return {
        "objectType": "SERVICE",
        "serviceType": "REST",
        "instanceId": instance,
        "memberClass": member_class,
        "memberCode": member_code,
        "applicationCode": application,
        "serviceCode": resource.code,
        "serviceVersion": "v1",
        "endpointList": {
            "member": [
                {"method": "POST", "path": f"{base}/lookup"},
                {"method": "POST", "path": f"{base}/query"},
                {"method": "POST", "path": f"{base}/export"},
            ]
        },
    }


def _services(request, call, instance, member_class, member_code, application, *, allowed_only):
    department = _provider(instance, member_class, member_code, application)
    resources = Resource.objects.filter(provider=department, is_active=True)
    service_id = request.GET.get("serviceId", "")
    if service_id:
        resources = resources.filter(code=service_id[:40])
    if allowed_only:
        granted = Grant.objects.active().filter(consumer=call.consumer).values("resource")
        resources = resources.filter(pk__in=granted)
    services = [_service(r, instance, member_class, member_code, application) for r in resources]
    call.rows = len(services)
    return _json({"member": services})


@gateway_view(GatewayCall.DIRECTORY, ("GET",), client_header="X-GovStack-Client", client_required=True)
def list_methods(request, call, instance, member_class, member_code, application):
    return _services(request, call, instance, member_class, member_code, application, allowed_only=False)


@gateway_view(GatewayCall.DIRECTORY, ("GET",), client_header="X-GovStack-Client", client_required=True)
def allowed_methods(request, call, instance, member_class, member_code, application):
    return _services(request, call, instance, member_class, member_code, application, allowed_only=True)


@gateway_view(GatewayCall.DIRECTORY, ("GET",), client_header="X-GovStack-Client", client_required=True)
def get_openapi(request, call, instance, member_class, member_code, application):
    department = _provider(instance, member_class, member_code, application)
    code = request.GET.get("serviceCode", "")
    if not code:
        raise GatewayError(400, "service_code_missing", _("Name the service in the serviceCode parameter."))
    resource = Resource.objects.filter(provider=department, is_active=True, code=code[:40]).first()
    if resource is None:
        raise GatewayError(400, "unknown_service", _("This provider offers no service with this code."))
    call.resource, call.rows = resource, 1
    return _json(service_document(resource))


def service_document(resource):
    """The gateway's OpenAPI description narrowed to one resource, its record schema listing the items."""
    doc = copy.deepcopy(document())
    doc["info"]["title"] = f"{resource.name} ({resource.code})"
    record = {
        "type": "object",
        "properties": {
            item.key: {"type": "string", "description": item.name} for item in resource.items.all()
        },
    }
    paths = {}
    for path, operations in doc["paths"].items():
        if "{code}" not in path:
            continue
        operations = copy.deepcopy(operations)
        for operation in operations.values():
            operation["parameters"] = [p for p in operation["parameters"] if p["name"] != "code"]
        paths[path.replace("{code}", resource.code)] = operations
    doc["paths"] = paths
    doc["components"]["schemas"]["Record"] = record
    return doc
