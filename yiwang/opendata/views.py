"""The open-data portal: browse and search, a dataset's page with a preview, downloads, the rows
API, developer registration and keys, access applications, the showcase; and the DCAT-AP files."""

import json
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from yiwang.accounts.actions import do_issue_api_token, do_revoke_api_token
from yiwang.accounts.models import ApiToken
from yiwang.opendata import access, actions, dcat, rows, search
from yiwang.opendata.forms import ApplicationForm, DeveloperForm, ShowcaseForm, first_error
from yiwang.opendata.models import Developer, OpenDataset, Showcase

PAGE_SIZE = 20
FACET_FIELDS = ("organization", "groups", "res_format", "update_cycle", "opening_type")
TOKEN_NAME = "open data"


def _published(name):
    dataset = (
        OpenDataset.objects.filter(name=name, status=OpenDataset.PUBLISHED)
        .exclude(resource__opening_type="none")
        .select_related("resource__provider")
        .first()
    )
    if dataset is None:
        raise Http404
    return dataset


def _developer(user):
    return Developer.objects.filter(user=user).first() if user.is_authenticated else None


@require_safe
def catalogue(request):
    q = request.GET.get("q", "")[:100]
    chosen = {field: request.GET.get(field, "")[:100] for field in FACET_FIELDS}
    fq = " ".join(f'{field}:"{value.replace(chr(34), "")}"' for field, value in chosen.items() if value)
    sort = request.GET.get("sort", "")
    sorts = {"": "", "new": "metadata_modified desc", "views": "views_total desc", "quality": "quality desc"}
    try:
        page_number = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page_number = 1
    index = search.current_index()
    try:
        result = index.search(
            q=q.replace(":", " "),
            fq=fq,
            facet_fields=FACET_FIELDS,
            rows=PAGE_SIZE,
            start=(page_number - 1) * PAGE_SIZE,
            sort=sorts.get(sort, ""),
        )
    except search.SearchError:
        result = {"count": 0, "results": [], "facets": {}, "search_facets": {}}
    facets = []
    for field in FACET_FIELDS:
        values = []
        for value, count in result["facets"].get(field, {}).items():
            selected = chosen[field] == value
            values.append(
                {
                    "label": _facet_label(index, field, value),
                    "count": count,
                    "selected": selected,
                    "href": _query(q, chosen, sort, **{field: "" if selected else value}),
                }
            )
        facets.append({"title": FACET_TITLES[field], "values": values})
    pages = max(1, -(-result["count"] // PAGE_SIZE))
    return render(
        request,
        "opendata/catalogue.html",
        {
            "q": q,
            "chosen": chosen,
            "results": result["results"],
            "count": result["count"],
            "facets": facets,
            "page": page_number,
            "pages": pages,
            "sort": sort,
            "previous": _query(q, chosen, sort, page=page_number - 1) if page_number > 1 else "",
            "next": _query(q, chosen, sort, page=page_number + 1) if page_number < pages else "",
        },
    )


def _query(q, chosen, sort, page=None, **changes):
    params = {"q": q, **chosen, **changes, "sort": sort}
    if page:
        params["page"] = page
    return "?" + urlencode({key: value for key, value in params.items() if value})


FACET_TITLES = {
    "organization": gettext_lazy("Department"),
    "groups": gettext_lazy("Theme"),
    "res_format": gettext_lazy("Format"),
    "update_cycle": gettext_lazy("Update cycle"),
    "opening_type": gettext_lazy("Opening type"),
}


def _facet_label(index, field, value):
    from yiwang.datahub.models import Resource

    if field == "update_cycle":
        return dict(Resource.CYCLE_CHOICES).get(value, value)
    if field == "opening_type":
        return dict(Resource.OPENING_CHOICES).get(value, value)
    return index.label(field, value)


@require_safe
def dataset_page(request, name):
    dataset = _published(name)
    actions.count_view(dataset)
    dataset.view_count += 1
    developer = _developer(request.user)
    allowed = actions.has_access(request.user, dataset)
    preview, columns, error = [], rows.columns_with_types(dataset), ""
    if allowed:
        found, _columns = rows.query(dataset)
        preview = [list(row.values()) for row in found.page(0, 10)]
    application = None
    if developer and dataset.is_conditional:
        application = dataset.applications.filter(developer=developer).first()
    package = search._package(dataset)
    return render(
        request,
        "opendata/dataset.html",
        {
            "dataset": dataset,
            "resource": dataset.resource,
            "columns": columns,
            "preview": preview,
            "allowed": allowed,
            "developer": developer,
            "application": application,
            "package": package,
            "showcases": dataset.showcases.filter(status=Showcase.APPROVED),
            "error": error,
            "form": ApplicationForm(),
            "quality_parts": {key: round(share * 100) for key, share in dataset.quality_parts.items()},
            "csv_resource_id": search.resource_id(dataset.code, "CSV"),
        },
    )


def _reader(request, dataset):
    """The caller may read `dataset`'s rows (by session or API key), else an error response."""
    try:
        user, who = access.caller(request)
    except access.BadKey:
        return None, JsonResponse(
            {"error": {"code": "bad_key", "message": _("The API key is not valid.")}}, status=403
        )
    wait = access.over_limit(who)
    if wait:
        response = JsonResponse(
            {
                "error": {
                    "code": "rate_limited",
                    "message": _("Too many requests: wait %(seconds)d seconds.") % {"seconds": wait},
                }
            },
            status=429,
        )
        response["Retry-After"] = str(wait)
        return None, response
    if not actions.has_access(user, dataset):
        return None, JsonResponse(
            {
                "error": {
                    "code": "not_authorised",
                    "message": _(
                        "This dataset is open on conditions: apply for access as a registered developer."
                    ),
                }
            },
            status=403,
        )
    return user, None


@require_safe
def download(request, name, fmt):
    dataset = _published(name)
    _user, refused = _reader(request, dataset)
    if refused:
        return refused
    found, columns = rows.query(dataset)
    actions.count_download(dataset)
    filename = f"{dataset.name}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(
            rows.csv_chunks(found.tuples(), columns), content_type="text/csv; charset=utf-8"
        )
    elif fmt == "json":
        response = StreamingHttpResponse(rows.json_chunks(found, columns), content_type="application/json")
    else:
        try:
            handle = rows.xlsx_file(found, columns, dataset.name)
        except ValidationError as error:
            return JsonResponse({"error": {"code": "too_large", "message": error.messages[0]}}, status=413)
        return FileResponse(
            handle, as_attachment=True, filename=filename, content_type=search.MIMETYPES["XLSX"]
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def rows_api(request, name):
    """GET /opendata/dataset/<name>/rows?limit=&offset=&q=&sort=&filters={"column": value}"""
    dataset = _published(name)
    _user, refused = _reader(request, dataset)
    if refused:
        return refused
    try:
        offset, limit = rows.page_args(request.GET.get("limit"), request.GET.get("offset"))
        filters = request.GET.get("filters") or None
        if filters:
            try:
                filters = json.loads(filters)
            except ValueError:
                raise ValidationError({"filters": _("Filters must be a JSON object.")}) from None
        found, columns = rows.query(
            dataset, filters=filters, q=request.GET.get("q", ""), sort=request.GET.get("sort", "")
        )
        records = found.page(offset, limit)
        total = found.count()
    except ValidationError as error:
        details = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
        return JsonResponse(
            {"error": {"code": "invalid", "message": _("The request is not valid."), "details": details}},
            status=400,
            json_dumps_params={"ensure_ascii": False},
        )
    return JsonResponse(
        {
            "dataset": dataset.name,
            "columns": columns,
            "total": total,
            "offset": offset,
            "limit": limit,
            "rows": records,
        },
        json_dumps_params={"ensure_ascii": False},
    )


@login_required
def developer(request):
    current = _developer(request.user)
    form = DeveloperForm(request.POST or None)
    if request.method == "POST" and current is None:
        if form.is_valid():
            try:
                actions.do_register_developer(request.user, actor=request.user, **form.cleaned_data)
                messages.success(
                    request, _("You are registered as a developer. Create an API key to call the API.")
                )
                return redirect("opendata:developer")
            except ValidationError as error:
                form.add_error(None, error)
    elif request.method not in ("GET", "HEAD", "POST"):
        return HttpResponse(status=405)
    keys = (
        ApiToken.objects.filter(user=request.user, name=TOKEN_NAME, revoked_at__isnull=True)
        if current
        else []
    )
    return render(
        request,
        "opendata/developer.html",
        {
            "developer": current,
            "form": form,
            "keys": keys,
            "new_key": request.session.pop("opendata_new_key", None),
            "applications": current.applications.select_related("dataset") if current else [],
            "showcases": current.showcases.all() if current else [],
        },
    )


@login_required
@require_POST
def key_new(request):
    if _developer(request.user) is None:
        raise PermissionDenied
    try:
        _token, clear = do_issue_api_token(request.user, name=TOKEN_NAME, actor=request.user)
    except ValidationError as error:
        messages.error(request, first_error(error))
        return redirect("opendata:developer")
    request.session["opendata_new_key"] = clear  # shown once, on the next page
    return redirect("opendata:developer")


@login_required
@require_POST
def key_revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user, name=TOKEN_NAME, revoked_at__isnull=True)
    do_revoke_api_token(token, actor=request.user)
    messages.success(request, _("The key was revoked."))
    return redirect("opendata:developer")


@login_required
@require_POST
def apply(request, name):
    dataset = _published(name)
    current = _developer(request.user)
    if current is None:
        messages.error(request, _("Register as a developer first."))
        return redirect("opendata:developer")
    form = ApplicationForm(request.POST)
    if form.is_valid():
        try:
            actions.do_apply_for_access(
                current, dataset, purpose=form.cleaned_data["purpose"], actor=request.user
            )
            messages.success(request, _("Your application was sent to the provider."))
        except ValidationError as error:
            messages.error(request, first_error(error))
    else:
        messages.error(request, first_error(form.errors))
    return redirect("opendata:dataset", name=dataset.name)


@require_safe
def showcase(request):
    entries = Showcase.objects.filter(status=Showcase.APPROVED).prefetch_related("datasets")
    return render(
        request,
        "opendata/showcase.html",
        {
            "entries": Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page")),
            "developer": _developer(request.user),
        },
    )


@login_required
def showcase_new(request):
    current = _developer(request.user)
    if current is None:
        messages.error(request, _("Register as a developer first."))
        return redirect("opendata:developer")
    form = ShowcaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_submit_showcase(current, actor=request.user, **form.cleaned_data)
            messages.success(
                request, _("Thank you. Your entry is shown once the data's provider has checked it.")
            )
            return redirect("opendata:developer")
        except ValidationError as error:
            form.add_error(None, error)
    return render(request, "opendata/showcase_new.html", {"form": form})


# DCAT-AP ------------------------------------------------------------------------------------------


def _rdf(graph, fmt):
    if fmt == "ttl":
        return HttpResponse(dcat.turtle(graph), content_type="text/turtle; charset=utf-8")
    return HttpResponse(json.dumps(graph, ensure_ascii=False, indent=1), content_type="application/ld+json")


@require_safe
def catalog_rdf(request, fmt):
    return _rdf(dcat.catalog_graph(), fmt)


@require_safe
def dataset_rdf(request, name, fmt):
    return _rdf(dcat.dataset_graph(_published(name)), fmt)
