"""The CKAN Action API (the subset clients such as `ckanapi` use) at /api/3/action/<name> and
/api/action/<name>, GET or POST JSON, in CKAN's envelope:

    {"help": "...", "success": true, "result": ...}
    {"help": "...", "success": false, "error": {"__type": "Not Found Error", "message": "..."}}

Error types and statuses as CKAN gives them: "Not Found Error" 404, "Validation Error" 409 (with
the fields' messages), "Authorization Error" 403, "Search Query Error" 409; an unknown action is a
400. Messages are in the request's language.
"""

import json

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from yiwang.accounts.models import Department
from yiwang.core.cleantext import INVALID_TEXT, TextRefused, clean_json
from yiwang.opendata import access, rows, search
from yiwang.opendata.actions import has_access
from yiwang.opendata.models import OpenDataset, Theme

CKAN_VERSION = "2.10.4"
MAX_BODY = 100_000


class NotFound(Exception):
    pass


class NotAuthorized(Exception):
    pass


def _envelope(request, name, status, **body):
    return JsonResponse(
        {"help": request.build_absolute_uri(f"/api/3/action/help_show?name={name}"), **body},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


def _error(request, name, status, kind, message, fields=None):
    error = {"__type": kind, "message": message}
    if fields:
        error.update(fields)
    return _envelope(request, name, status, success=False, error=error)


def _params(request):
    """The action's parameters from the querystring, a JSON body or a form-encoded body, every
    string cleaned (`clean_text`): a refused character raises `TextRefused`, keyed by parameter."""
    if request.method == "POST":
        if len(request.body) > MAX_BODY:
            raise ValidationError({"body": _("The request body is too large.")})
        if not request.body:
            return {}
        if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            return _clean_params(_query_params(request.POST))
        try:
            data = json.loads(request.body)
        except (ValueError, UnicodeDecodeError):
            raise ValidationError({"body": _("The request body is not valid JSON.")}) from None
        if not isinstance(data, dict):
            raise ValidationError({"body": _("The request body must be a JSON object.")})
        return _clean_params(data)
    return _clean_params(_query_params(request.GET))


def _query_params(query):
    return {
        key: query.getlist(key) if key in ("facet.field",) and len(query.getlist(key)) > 1 else query.get(key)
        for key in query
    }


def _clean_params(data):
    return clean_json(data, max_length=MAX_BODY)


def _int(params, key, default, *, low=0, high=1000):
    value = params.get(key, default)
    if value in (None, ""):
        return default
    try:
        value = int(value)
    except (TypeError, ValueError):
        raise ValidationError({key: [_("Must be a whole number.")]}) from None
    if not low <= value <= high:
        raise ValidationError(
            {key: [_("Must be between %(low)d and %(high)d.") % {"low": low, "high": high}]}
        )
    return value


def _bool(params, key):
    value = params.get(key, False)
    return value is True or (isinstance(value, str) and value.lower() in ("true", "1", "yes"))


def _json_list(params, key):
    value = params.get(key)
    if value in (None, ""):
        return []
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            value = [part for part in value.split(",") if part]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError({key: [_("Must be a list of names.")]})
    return value


def _published():
    return (
        OpenDataset.objects.filter(status=OpenDataset.PUBLISHED)
        .exclude(resource__opening_type="none")
        .select_related("resource__provider")
    )


def _dataset(params, key="id"):
    ident = params.get(key)
    if not isinstance(ident, str) or not ident or len(ident) > 100:
        raise ValidationError({key: [_("Missing value")]})
    condition = Q(name=ident)
    if len(ident) == 36:
        condition |= Q(code=ident) if _is_uuid(ident) else Q()
    dataset = _published().filter(condition).first()
    if dataset is None:
        raise NotFound(_("Dataset not found"))
    return dataset


def _is_uuid(text):
    import uuid

    try:
        uuid.UUID(text)
        return True
    except ValueError:
        return False


def _resource_of(params, key):
    ident = params.get(key)
    if not isinstance(ident, str) or not ident or len(ident) > 100:
        raise ValidationError({key: [_("Missing value")]})
    found = search.current_index().resources.get(ident)
    dataset = _published().filter(pk=found[0]).first() if found else None
    if dataset is None:
        raise NotFound(_("Resource not found"))
    return dataset, found[1]


def _organizations():
    return (
        Department.objects.filter(resources__open_dataset__status=OpenDataset.PUBLISHED)
        .exclude(resources__opening_type="none")
        .annotate(package_count=Count("resources__open_dataset", distinct=True))
        .order_by("code")
    )


def _organization(department, with_datasets=False, user=None):
    result = {
        "id": str(department.pk),
        "name": search.organization_name(department),
        "title": department.name,
        "display_name": department.name,
        "description": department.address,
        "type": "organization",
        "is_organization": True,
        "state": "active",
        "approval_status": "approved",
        "image_url": "",
        "package_count": getattr(department, "package_count", 0),
    }
    if with_datasets:
        found = search.search(fq=f'organization:"{result["name"]}"', rows=1000)
        result["packages"] = found["results"]
    return result


def _group(theme, count):
    label = str(Theme(theme).label)
    return {
        "id": theme,
        "name": theme,
        "title": label,
        "display_name": label,
        "type": "group",
        "is_organization": False,
        "state": "active",
        "package_count": count,
        "description": "",
        "image_url": "",
    }


# Actions -----------------------------------------------------------------------------------------


def status_show(request, params, user):
    from django.conf import settings

    return {
        "site_title": _("%(district)s open data") % {"district": settings.YIWANG_DISTRICT_NAME},
        "site_description": _("Government data of the district, open to society."),
        "site_url": search.site_url(),
        "ckan_version": CKAN_VERSION,
        "locale_default": "zh_Hans",
        "extensions": ["datastore", "dcat"],
    }


def package_list(request, params, user):
    limit = _int(params, "limit", 1000, high=10000)
    offset = _int(params, "offset", 0, high=10**9)
    names = _published().order_by("name").values_list("name", flat=True)
    return list(names[offset : offset + limit])


def package_show(request, params, user):
    return search._package(_dataset(params))


def package_search(request, params, user):
    facet_fields = _json_list(params, "facet.field")
    unknown = [f for f in facet_fields if f not in search.FACETS]
    if unknown:
        raise search.SearchError(
            {"facet.field": _("Unknown facet: %(names)s.") % {"names": ", ".join(unknown)}}
        )
    result = search.search(
        q=params.get("q") or "",
        fq=params.get("fq") or "",
        facet_fields=facet_fields,
        rows=_int(params, "rows", 10),
        start=_int(params, "start", 0, high=10**6),
        sort=params.get("sort") or "",
        facet_limit=_int(params, "facet.limit", 50, low=-1),
    )
    result["sort"] = params.get("sort") or "score desc, metadata_modified desc"
    return result


def organization_list(request, params, user):
    departments = list(_organizations())
    limit = _int(params, "limit", 1000)
    offset = _int(params, "offset", 0, high=10**6)
    departments = departments[offset : offset + limit]
    if _bool(params, "all_fields"):
        return [_organization(d) for d in departments]
    return [search.organization_name(d) for d in departments]


def organization_show(request, params, user):
    ident = params.get("id")
    if not isinstance(ident, str) or not ident:
        raise ValidationError({"id": [_("Missing value")]})
    for department in _organizations():
        if ident in (search.organization_name(department), str(department.pk)):
            return _organization(department, with_datasets=_bool(params, "include_datasets"))
    raise NotFound(_("Organization not found"))


def group_list(request, params, user):
    counts = dict(_published().values_list("theme").annotate(n=Count("id")))
    themes = [theme for theme in Theme.values if counts.get(theme)]
    if _bool(params, "all_fields"):
        return [_group(theme, counts[theme]) for theme in themes]
    return themes


def tag_list(request, params, user):
    prefix = params.get("query") or ""
    if not isinstance(prefix, str) or len(prefix) > 100:
        raise ValidationError({"query": [_("Must be text of at most 100 characters.")]})
    tags = sorted(
        {
            tag
            for tags in _published().values_list("tags", flat=True)
            for tag in tags
            if tag.lower().startswith(prefix.lower())
        }
    )
    if _bool(params, "all_fields"):
        return [{"id": tag, "name": tag, "display_name": tag, "state": "active"} for tag in tags]
    return tags


def resource_show(request, params, user):
    dataset, fmt = _resource_of(params, "id")
    package = search._package(dataset)
    return next(r for r in package["resources"] if r["format"] == fmt)


def datastore_search(request, params, user):
    dataset, _fmt = _resource_of(params, "resource_id")
    if not has_access(user, dataset):
        raise NotAuthorized(
            _("This dataset is open on conditions: apply for access as a registered developer.")
        )
    filters = params.get("filters")
    if isinstance(filters, str) and filters:
        try:
            filters = json.loads(filters)
        except ValueError:
            raise ValidationError({"filters": [_("Filters must be a JSON object.")]}) from None
    fields = _json_list(params, "fields") or None
    offset = _int(params, "offset", 0, high=10**9)
    limit = _int(params, "limit", 100, high=rows.MAX_LIMIT)
    found, columns = rows.query(
        dataset,
        filters=filters or None,
        q=params.get("q") or "",
        sort=params.get("sort") or "",
        fields=fields,
    )
    types = {key: kind for key, kind, _name in rows.columns_with_types(dataset)}
    result = {
        "resource_id": params["resource_id"],
        "fields": [{"id": key, "type": types[key]} for key in columns],
        "records": found.page(offset, limit),
        "limit": limit,
        "offset": offset,
        "_links": {
            "start": f"/api/3/action/datastore_search?resource_id={params['resource_id']}",
            "next": f"/api/3/action/datastore_search?resource_id={params['resource_id']}"
            f"&offset={offset + limit}",
        },
    }
    if params.get("include_total", True) not in (False, "false", "False", "0"):
        result["total"] = found.count()
    return result


ACTIONS = {
    f.__name__: f
    for f in (
        status_show,
        package_list,
        package_show,
        package_search,
        organization_list,
        organization_show,
        group_list,
        tag_list,
        resource_show,
        datastore_search,
    )
}


@csrf_exempt
def action(request, name):
    if request.method not in ("GET", "POST"):
        return _error(request, name, 405, "Bad request", _("Use GET or POST."))
    if name not in ACTIONS:
        return _error(
            request,
            name,
            400,
            "Bad request - Action name not known",
            _("There is no action “%(name)s”.") % {"name": name[:50]},
        )
    try:
        user, who = access.caller(request)
    except access.BadKey:
        return _error(request, name, 403, "Authorization Error", _("The API key is not valid."))
    wait = access.over_limit(who)
    if wait:
        response = _error(
            request,
            name,
            429,
            "Rate Limit Error",
            _("Too many requests: wait %(seconds)d seconds.") % {"seconds": wait},
        )
        response["Retry-After"] = str(wait)
        return response
    try:
        params = _params(request)
        result = ACTIONS[name](request, params, user)
    except NotFound as error:
        return _error(request, name, 404, "Not Found Error", str(error))
    except NotAuthorized as error:
        return _error(request, name, 403, "Authorization Error", str(error))
    except search.SearchError as error:
        return _error(
            request,
            name,
            409,
            "Search Query Error",
            _("The search query is not valid."),
            {"search": [m for ms in error.message_dict.values() for m in ms]},
        )
    except TextRefused as error:
        return _error(
            request,
            name,
            400,
            "Validation Error",
            _("The request holds text that is not allowed."),
            {"code": INVALID_TEXT, "text": error.messages},
        )
    except ValidationError as error:
        messages = error.message_dict if hasattr(error, "error_dict") else {"message": error.messages}
        return _error(
            request,
            name,
            409,
            "Validation Error",
            _("The request is not valid."),
            {key: list(value) for key, value in messages.items()},
        )
    return _envelope(request, name, 200, success=True, result=result)
