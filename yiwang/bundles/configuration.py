"""Checks of a bundle's and a guide's configuration, run before publishing and shown in admin.

A bundle may be published only when its merged form covers every required field of every item:
each such field is mapped from a field of the merged form, fed from the item it waits for, or
prefilled from the applicant's own record. Errors are keyed "<item implementation code>/<field
key>" (or "bundle", "<field key>") so that admin can say exactly what is missing where.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from yiwang.bundles.models import FieldMapping, GuideRule
from yiwang.cases.answers import clean_answers
from yiwang.services.models import Audience, FormField, ServiceItemVersion

# What prefill_answers (cases/answers.py) fills from the applicant's own record, by audience.
PREFILLED = {
    Audience.PERSON: frozenset({"applicant.name", "applicant.id_number", "applicant.phone"}),
    Audience.ENTERPRISE: frozenset(
        {"applicant.name", "enterprise.name", "enterprise.credit_code", "enterprise.legal_representative"}
    ),
}
# Kinds whose answers an item field of another kind still accepts (an ID number is text, too).
COMPATIBLE = {
    FormField.TEXT: {FormField.TEXT},
    FormField.ADDRESS: {FormField.ADDRESS, FormField.TEXT},
    FormField.CITIZEN_ID: {FormField.CITIZEN_ID, FormField.TEXT},
    FormField.CREDIT_CODE: {FormField.CREDIT_CODE, FormField.TEXT},
    FormField.PHONE: {FormField.PHONE, FormField.TEXT},
    FormField.NUMBER: {FormField.NUMBER, FormField.TEXT},
    FormField.DATE: {FormField.DATE, FormField.TEXT},
    FormField.CHOICE: {FormField.CHOICE, FormField.TEXT},
}
RESULT_KINDS = {
    "result.case_number": {FormField.TEXT},
    "result.letter_number": {FormField.TEXT},
    "result.finished_date": {FormField.DATE, FormField.TEXT},
}


def _published(item):
    version = item.current
    return version if version is not None and version.status == ServiceItemVersion.PUBLISHED else None


def _key(bundle_item, field_key=None):
    code = bundle_item.item.implementation_code
    return f"{code}/{field_key}" if field_key else code


def _check_kind(errors, key, source_kind, source_choices, target):
    if target.kind == FormField.FILE:
        errors[key] = _("A file field is uploaded with the item's materials; it cannot be mapped.")
    elif target.kind not in COMPATIBLE.get(source_kind, ()):
        errors[key] = _("%(label)s expects %(kind)s; the source gives another kind of value.") % {
            "label": target.label,
            "kind": target.get_kind_display(),
        }
    elif target.kind == FormField.CHOICE and not set(source_choices or ()) <= set(target.choices):
        errors[key] = _("%(label)s accepts only: %(choices)s") % {
            "label": target.label,
            "choices": "、".join(target.choices),
        }


def _waits_in_a_circle(bundle_item):
    seen, current = set(), bundle_item
    while current.waits_for_id is not None:
        if current.pk in seen:
            return True
        seen.add(current.pk)
        current = current.waits_for
    return False


def check_bundle(bundle):
    """Everything wrong with a bundle's configuration, as {key: message}; empty when it may be published."""
    errors = {}
    items = list(bundle.items.select_related("item__current", "waits_for__item__current"))
    fields = {f.pk: f for f in bundle.fields.all()}
    if len(items) < 2:
        errors["bundle"] = _("A bundle combines at least two service items.")
    prefilled = PREFILLED.get(bundle.audience, frozenset())
    used_fields = set()
    guide = getattr(bundle, "guide", None)
    # An optional field of the merged form that the guide brings in is required whenever it applies.
    guided_fields = (
        set(
            guide.rules.filter(effect=GuideRule.INCLUDE)
            .exclude(field_key="")
            .values_list("field_key", flat=True)
        )
        if guide is not None
        else set()
    )
    for bundle_item in items:
        version = _published(bundle_item.item)
        if version is None:
            errors[_key(bundle_item)] = _("%(item)s has no published version.") % {"item": bundle_item.item}
            continue
        if not version.serves(bundle.audience):
            errors[_key(bundle_item)] = _("%(item)s does not serve this bundle's applicants.") % {
                "item": version.name
            }
        if bundle_item.waits_for_id is not None and (
            bundle_item.waits_for.bundle_id != bundle.pk or _waits_in_a_circle(bundle_item)
        ):
            errors[_key(bundle_item)] = _(
                "%(item)s must wait for another item of this bundle, not in a circle."
            ) % {"item": version.name}
        item_fields = {f.key: f for f in version.form_fields.all()}
        waited = _published(bundle_item.waits_for.item) if bundle_item.waits_for_id else None
        waited_fields = {f.key: f for f in waited.form_fields.all()} if waited else {}
        mapped = set()
        for mapping in bundle_item.mappings.all():
            key = _key(bundle_item, mapping.item_field)
            target = item_fields.get(mapping.item_field)
            if target is None:
                errors[key] = _("%(item)s has no form field called %(field)s.") % {
                    "item": version.name,
                    "field": mapping.item_field,
                }
                continue
            mapped.add(mapping.item_field)
            if sum(map(bool, (mapping.bundle_field_id, mapping.fixed_value, mapping.fed_from))) != 1:
                errors[key] = _(
                    "Give %(label)s one source: a field of the merged form, a fixed answer, or the "
                    "item waited for."
                ) % {"label": target.label}
                continue
            if mapping.bundle_field_id:
                source = fields[mapping.bundle_field_id]
                used_fields.add(source.pk)
                _check_kind(errors, key, source.kind, source.choices, target)
                if target.required and not source.required and source.key not in guided_fields:
                    errors[key] = _(
                        "%(label)s is required by the item: the merged form must require %(source)s too."
                    ) % {"label": target.label, "source": source.label}
                continue
            if mapping.fixed_value:
                try:
                    clean_answers(
                        version, {mapping.item_field: mapping.fixed_value}, partial=True, fields=[target]
                    )
                except ValidationError as error:
                    errors[key] = " ".join(error.messages)
                continue
            if waited is None:
                errors[key] = _("Only an item that waits for another can be fed from its result.")
            elif mapping.fed_from == FieldMapping.LATER:
                pass
            elif mapping.fed_from in RESULT_KINDS:
                if target.kind not in RESULT_KINDS[mapping.fed_from]:
                    errors[key] = _("%(label)s cannot take %(source)s.") % {
                        "label": target.label,
                        "source": FieldMapping.RESULT_SOURCES[mapping.fed_from],
                    }
            elif mapping.fed_from.startswith("answers.") and mapping.fed_from[8:] in waited_fields:
                source = waited_fields[mapping.fed_from[8:]]
                _check_kind(errors, key, source.kind, source.choices, target)
            else:
                errors[key] = _("%(source)s is not something the item waited for offers.") % {
                    "source": mapping.fed_from
                }
        for key, target in item_fields.items():
            if (
                target.required
                and target.kind != FormField.FILE
                and key not in mapped
                and target.prefill not in prefilled
            ):
                errors[_key(bundle_item, key)] = _(
                    "%(item)s: the required field %(label)s is not covered by the merged form."
                ) % {"item": version.name, "label": target.label}
    for field in fields.values():
        if field.pk not in used_fields:
            errors.setdefault(
                field.key, _("%(label)s is asked but no item uses it.") % {"label": field.label}
            )
        if field.kind == FormField.CHOICE and not field.choices:
            errors[field.key] = _("%(label)s is a choice: list its choices.") % {"label": field.label}
    if guide is not None:
        errors.update(check_guide(guide))
    return errors


