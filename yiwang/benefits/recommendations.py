"""What the personal centre recommends next (智能推荐), with the reason, from the active rules.

All rules of the subject's kind are evaluated together: one `load()` per data source for the
whole page, whatever the number of rules.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone

from yiwang.benefits import conditions
from yiwang.benefits.models import RecommendationOptOut, RecommendationRule
from yiwang.services.models import ServiceItemVersion


def recommendations_switched_off(user):
    return RecommendationOptOut.objects.filter(user=user).exists()


def recommendations_for(subject, audience, today=None):
    """[{"rule", "item", "reason"}] for the subject (a Person or an Enterprise), in the rules' order."""
    today = today or timezone.localdate()
    rules = list(
        RecommendationRule.objects.filter(
            audience=audience, is_active=True, item__current__status=ServiceItemVersion.PUBLISHED
        ).select_related("item__current")
    )
    usable = []
    for rule in rules:
        try:
            usable.append((rule, conditions.check_condition(rule.condition, audience)))
        except ValidationError:  # a rule broken since it was saved (an item code gone) is skipped, not shown
            continue
    records = conditions.load(
        [clause for _rule, condition in usable for clause in condition], [subject.pk], today
    )
    shown = []
    for rule, condition in usable:
        if conditions.compile_condition(condition, today)(subject.pk, records):
            shown.append(
                {
                    "rule": rule,
                    "item": rule.item,
                    "reason": rule.reason.replace("{item}", rule.item.current.name),
                }
            )
    return shown
