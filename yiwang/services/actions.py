"""Every write to the service catalogue.

An item's content travels as one plain dict, the *spec*: the scalar GB/T 39046 fields of a version
(`VERSION_FIELDS`), `themes` (theme codes), `co_departments` (department codes) and the lists
`materials`, `form_fields` and `steps` (dicts of their fields). The admin, the Excel and JSON
import, the demo catalogue and the tests all write through the same few actions with that shape, so
the same checks run whatever the door. A published version is never changed: `do_draft_version`
starts a new draft from it and `do_publish_version` swaps it in. Refusals raise `ValidationError`
keyed by spec path (`materials[2].source`) and change nothing.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yiwang.accounts.models import Department, Role
from yiwang.core.events import EventCode, record_event
from yiwang.core.identifiers import IdentifierError, parse_credit_code  # noqa: F401 - re-exported for import checks
from yiwang.services.models import (
    Audience,
    FormField,
    HandlingForm,
    HandlingType,
    Material,
    OnlineDepth,
    ProcessStep,
    ServiceItem,
    ServiceItemVersion,
    ServiceObject,
    Theme,
)

VERSION_FIELDS = [
    "name",
    "item_type",
    "exercise_level",
    "summary",
    "aliases",
    "legal_basis",
    "body_nature",
    "statutory_limit",
    "statutory_limit_note",
    "promised_limit",
    "promised_limit_note",
    "acceptance_conditions",
    "intermediary_services",
    "quantity_limit",
    "result_name",
    "result_sample",
    "fee_required",
    "fee_basis",
    "service_scope",
    "service_objects",
    "handling_forms",
    "special_procedures",
    "booking",
    "online_payment",
    "express_delivery",
    "online",
    "online_url",
    "visits",
    "online_depth",
    "handling_type",
    "place",
    "hours",
    "enquiry_phone",
    "complaint_phone",
]
MATERIAL_FIELDS = [
    "name",
    "issuer",
    "originals",
    "copies",
    "format",
    "required",
    "source",
    "source_ref",
    "note",
]
FORM_FIELD_FIELDS = ["key", "label", "kind", "required", "choices", "help_text", "max_length", "prefill"]
STEP_FIELDS = ["name", "role", "limit", "description"]
NESTED = {
    "materials": (Material, MATERIAL_FIELDS),
    "form_fields": (FormField, FORM_FIELD_FIELDS),
    "steps": (ProcessStep, STEP_FIELDS),
}
# Prefill sources the platform itself holds; anything else must name a data resource field ("<code>.<field>").
PREFILL_SOURCES = {
    "applicant.name",
    "applicant.id_number",
    "applicant.phone",
    "applicant.address",
    "enterprise.name",
    "enterprise.credit_code",
    "enterprise.legal_representative",
}
STAFF_STEP_ROLES = {Role.WINDOW_CLERK, Role.OFFICER, Role.DEPARTMENT_HEAD}


# Reading a version back as a spec -------------------------------------------------------------------


def spec_of(version):
    """The spec of a version: what export writes and what a new draft starts from."""
    spec = {name: getattr(version, name) for name in VERSION_FIELDS}
    spec["themes"] = [theme.code for theme in version.themes.all()]
    spec["co_departments"] = [department.code for department in version.co_departments.all()]
    for key, (_model, fields) in NESTED.items():
        spec[key] = [{name: getattr(row, name) for name in fields} for row in getattr(version, key).all()]
    return spec


# Checking a spec ------------------------------------------------------------------------------------


def _codes(value, allowed, path, errors):
    if not isinstance(value, list) or not value:
        errors[path] = _("Choose at least one.")
        return
    wrong = [str(v) for v in value if str(v) not in allowed]
    if wrong:
        errors[path] = _("Unknown codes: %(codes)s") % {"codes": ", ".join(wrong)}


def _rows(model, fields, rows, path, errors, *, exclude):
    built = []
    if not isinstance(rows, list):
        errors[path] = _("This must be a list.")
        return built
    for index, row in enumerate(rows):
        if not isinstance(row, dict):
            errors[f"{path}[{index}]"] = _("This must be an object.")
            continue
        unknown = set(row) - set(fields)
        if unknown:
            errors[f"{path}[{index}]"] = _("Unknown fields: %(fields)s") % {
                "fields": ", ".join(sorted(unknown))
            }
            continue
        obj = model(sort_order=index, **{name: value for name, value in row.items()})
        try:
            obj.full_clean(exclude=exclude)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors[f"{path}[{index}].{field}"] = " ".join(messages)
        built.append(obj)
    return built


def check_spec(spec):
    """Validate a spec against the model fields and the rules of GB/T 39046.

    Returns the unsaved objects `(version, themes, co_departments, nested)`; raises a
    `ValidationError` whose dict maps every bad spec path to its message.
    """
    errors = {}
    if not isinstance(spec, dict):
        raise ValidationError({"": _("An item must be an object of fields.")})
    known = set(VERSION_FIELDS) | {"themes", "co_departments"} | set(NESTED)
    unknown = set(spec) - known
    if unknown:
        errors[""] = _("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
    version = ServiceItemVersion(**{name: spec[name] for name in VERSION_FIELDS if name in spec})
    try:
        version.full_clean(exclude=["item", "number", "status", "service_objects", "handling_forms"])
    except ValidationError as error:
        errors.update({field: " ".join(messages) for field, messages in error.message_dict.items()})
    _codes(spec.get("service_objects", []), ServiceObject.values, "service_objects", errors)
    _codes(spec.get("handling_forms", []), HandlingForm.values, "handling_forms", errors)

    if "online_depth" not in errors and "visits" not in errors:
        if version.online_depth == OnlineDepth.FULLY_ONLINE and version.visits:
            errors["visits"] = _("An item handled fully online (depth Ⅳ) needs no visit.")
        if version.online_depth == OnlineDepth.FULLY_ONLINE and not version.online:
            errors["online"] = _("An item handled fully online (depth Ⅳ) must be available online.")
    if "promised_limit" not in errors and "handling_type" not in errors:
        if version.handling_type == HandlingType.IMMEDIATE and version.promised_limit:
            errors["promised_limit"] = _(
                "An item decided on the spot has a promised limit of 0 working days."
            )
        if version.handling_type == HandlingType.PROMISED and not version.promised_limit:
            errors["promised_limit"] = _(
                "An item decided within a promised limit needs that limit (at least 1 working day)."
            )
    if (
        version.statutory_limit is not None
        and "statutory_limit" not in errors
        and "promised_limit" not in errors
        and version.promised_limit > version.statutory_limit
    ):
        errors["promised_limit"] = _(
            "The promised limit cannot be longer than the statutory limit (%(days)s working days)."
        ) % {"days": version.statutory_limit}

    theme_codes = spec.get("themes", [])
    themes = list(Theme.objects.filter(code__in=theme_codes)) if isinstance(theme_codes, list) else []
    missing = sorted(
        set(map(str, theme_codes if isinstance(theme_codes, list) else [])) - {t.code for t in themes}
    )
    if missing:
        errors["themes"] = _("Unknown themes: %(codes)s") % {"codes": ", ".join(missing)}
    department_codes = spec.get("co_departments", [])
    co_departments = (
        list(Department.objects.filter(code__in=department_codes))
        if isinstance(department_codes, list)
        else []
    )
    missing = sorted(
        set(map(str, department_codes if isinstance(department_codes, list) else []))
        - {d.code for d in co_departments}
    )
    if missing:
        errors["co_departments"] = _("Unknown departments: %(codes)s") % {"codes": ", ".join(missing)}

    nested = {
        key: _rows(model, fields, spec.get(key, []), key, errors, exclude=["version"])
        for key, (model, fields) in NESTED.items()
    }
    _check_form(nested["form_fields"], errors)
    for index, step in enumerate(nested["steps"]):
        if step.role not in STAFF_STEP_ROLES:
            errors[f"steps[{index}].role"] = _(
                "A step is acted on by a window clerk, an officer or a department head."
            )
    if not nested["steps"] and version.handling_type == HandlingType.PROMISED:
        errors["steps"] = _("An item decided within a promised limit needs at least one review step.")
    if errors:
        raise ValidationError(errors)
    return version, themes, co_departments, nested


def _check_form(form_fields, errors):
    seen = set()
    for index, field in enumerate(form_fields):
        path = f"form_fields[{index}]"
        if field.key in seen:
            errors[f"{path}.key"] = _("Two fields of one form cannot share the key “%(key)s”.") % {
                "key": field.key
            }
        seen.add(field.key)
        if field.kind == FormField.CHOICE:
            if not (
                isinstance(field.choices, list)
                and field.choices
                and all(isinstance(c, str) and c.strip() for c in field.choices)
            ):
                errors[f"{path}.choices"] = _("A choice field needs a list of choices.")
        elif field.choices:
            errors[f"{path}.choices"] = _("Only a choice field has choices.")
        if field.prefill and field.prefill not in PREFILL_SOURCES and not _is_resource_field(field.prefill):
            errors[f"{path}.prefill"] = _(
                "Prefill from one of %(sources)s, or from a data resource field written as CODE.field."
            ) % {"sources": ", ".join(sorted(PREFILL_SOURCES))}


def _is_resource_field(source):
    code, dot, field = source.partition(".")
    return bool(dot and code and field) and code not in {"applicant", "enterprise"}


# Themes ---------------------------------------------------------------------------------------------

# Writing --------------------------------------------------------------------------------------------


def _write_version(version, themes, co_departments, nested):
    version.save()
    version.themes.set(themes)
    version.co_departments.set(co_departments)
    for key, rows in nested.items():
        getattr(version, key).all().delete()
        for row in rows:
            row.version = version
        NESTED[key][0].objects.bulk_create(rows)
    return version


def _check_codes(implementation_code, basic_code):
    errors = {}
    implementation_code = (implementation_code or "").strip()
    if (
        not implementation_code
        or len(implementation_code) > 24
        or not implementation_code.isascii()
        or not implementation_code.isalnum()
    ):
        errors["implementation_code"] = _("The implementation code is 1 to 24 letters and digits.")
    basic_code = (basic_code or "").strip()
    if len(basic_code) > 10 or (basic_code and not (basic_code.isascii() and basic_code.isalnum())):
        errors["basic_code"] = _("The basic code is at most 10 letters and digits.")
    if errors:
        raise ValidationError(errors)
    return implementation_code.upper(), basic_code.upper()


def do_create_item(*, implementation_code, department, spec, actor, basic_code=""):
    """Add an item to the catalogue with `spec` as its first (draft) version; returns the draft."""
    implementation_code, basic_code = _check_codes(implementation_code, basic_code)
    parts = check_spec(spec)
    with transaction.atomic():
        if ServiceItem.objects.filter(implementation_code=implementation_code).exists():
            raise ValidationError(
                {"implementation_code": _("An item with this implementation code exists already.")}
            )
        item = ServiceItem.objects.create(
            implementation_code=implementation_code, basic_code=basic_code, department=department
        )
        version = parts[0]
        version.item, version.number, version.status = item, 1, ServiceItemVersion.DRAFT
        _write_version(version, *parts[1:])
        record_event(
            EventCode.ITEM_CREATED,
            actor=actor,
            obj=item,
            payload={"implementation_code": implementation_code, "name": version.name},
        )
    return version


def _locked_draft(version):
    version = ServiceItemVersion.objects.select_for_update().get(pk=version.pk)
    if not version.is_editable:
        raise ValidationError(_("A published version never changes: start a new version to edit it."))
    return version


def do_change_draft(version, *, spec, actor):
    """Replace a draft version's content with `spec`."""
    version_obj, themes, co_departments, nested = check_spec(spec)
    with transaction.atomic():
        draft = _locked_draft(version)
        for name in VERSION_FIELDS:
            setattr(draft, name, getattr(version_obj, name))
        _write_version(draft, themes, co_departments, nested)
        record_event(
            EventCode.ITEM_VERSION_CHANGED, actor=actor, obj=draft.item, payload={"version": draft.number}
        )
    return draft


