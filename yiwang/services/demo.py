"""The demo catalogue: the themes and the published service items of `demo_catalogue.py`.

Everything is written through the catalogue actions, so every demo item passes the same checks as
an item added in the admin or imported. Safe to run again: a theme saved as it is and an item whose
implementation code exists already are left alone (an item edited since keeps its edits).
"""

from yiwang.accounts.demo import REGION
from yiwang.accounts.models import Department
from yiwang.services.actions import do_create_item, do_create_theme, do_publish_version, do_save_life_event
from yiwang.services.demo_catalogue import CATALOGUE, DEFAULTS, DESKS, LIFE_EVENTS, THEMES
from yiwang.services.models import HandlingForm, HandlingType, LifeEvent, OnlineDepth, ServiceItem, Theme

FORMS_BY_DEPTH = {
    OnlineDepth.FULLY_ONLINE: [HandlingForm.WINDOW, HandlingForm.ONLINE, HandlingForm.MOBILE],
    OnlineDepth.ONLINE_PRE_REVIEW: [HandlingForm.WINDOW, HandlingForm.ONLINE, HandlingForm.MOBILE],
    OnlineDepth.DOWNLOAD: [HandlingForm.WINDOW],
    OnlineDepth.INFORMATION: [HandlingForm.WINDOW],
}


def implementation_code(department, entry):
    """The department's credit code, the item type and the item's serial: 24 characters."""
    return f"{department.credit_code}{entry['item_type']}{entry['serial']:04d}"


def demo_spec(department, entry):
    """The full spec of a demo item: the entry over the shared defaults and the department's desk."""
    depth = entry["online_depth"]
    spec = {
        **DEFAULTS,
        "place": DESKS[department.code.rsplit("-", 1)[1]],
        "enquiry_phone": department.phone,
        "handling_forms": [str(form) for form in FORMS_BY_DEPTH[depth]],
        "online": depth >= OnlineDepth.ONLINE_PRE_REVIEW,
        "visits": 0 if depth == OnlineDepth.FULLY_ONLINE else 1,
        "handling_type": HandlingType.IMMEDIATE if entry["promised_limit"] == 0 else HandlingType.PROMISED,
    }
    spec.update({key: value for key, value in entry.items() if key != "serial"})
    return spec


def seed_themes():
    """Add the demo themes that are missing; a theme edited since is left as it is."""
    existing = set(Theme.objects.values_list("code", flat=True))
    for order, (code, audience, name, name_en) in enumerate(THEMES, start=1):
        if code not in existing:
            do_create_theme(
                code=code, audience=audience, name=name, name_en=name_en, sort_order=order, actor=None
            )


def seed(out):
    seed_themes()
    existing = set(ServiceItem.objects.values_list("implementation_code", flat=True))
    added = 0
    for suffix, entries in CATALOGUE.items():
        department = Department.objects.get(code=f"{REGION}-{suffix}")
        for entry in entries:
            code = implementation_code(department, entry)
            if code in existing:
                continue
            draft = do_create_item(
                implementation_code=code, department=department, spec=demo_spec(department, entry), actor=None
            )
            do_publish_version(draft, actor=None)
            added += 1
    if added:
        out.write(f"Service catalogue: {added} demo items published in {len(CATALOGUE)} departments.")
    seed_life_events(out)


def life_event_items(themes, names=(), exclude=()):
    """The published items under any of `themes`, kept to those whose name contains one of `names`
    (when given) and none of `exclude`, in catalogue order."""
    items = (
        ServiceItem.objects.filter(current__themes__code__in=themes, current__status="published")
        .select_related("current")
        .distinct()
        .order_by("implementation_code")
    )
    return [
        item
        for item in items
        if (not names or any(n in item.current.name for n in names))
        and not any(n in item.current.name for n in exclude)
    ]


def seed_life_events(out):
    """Add the demo life events that are missing, with their items chosen from the themes; a life
    event edited since is left as it is."""
    existing = set(LifeEvent.objects.values_list("code", flat=True))
    added = 0
    for order, (code, name, name_en, summary, themes, names, exclude) in enumerate(LIFE_EVENTS, start=1):
        if code in existing:
            continue
        do_save_life_event(
            code=code,
            name=name,
            name_en=name_en,
            summary=summary,
            sort_order=order,
            items=life_event_items(themes, names, exclude),
            actor=None,
        )
        added += 1
    if added:
        out.write(f"Life events: {added} stages of life for persons and enterprises.")
