"""Public catalogue pages (网上办事大厅): browse, search and the service guide (办事指南) of one item.

Everything here is public. Lists are answered from the in-process search index (`search.py`), so a
results page costs the same few queries whatever its size; the guide reads one item's published
version with its materials, form, steps and themes prefetched.
"""

from urllib.parse import urlencode

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_safe

from yiwang.core.text import localise
from yiwang.services.forms import search_params
from yiwang.services.models import Audience, HandlingForm, ServiceObject, Theme
from yiwang.services.permissions import get_published_item
from yiwang.services.search import catalogue_index

PAGE_SIZE = 20


def _department_facets(index_departments, counts, selected=""):
    facets = [
        {
            "code": code,
            "name": localise(name, name_en),
            "count": counts.get(code, 0),
            "order": order,
            "selected": code == selected,
        }
        for code, (name, name_en, order) in index_departments.items()
        if counts.get(code)
    ]
    return sorted(facets, key=lambda f: (f["order"], f["code"]))


def _theme_facets(themes, counts, selected=""):
    return [
        {
            "code": t.code,
            "name": localise(t.name, t.name_en),
            "audience": t.audience,
            "count": counts.get(t.code, 0),
            "selected": t.code == selected,
        }
        for t in themes
        if counts.get(t.code)
    ]


@require_safe
def catalogue(request):
    """The catalogue's front page: by who it serves, by theme, by department, and a search box."""
    index = catalogue_index()
    results = index.search("", page_size=1)
    themes = _theme_facets(Theme.objects.all(), results.themes)
    return render(
        request,
        "services/catalogue.html",
        {
            "total": results.total,
            "audiences": [
                {"code": code, "label": label, "count": results.audiences.get(code, 0)}
                for code, label in audience_labels()
            ],
            "person_themes": [t for t in themes if t["audience"] == Audience.PERSON],
            "enterprise_themes": [t for t in themes if t["audience"] == Audience.ENTERPRISE],
            "departments": _department_facets(index.departments, results.departments),
        },
    )


def audience_labels():
    """Who an item serves, as the catalogue's two doors name them (个人办事 / 法人办事)."""
    return [
        (Audience.PERSON, _("Services for persons")),
        (Audience.ENTERPRISE, _("Services for enterprises")),
    ]


def _link(params, **changes):
    """The results URL's query with some parameters changed (a changed filter goes back to page 1)."""
    merged = {**params, "page": 1, **changes}
    return "?" + urlencode({k: v for k, v in merged.items() if v and not (k == "page" and v == 1)})


@require_safe
def search(request):
    """Search results with facets (department, theme, audience) and pages."""
    params = search_params(request.GET)
    index = catalogue_index()
    results = index.search(
        params["q"],
        department=params["department"],
        theme=params["theme"],
        audience=params["audience"],
        page=params["page"],
        page_size=PAGE_SIZE,
    )
    themes = Theme.objects.all()
    theme_names = {t.code: localise(t.name, t.name_en) for t in themes}
    labels = dict(audience_labels())
    departments = _department_facets(index.departments, results.departments, params["department"])
    theme_facets = _theme_facets(themes, results.themes, params["theme"])
    audiences = [
        {
            "code": code,
            "label": label,
            "count": results.audiences.get(code, 0),
            "selected": code == params["audience"],
        }
        for code, label in labels.items()
    ]
    for key, facets in (("department", departments), ("theme", theme_facets), ("audience", audiences)):
        for facet in facets:
            facet["url"] = _link(params, **{key: "" if facet["selected"] else facet["code"]})
    return render(
        request,
        "services/search.html",
        {
            "params": params,
            "results": results,
            "departments": departments,
            "themes": theme_facets,
            "audiences": audiences,
            "clear_url": _link(params, department="", theme="", audience=""),
            "page_links": [
                (n, _link(params, page=n) if n else None) for n in _page_range(results.page, results.pages)
            ],
            "previous_url": _link(params, page=results.page - 1) if results.page > 1 else "",
            "next_url": _link(params, page=results.page + 1) if results.page < results.pages else "",
            "selected_department": localise(*index.departments[params["department"]][:2])
            if params["department"] in index.departments
            else "",
            "selected_theme": theme_names.get(params["theme"], ""),
            "selected_audience": labels.get(params["audience"], ""),
        },
    )


def _page_range(page, pages, around=2):
    """Page numbers to link: the first, the last and a few around the current one (None = a gap)."""
    shown = sorted({1, pages, *range(max(1, page - around), min(pages, page + around) + 1)})
    out, previous = [], 0
    for number in shown:
        if number - previous > 1:
            out.append(None)
        out.append(number)
        previous = number
    return out


@require_safe
def guide(request, code):
    """The service guide (办事指南) of one published item: everything needed to apply, printable."""
    item, version = get_published_item(code)
    materials = list(version.materials.all())
    listed = pgettext("list separator", ", ").join
    return render(
        request,
        "services/guide.html",
        {
            "item": item,
            "version": version,
            "materials": materials,
            "fetched_count": sum(1 for m in materials if m.is_fetched),
            "form_fields": list(version.form_fields.all()),
            "steps": list(version.steps.all()),
            "themes": listed(localise(t.name, t.name_en) for t in version.themes.all()),
            "co_departments": listed(d.display_name for d in version.co_departments.all()),
            "service_objects": listed(
                str(ServiceObject(code).label)
                for code in version.service_objects
                if code in ServiceObject.values
            ),
            "handling_forms": listed(
                str(HandlingForm(code).label)
                for code in version.handling_forms
                if code in HandlingForm.values
            ),
            "apply_url": f"/cases/apply/{item.code}/",  # the applicant's pages (cases app)
        },
    )


@require_safe
def life_events(request, audience=Audience.PERSON):
    """Life-cycle navigation (人生/企业全生命周期): the stages of a person's or an enterprise's life in
    order, each with its bundled services (一件事) and its published items. Five queries whatever the
    number of stages."""
    from django.db.models import Prefetch

    from yiwang.services.models import LifeEvent, ServiceItem, ServiceItemVersion

    published = (
        ServiceItem.objects.filter(current__status=ServiceItemVersion.PUBLISHED)
        .select_related("current", "department")
        .order_by("implementation_code")
    )
    from yiwang.bundles.models import Bundle

    stages = (
        LifeEvent.objects.filter(audience=audience)
        .order_by("sort_order", "code")
        .prefetch_related(Prefetch("items", queryset=published))
    )
    bundles = {}
    for bundle in Bundle.objects.filter(published=True).exclude(life_event=""):
        bundles.setdefault(bundle.life_event, []).append(bundle)
    return render(
        request,
        "services/life_events.html",
        {
            "audience": audience,
            "stages": [
                {
                    "event": event,
                    "name": localise(event.name, event.name_en),
                    "items": list(event.items.all()),
                    "bundles": bundles.get(event.code, []),
                }
                for event in stages
            ],
        },
    )
