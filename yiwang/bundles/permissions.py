"""Who may see which bundle and bundle case.

Published bundles and guides are public. A bundle case is seen by the account that submitted it
(404 for anyone else, never a hint that it exists); staff see a bundle case when one of its item
cases belongs to a department where they hold a handling or watching role, and then see of the
other items only their names, departments and states.
"""

import uuid

from django.http import Http404

from yiwang.bundles.models import Bundle, BundleCase, Guide
from yiwang.cases.permissions import cases_for_staff


def _code(value):
    try:
        return uuid.UUID(str(value))
    except (ValueError, TypeError):
        raise Http404 from None


def get_published_bundle(slug):
    bundle = Bundle.objects.filter(slug=slug, published=True).first()
    if bundle is None:
        raise Http404
    return bundle


def get_item_guide(item_code):
    guide = (
        Guide.objects.select_related("item__current", "item__department")
        .filter(item__code=_code(item_code), item__current__status="published")
        .first()
    )
    if guide is None:
        raise Http404
    return guide


def bundle_cases_for_applicant(user):
    if not getattr(user, "is_authenticated", False):
        return BundleCase.objects.none()
    return BundleCase.objects.filter(owner=user)


def get_bundle_case_for_applicant(user, code):
    bundle_case = bundle_cases_for_applicant(user).filter(code=_code(code)).select_related("bundle").first()
    if bundle_case is None:
        raise Http404
    return bundle_case


def get_bundle_case_for_staff(user, code):
    bundle_case = BundleCase.objects.filter(code=_code(code)).select_related("bundle").first()
    if bundle_case is None or not cases_for_staff(user).filter(bundle_part__bundle_case=bundle_case).exists():
        raise Http404
    return bundle_case
