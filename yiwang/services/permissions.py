"""Who may see what of the catalogue: the public sees an item only while it has a published version."""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404

from yiwang.services.models import ServiceItem, ServiceItemVersion


def get_published_item(code):
    """The item with public code `code` and its published version, everything a guide shows prefetched;
    404 for an unknown code, a withdrawn item or one never published."""
    if code is None:
        raise Http404
    item = get_object_or_404(
        ServiceItem.objects.select_related("department", "current"),
        code=code,
        current__isnull=False,
        current__status=ServiceItemVersion.PUBLISHED,
    )
    version = (
        ServiceItemVersion.objects.filter(pk=item.current_id)
        .prefetch_related("materials", "form_fields", "steps", Prefetch("themes"), Prefetch("co_departments"))
        .get()
    )
    return item, version
