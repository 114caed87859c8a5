"""Reading a situation guide's answers (情形引导): which items, materials and form fields apply.

The rules are data (`GuideRule`); this module only evaluates them. An element no rule names always
applies. An element named by an "include" rule applies only when one of its include rules fires,
and is then needed (an optional material or field becomes required for this applicant). An
"exclude" rule that fires leaves the element out, whatever else fires.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from yiwang.bundles.models import GuideRule


@dataclass
class Outcome:
    """What the answers decided. Sets hold bundle-item ids, material names and form field keys."""

    answers: dict = field(default_factory=dict)
    items_out: set = field(default_factory=set)
    materials_out: set = field(default_factory=set)
    materials_needed: set = field(default_factory=set)
    fields_out: set = field(default_factory=set)
    fields_needed: set = field(default_factory=set)
    explanations: list = field(default_factory=list)  # what each fired rule means, in the order of the rules

    def item_applies(self, bundle_item):
        return bundle_item.pk not in self.items_out

    def material_applies(self, material):
        return material.name not in self.materials_out

    def material_needed(self, material):
        return material.name in self.materials_needed or (
            material.required and self.material_applies(material)
        )

    def field_applies(self, key):
        return key not in self.fields_out


EVERYTHING = Outcome()


def questions_of(guide):
    return list(guide.questions.prefetch_related("options")) if guide is not None else []


def clean_guide_answers(guide, answers):
    """Every question answered with one of its options, or a ValidationError keyed by question key."""
    if guide is None:
        return {}
    if not isinstance(answers, dict):
        raise ValidationError(
            {"guide": _("The guide's answers must be an object of question keys and values.")}
        )
    errors, cleaned = {}, {}
    questions = questions_of(guide)
    known = {q.key for q in questions}
    unknown = sorted(str(key) for key in answers if key not in known)
    if unknown:
        errors["guide"] = _("This guide has no questions called %(keys)s.") % {
            "keys": ", ".join(unknown)[:200]
        }
    for question in questions:
        value = answers.get(question.key)
        values = [option.value for option in question.options.all()]
        if value in (None, ""):
            errors[question.key] = _("Answer this question: %(question)s") % {"question": question.text}
        elif value not in values:
            errors[question.key] = _("Choose one of the offered answers.")
        else:
            cleaned[question.key] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def evaluate(guide, answers):
    """The Outcome of checked answers ({question key: option value}) under the guide's rules."""
    if guide is None:
        return EVERYTHING
    outcome = Outcome(answers=dict(answers))
    included = {"item": set(), "material": set(), "field": set()}
    named = {"item": set(), "material": set(), "field": set()}
    for rule in guide.rules.select_related("option__question", "bundle_item__item__current"):
        kind, target = (
            ("item", rule.bundle_item_id)
            if rule.bundle_item_id
            else (("material", rule.material) if rule.material else ("field", rule.field_key))
        )
        fired = answers.get(rule.option.question.key) == rule.option.value
        if rule.effect == GuideRule.INCLUDE:
            named[kind].add(target)
            if fired:
                included[kind].add(target)
        if not fired:
            continue
        if rule.effect == GuideRule.EXCLUDE:
            {"item": outcome.items_out, "material": outcome.materials_out, "field": outcome.fields_out}[
                kind
            ].add(target)
        if rule.explanation:
            outcome.explanations.append(rule.explanation)
    outcome.items_out |= named["item"] - included["item"]
    outcome.materials_out |= named["material"] - included["material"]
    outcome.fields_out |= named["field"] - included["field"]
    outcome.materials_needed = included["material"] - outcome.materials_out
    outcome.fields_needed = included["field"] - outcome.fields_out
    return outcome
