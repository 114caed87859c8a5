"""What bundles save applicants, for the dashboard (DOMAIN.md §2; see docs/bundles.md).

Per bundle as configured (`bundle_savings`) and over the bundle cases actually submitted
(`savings_by_bundle`, `savings_overall`), compared with applying for the same items one by one:

- days: the items' promised limits added up, minus the bundle's promised limit;
- fields: the form fields the items ask for (files excepted) added up, minus the merged form's fields;
- visits: the items' visits added up, minus the bundle's visits.

Submitted cases count the items that applied to them (a guide may leave some out). The queries are
aggregates (a fixed handful per call, whatever the number of cases), cheap enough for a dashboard
that reads them once a period; the future insight app stores them as pre-computed counts.
"""

from django.db.models import Count, Q, Sum

from yiwang.bundles.models import Bundle, BundleCase, BundleCaseItem, BundleField, BundleItem
from yiwang.services.models import FormField


def _asked_fields(version_ids):
    rows = (
        FormField.objects.filter(version_id__in=version_ids)
        .exclude(kind=FormField.FILE)
        .values("version_id")
        .annotate(n=Count("id"))
    )
    return {row["version_id"]: row["n"] for row in rows}


def configured_savings(bundles):
    """{bundle pk: savings} for bundles as configured, every item applying: {"days", "fields", "visits"}
    saved and the separate totals they come from ("separate_days", "separate_fields",
    "separate_visits"). Three queries, whatever the number of bundles."""
    bundles = list(bundles)
    items = {}
    for bundle_item in BundleItem.objects.filter(bundle__in=bundles).select_related("item__current"):
        items.setdefault(bundle_item.bundle_id, []).append(bundle_item.item.current)
    merged = dict(
        BundleField.objects.filter(bundle__in=bundles).values_list("bundle_id").annotate(n=Count("id"))
    )
    asked = _asked_fields([v.pk for versions in items.values() for v in versions if v is not None])
    result = {}
    for bundle in bundles:
        versions = [v for v in items.get(bundle.pk, []) if v is not None]
        separate_days = sum(v.promised_limit for v in versions)
        separate_fields = sum(asked.get(v.pk, 0) for v in versions)
        separate_visits = sum(v.visits for v in versions)
        result[bundle.pk] = {
            "separate_days": separate_days,
            "days": max(0, separate_days - bundle.promised_limit),
            "separate_fields": separate_fields,
            "fields": max(0, separate_fields - merged.get(bundle.pk, 0)),
            "separate_visits": separate_visits,
            "visits": max(0, separate_visits - bundle.visits),
        }
    return result


def bundle_savings(bundle):
    """What one application of `bundle` saves, with every item applying (see configured_savings)."""
    return configured_savings([bundle])[bundle.pk]


def savings_by_bundle(since=None, until=None):
    """One row per bundle with submitted cases in [since, until): {"bundle", "cases", "days",
    "fields", "visits"} saved in total by those cases."""
    cases = BundleCase.objects.all()
    if since is not None:
        cases = cases.filter(submitted_at__gte=since)
    if until is not None:
        cases = cases.filter(submitted_at__lt=until)
    per_bundle = {row["bundle_id"]: row["n"] for row in cases.values("bundle_id").annotate(n=Count("id"))}
    if not per_bundle:
        return []
    parts = (
        BundleCaseItem.objects.filter(bundle_case__in=cases)
        .values("bundle_case__bundle_id", "case__version_id")
        .annotate(
            n=Count("id"), days=Sum("case__version__promised_limit"), visits=Sum("case__version__visits")
        )
    )
    asked = _asked_fields({row["case__version_id"] for row in parts})
    totals = {pk: {"days": 0, "fields": 0, "visits": 0} for pk in per_bundle}
    for row in parts:
        total = totals[row["bundle_case__bundle_id"]]
        total["days"] += row["days"] or 0
        total["visits"] += row["visits"] or 0
        total["fields"] += asked.get(row["case__version_id"], 0) * row["n"]
    bundles = Bundle.objects.filter(pk__in=per_bundle).annotate(
        merged=Count("fields", filter=Q(fields__isnull=False))
    )
    rows = []
    for bundle in bundles:
        n, total = per_bundle[bundle.pk], totals[bundle.pk]
        rows.append(
            {
                "bundle": bundle,
                "cases": n,
                "days": max(0, total["days"] - n * bundle.promised_limit),
                "fields": max(0, total["fields"] - n * bundle.merged),
                "visits": max(0, total["visits"] - n * bundle.visits),
            }
        )
    return rows


def savings_overall(since=None, until=None):
    """{"cases", "days", "fields", "visits"} saved by every bundle case submitted in [since, until)."""
    rows = savings_by_bundle(since, until)
    return {key: sum(row[key] for row in rows) for key in ("cases", "days", "fields", "visits")}
