"""The public resource catalogue (/data/catalogue/): what data the district's departments hold, who
owns it, how it is shared and how often it is updated (一网共享: "so that everybody knows what
exists"). Metadata only; records are never shown here."""

from django.db.models import Count, Q
from django.shortcuts import render
from django.views.decorators.http import require_GET

from yiwang.accounts.models import Department
from yiwang.datahub.models import Resource
from yiwang.datahub.permissions import get_public_resource

FACETS = ("provider", "kind", "sharing_type", "opening_type", "subject_kind")


def facet_filter(resources, params):
    """(filtered resources, facets with counts, chosen values) for the list pages' filters."""
    chosen = {}
    for name in FACETS:
        value = str(params.get(name, ""))[:40]
        if value:
            chosen[name] = value
    query = str(params.get("q", "")).strip()[:100]
    filtered = resources
    for name, value in chosen.items():
        filtered = filtered.filter(**{"provider__code" if name == "provider" else name: value})
    if query:
        filtered = filtered.filter(Q(name__icontains=query) | Q(code__icontains=query))
    labels = {
        "kind": dict(Resource.KIND_CHOICES),
        "sharing_type": dict(Resource.SHARING_CHOICES),
        "opening_type": dict(Resource.OPENING_CHOICES),
        "subject_kind": dict(Resource.SUBJECT_CHOICES),
    }
    facets = []
    for name in FACETS:
        field = "provider__code" if name == "provider" else name
        counts = resources.exclude(**{field: ""}).values(field).annotate(n=Count("id")).order_by(field)
        if name == "provider":
            names = dict(
                Department.objects.filter(code__in=[c[field] for c in counts]).values_list(
                    "code", "short_name"
                )
            )
            options = [(c[field], names.get(c[field], c[field]), c["n"]) for c in counts]
        else:
            options = [(c[field], labels[name].get(c[field], c[field]), c["n"]) for c in counts]
        facets.append((name, options))
    return filtered.order_by("code"), facets, chosen


@require_GET
def catalogue(request):
    resources, facets, chosen = facet_filter(Resource.objects.filter(is_active=True), request.GET)
    return render(
        request,
        "datahub/catalogue/list.html",
        {
            "resources": resources.select_related("provider"),
            "facets": facets,
            "chosen": chosen,
            "query": request.GET.get("q", "")[:100],
        },
    )


@require_GET
def resource(request, code):
    resource = get_public_resource(code)
    return render(
        request,
        "datahub/catalogue/detail.html",
        {
            "resource": resource,
            "items": resource.items.select_related("element").order_by("sort_order", "id"),
            "related": resource.related.filter(is_active=True),
        },
    )
