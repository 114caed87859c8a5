"""The quality score of an open dataset (0–100), shown on its page and in the API:

- metadata (40%): the share of the catalogue fields a reader needs that are filled — a description
  of some length, keywords, theme, licence, update cycle, publication date, a contact phone;
- filled (30%): the share of non-empty cells among the opened columns;
- timeliness (30%): 1 while the data is within its declared update cycle, falling to 0 at twice the
  cycle; an irregular resource counts as timely for a year.

Recomputed on publication and by `yiwang opendata refresh` (and its scheduled task), never per view.
"""

from django.db.models import Count, Q
from django.utils import timezone

from yiwang.datahub.models import Record, Resource
from yiwang.opendata.publishing import open_columns

WEIGHTS = {"metadata": 0.4, "filled": 0.3, "timeliness": 0.3}


def metadata_share(dataset):
    resource = dataset.resource
    checks = [
        len(dataset.notes or "") >= 20,
        bool(dataset.tags),
        bool(dataset.theme),
        bool(dataset.licence),
        resource.update_cycle != Resource.IRREGULAR,
        resource.published_on is not None,
        bool(resource.provider.phone),
    ]
    return sum(checks) / len(checks)


def filled_share(dataset):
    columns = open_columns(dataset)
    records = Record.objects.filter(resource_id=dataset.resource_id, is_deleted=False)
    if not columns:
        return 0.0
    counts = records.aggregate(
        total=Count("id"),
        **{
            f"c{i}": Count(
                "id",
                filter=Q(**{f"values__{key}__isnull": False})
                & ~Q(**{f"values__{key}": ""})
                & ~Q(**{f"values__{key}": None}),
            )
            for i, key in enumerate(columns)
        },
    )
    if not counts["total"]:
        return 0.0
    return sum(counts[f"c{i}"] for i in range(len(columns))) / (counts["total"] * len(columns))


def timeliness(dataset, now=None):
    resource = dataset.resource
    if resource.data_updated_at is None:
        return 0.0
    now = now or timezone.now()
    cycle = Resource.CYCLE_DAYS.get(resource.update_cycle, 366)
    age = (now - resource.data_updated_at).total_seconds() / 86400
    if age <= cycle:
        return 1.0
    return max(0.0, 1 - (age - cycle) / cycle)


def score(dataset, now=None):
    """(score 0–100, parts) of a dataset."""
    parts = {
        "metadata": metadata_share(dataset),
        "filled": filled_share(dataset),
        "timeliness": timeliness(dataset, now),
    }
    total = round(100 * sum(WEIGHTS[name] * share for name, share in parts.items()))
    return total, {name: round(share, 3) for name, share in parts.items()}
