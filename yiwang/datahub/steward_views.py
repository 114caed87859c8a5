"""The data steward's pages (/staff/data/): the resources of their department, their data items,
imports and the error report of each, a record's history; the data element registry."""

import csv
import functools
import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from yiwang.core.channels import Channel
from yiwang.core.spreadsheet import spreadsheet_row
from yiwang.datahub import actions, permissions
from yiwang.datahub.catalogue_views import facet_filter
from yiwang.datahub.keys import key_index_of
from yiwang.datahub.models import DataElement, ImportBatch, Record, RecordChange
from yiwang.datahub.staleness import stale_resources
from yiwang.datahub.steward_forms import KeyForm, UploadForm
from yiwang.datahub.validation import CellError, RowChecker, clean_value, code_label, masked

RECENT_IMPORTS = 10
RECENT_RECORDS = 20
ERRORS_SHOWN = 100


def data_staff_page(view):
    """Logged-in data stewards and the system administrator; everyone else gets 403."""

    @functools.wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not permissions.is_data_staff(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@require_GET
@data_staff_page
def resource_list(request):
    visible = permissions.resources_for_staff(request.user)
    resources, facets, chosen = facet_filter(visible, request.GET)
    stale = stale_resources().filter(pk__in=visible.values("pk"))
    return render(
        request,
        "datahub/steward/resource_list.html",
        {
            "resources": resources.select_related("provider"),
            "facets": facets,
            "chosen": chosen,
            "stale": stale,
            "query": request.GET.get("q", "")[:100],
        },
    )


def _shown(checker, values, sealed, reveal):
    """[(item, value shown)] in item order: personal values masked unless revealed."""
    rows = []
    for item in checker.items:
        if item.element.is_personal:
            value = sealed.get(item.key)
            shown = value if reveal or value in (None, "") else masked(item.element, value)
        else:
            shown = code_label(item.element, values.get(item.key))
        rows.append((item, "" if shown is None else shown))
    return rows


@require_GET
@data_staff_page
def resource_detail(request, code):
    resource = permissions.get_resource_for_staff(request.user, code)
    checker = RowChecker(resource)
    steward = permissions.can_steward(request.user, resource)
    records = list(
        Record.objects.filter(resource=resource, is_deleted=False).order_by("-updated_at", "-id")[
            :RECENT_RECORDS
        ]
    )
    return render(
        request,
        "datahub/steward/resource_detail.html",
        {
            "resource": resource,
            "items": checker.items,
            "steward": steward,
            "record_count": Record.objects.filter(resource=resource, is_deleted=False).count(),
            "batches": resource.batches.select_related("actor")[:RECENT_IMPORTS],
            "records": [
                (record, _shown(checker, record.values, _sealed(record.sealed), False)) for record in records
            ],
            "upload_form": UploadForm(),
            "key_form": KeyForm(key_items=checker.key_items),
            "related": resource.related.all(),
            "due": resource.update_due_at(),
        },
    )


def _sealed(text):
    return json.loads(text) if text else {}


@require_http_methods(["POST"])
@data_staff_page
def upload(request, code):
    resource = permissions.get_resource_for_staff(request.user, code)
    if not permissions.can_steward(request.user, resource):
        raise PermissionDenied
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        checker = RowChecker(resource)
        return render(
            request,
            "datahub/steward/upload_refused.html",
            {"resource": resource, "upload_form": form, "key_form": KeyForm(key_items=checker.key_items)},
            status=400,
        )
    upload_file = form.cleaned_data["file"]
    batch = actions.do_import_file(
        resource,
        upload_file.file,
        filename=upload_file.name,
        mode=form.cleaned_data["mode"],
        source=ImportBatch.UPLOAD,
        actor=request.user,
        channel=Channel.WEB,
    )
    return redirect("staff_data:batch", code=batch.code)


@require_GET
@data_staff_page
def batch_detail(request, code):
    batch = permissions.get_batch_for_staff(request.user, code)
    return render(
        request,
        "datahub/steward/batch_detail.html",
        {
            "batch": batch,
            "resource": batch.resource,
            "errors": batch.errors[:ERRORS_SHOWN],
            "more_errors": len(batch.errors) > ERRORS_SHOWN,
        },
    )


@require_GET
@data_staff_page
def batch_errors(request, code):
    """The error report of an import as CSV (UTF-8 with a byte-order mark, for Excel)."""
    batch = permissions.get_batch_for_staff(request.user, code)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="errors-{batch.code}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([_("Row"), _("Column"), _("Problem"), _("Value (masked)")])
    for error in batch.errors:
        writer.writerow(
            spreadsheet_row(
                [
                    error.get("row", ""),
                    error.get("column", ""),
                    error.get("message", ""),
                    str(error.get("value", "")),
                ]
            )
        )
    return response


@require_GET
@data_staff_page
def record_lookup(request, code):
    resource = permissions.get_resource_for_staff(request.user, code)
    checker = RowChecker(resource)
    form = KeyForm(request.GET, key_items=checker.key_items)
    status = 400
    if form.is_valid():
        index = key_index_of(
            resource.code, [_key_value(item, form.cleaned_data[item.key]) for item in checker.key_items]
        )
        if Record.objects.filter(resource=resource, key_index=index).exists():
            return redirect("staff_data:record", code=resource.code, key=index)
        form.add_error(None, _("No record of this resource has this key."))
        status = 404
    return render(
        request, "datahub/steward/record_lookup.html", {"resource": resource, "key_form": form}, status=status
    )


def _key_value(item, text):
    """A typed key as ingest stores it (a citizen ID upper-cased, a date in ISO form ...)."""
    try:
        value = clean_value(item.element, text)
    except CellError:
        return text
    return text if value is None else value


@require_http_methods(["GET", "POST"])
@data_staff_page
def record_detail(request, code, key):
    resource = permissions.get_resource_for_staff(request.user, code)
    record = permissions.get_record_for_staff(request.user, resource, key)
    checker = RowChecker(resource)
    reveal = False
    if request.method == "POST":
        if not permissions.can_steward(request.user, resource):
            raise PermissionDenied
        actions.do_reveal_record(record, actor=request.user)
        reveal = True
    changes = RecordChange.objects.filter(record=record).select_related("batch").order_by("-version")
    page = Paginator(changes, 20).get_page(request.GET.get("page"))
    current = _shown(checker, record.values, _sealed(record.sealed), reveal)
    versions = [
        (
            change.version,
            change.get_kind_display(),
            change.batch,
            _shown(checker, change.values, _sealed(change.sealed), reveal),
        )
        for change in page
    ]
    if page.number == 1:
        kind = RecordChange.CREATED if record.version == 1 else RecordChange.UPDATED
        versions.insert(0, (record.version, dict(RecordChange.KIND_CHOICES)[kind], record.batch, current))
    return render(
        request,
        "datahub/steward/record_detail.html",
        {
            "resource": resource,
            "record": record,
            "reveal": reveal,
            "steward": permissions.can_steward(request.user, resource),
            "current": current,
            "versions": versions,
            "page": page,
        },
    )


@require_GET
@data_staff_page
def element_list(request):
    elements = DataElement.objects.annotate(uses=Count("items"))
    query = request.GET.get("q", "").strip()[:100]
    if query:
        elements = elements.filter(name__icontains=query) | elements.filter(identifier__icontains=query)
    return render(request, "datahub/steward/element_list.html", {"elements": elements, "query": query})