def _guide_scope(guide):
    """(items of the bundle, material names -> required?, form field keys -> required?) a guide may name."""
    if guide.bundle_id:
        bundle_items = {bi.pk: bi for bi in guide.bundle.items.select_related("item__current")}
        materials = {}
        for bi in bundle_items.values():
            version = _published(bi.item)
            for material in version.materials.all() if version else ():
                materials[material.name] = materials.get(material.name, False) or material.required
        fields = {f.key: f.required for f in guide.bundle.fields.all()}
        return bundle_items, materials, fields
    version = _published(guide.item)
    if version is None:
        return {}, {}, {}
    return (
        {},
        {m.name: m.required for m in version.materials.all()},
        {f.key: f.required for f in version.form_fields.all()},
    )


def check_guide(guide):
    """Everything wrong with a guide's rules, keyed "guide/<rule id>" or "guide/<question key>"."""
    errors = {}
    bundle_items, materials, fields = _guide_scope(guide)
    for question in guide.questions.all():
        if question.options.count() < 2:
            errors[f"guide/{question.key}"] = _("%(question)s needs at least two options.") % {
                "question": question.text
            }
    for rule in guide.rules.select_related("option__question", "bundle_item"):
        key = f"guide/rule-{rule.pk}"
        targets = [bool(rule.bundle_item_id), bool(rule.material), bool(rule.field_key)]
        if sum(targets) != 1:
            errors[key] = _("A rule names exactly one item, material or form field.")
        elif rule.option.question.guide_id != guide.pk:
            errors[key] = _("The rule's option belongs to another guide.")
        elif rule.bundle_item_id:
            if rule.bundle_item_id not in bundle_items:
                errors[key] = _("The rule's item is not part of this bundle.")
            elif rule.effect == GuideRule.EXCLUDE and rule.bundle_item.waiting.exists():
                errors[key] = _("Other items wait for %(item)s; it cannot be left out.") % {
                    "item": rule.bundle_item.name
                }
        elif rule.material:
            if rule.material not in materials:
                errors[key] = _("No item here asks for a material called %(name)s.") % {"name": rule.material}
            elif rule.effect == GuideRule.EXCLUDE and materials[rule.material]:
                errors[key] = _("%(name)s is required by the item; it cannot be left out.") % {
                    "name": rule.material
                }
        elif rule.field_key not in fields:
            errors[key] = _("There is no form field called %(key)s.") % {"key": rule.field_key}
        elif fields[rule.field_key]:
            errors[key] = _(
                "The form field %(key)s is required; only an optional field can depend on the answers."
            ) % {"key": rule.field_key}
    return errors