def do_draft_version(item, *, actor, spec=None):
    """Start the next version of an item from its latest version (or from `spec`); returns the draft.

    An item has at most one draft: asking again returns the one being edited.
    """
    with transaction.atomic():
        item = ServiceItem.objects.select_for_update().get(pk=item.pk)
        existing = item.versions.filter(status=ServiceItemVersion.DRAFT).first()
        if existing is not None:
            if spec is not None:
                return do_change_draft(existing, spec=spec, actor=actor)
            return existing
        latest = item.versions.order_by("-number").first()
        parts = check_spec(spec if spec is not None else spec_of(latest))
        version = parts[0]
        version.item, version.number, version.status = item, latest.number + 1, ServiceItemVersion.DRAFT
        _write_version(version, *parts[1:])
        record_event(
            EventCode.ITEM_VERSION_DRAFTED, actor=actor, obj=item, payload={"version": version.number}
        )
    return version


def do_publish_version(version, *, actor):
    """Make a draft the item's current version; the version it replaces is retired, not changed."""
    with transaction.atomic():
        draft = _locked_draft(version)
        check_spec(spec_of(draft))  # what was saved piecemeal (e.g. in admin) must still hold together
        item = ServiceItem.objects.select_for_update().get(pk=draft.item_id)
        now = timezone.now()
        if item.current_id:
            ServiceItemVersion.objects.filter(pk=item.current_id).update(
                status=ServiceItemVersion.RETIRED, updated_at=now
            )
        draft.status, draft.published_at, draft.published_by = ServiceItemVersion.PUBLISHED, now, actor
        draft.save(update_fields=["status", "published_at", "published_by", "updated_at"])
        item.current = draft
        item.save(update_fields=["current", "updated_at"])
        record_event(
            EventCode.ITEM_VERSION_PUBLISHED,
            actor=actor,
            obj=item,
            payload={"version": draft.number, "name": draft.name},
        )
    _catalogue_changed()
    return draft


