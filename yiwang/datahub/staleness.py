"""Which resources missed their update cycle, for the steward pages and the leaders' dashboard."""

from collections import OrderedDict

from yiwang.datahub.models import Resource


def stale_resources():
    return (
        Resource.objects.filter(is_active=True, stale_since__isnull=False)
        .select_related("provider")
        .order_by("provider__sort_order", "stale_since")
    )


def stale_resources_by_department():
    """{department: [stale resources]}, departments in their usual order: what the dashboard shows."""
    grouped = OrderedDict()
    for resource in stale_resources():
        grouped.setdefault(resource.provider, []).append(resource)
    return grouped
