"""Small pieces other apps' pages show: the bundle of a staff case, the guide of an item, my bundle cases."""

from django import template

from yiwang.bundles.models import BundleCaseItem, Guide
from yiwang.bundles.permissions import bundle_cases_for_applicant

register = template.Library()


@register.inclusion_tag("bundles/_staff_case_bundle.html")
def bundle_of_case(case):
    """On a case in the workbench: the bundle it is part of, if any."""
    part = BundleCaseItem.objects.filter(case_id=case.pk).select_related("bundle_case__bundle").first()
    return {"part": part}


@register.inclusion_tag("bundles/_item_guide_link.html")
def item_guide_link(item):
    """On an item's service guide: the situation questions, if the item has them."""
    return {"item": item, "has_guide": Guide.objects.filter(item_id=item.pk).exists()}


@register.inclusion_tag("bundles/_my_bundle_cases.html")
def my_bundle_cases(user):
    """In the personal centre: the user's latest bundle cases."""
    return {
        "bundle_cases": list(
            bundle_cases_for_applicant(user).select_related("bundle").order_by("-created_at", "-id")[:5]
        )
    }