def do_withdraw_item(item, *, actor):
    """Take an item out of the public catalogue (its current version is retired); cases keep theirs."""
    with transaction.atomic():
        item = ServiceItem.objects.select_for_update().get(pk=item.pk)
        if not item.current_id:
            raise ValidationError(_("This item is not in the public catalogue."))
        ServiceItemVersion.objects.filter(pk=item.current_id).update(
            status=ServiceItemVersion.RETIRED, updated_at=timezone.now()
        )
        item.current = None
        item.save(update_fields=["current", "updated_at"])
        record_event(EventCode.ITEM_WITHDRAWN, actor=actor, obj=item)
    _catalogue_changed()
    return item


def _catalogue_changed():
    """Tell every process that the published catalogue changed (the search index rebuilds itself)."""
    from django.core.cache import cache

    transaction.on_commit(lambda: cache.set("services:catalogue-stamp", timezone.now().timestamp(), None))


# Themes ---------------------------------------------------------------------------------------------


def _checked_theme(theme):
    try:
        theme.full_clean()
    except ValidationError as error:
        raise ValidationError(error.message_dict) from None
    return theme


def do_create_theme(*, code, audience, name, actor, name_en="", sort_order=0):
    """Add a theme (主题分类) items can be filed under; refuses a code in use."""
    with transaction.atomic():
        theme = _checked_theme(
            Theme(
                code=str(code or "").strip(),
                audience=audience,
                name=str(name or "").strip(),
                name_en=str(name_en or "").strip(),
                sort_order=sort_order,
            )
        )
        theme.save()
        record_event(
            EventCode.THEME_CHANGED, actor=actor, obj=theme, payload={"code": theme.code, "created": True}
        )
    _catalogue_changed()
    return theme


def do_change_theme(theme, *, name, actor, audience=None, name_en="", sort_order=0):
    """Rename, reorder or re-aim a theme; its code stays (catalogue files refer to it)."""
    with transaction.atomic():
        theme = Theme.objects.select_for_update().get(pk=theme.pk)
        theme.name, theme.name_en = str(name or "").strip(), str(name_en or "").strip()
        theme.sort_order = sort_order
        theme.audience = audience or theme.audience
        _checked_theme(theme).save()
        record_event(EventCode.THEME_CHANGED, actor=actor, obj=theme, payload={"code": theme.code})
    _catalogue_changed()
    return theme


def do_save_life_event(*, code, name, actor, name_en="", summary="", sort_order=0, items=()):
    """Create or change a life event (人生/企业阶段) and the items it lists; refuses an unknown code,
    an empty name and an item that is not in the catalogue."""
    from yiwang.services.models import LifeEvent

    code = str(code or "").strip()
    if code not in dict(LifeEvent.CODE_CHOICES):
        raise ValidationError({"code": _("Choose one of the life events.")})
    name = str(name or "").strip()
    if not name or len(name) > 50:
        raise ValidationError({"name": _("Give a name of at most 50 characters.")})
    items = list(items)
    if any(not isinstance(item, ServiceItem) or item.pk is None for item in items):
        raise ValidationError({"items": _("Choose service items of the catalogue.")})
    audience = Audience.PERSON if code in LifeEvent.PERSON_CODES else Audience.ENTERPRISE
    with transaction.atomic():
        event, created = LifeEvent.objects.select_for_update().get_or_create(
            code=code, defaults={"audience": audience, "name": name}
        )
        event.audience, event.name = audience, name
        event.name_en, event.summary = str(name_en or "").strip()[:100], str(summary or "").strip()[:300]
        event.sort_order = sort_order or 0
        event.save()
        event.items.set(items)
        record_event(
            EventCode.LIFE_EVENT_CHANGED,
            actor=actor,
            obj=event,
            payload={"code": code, "created": created, "items": [i.implementation_code for i in items]},
        )
    return event
