"""The dashboard's figures as one JSON-ready dict: the page renders its tables from it and its
charts from the same dict embedded in the page; the large screen fetches it every minute."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from yiwang.accounts.models import Department
from yiwang.core.channels import Channel
from yiwang.core.text import localise
from yiwang.hotline.models import Category
from yiwang.insight import kpis
from yiwang.insight.reports import CATALOGUE_KPIS, DEPARTMENT_COLUMNS, FLOW_KPIS


def _names(ids):
    return {
        pk: localise(name)
        for pk, name in Department.objects.filter(pk__in=[i for i in ids if i]).values_list("pk", "name")
    }


def _channel(code):
    try:
        return str(Channel(code).label)
    except ValueError:
        return code or _("Other")


def dashboard_data(departments=None, granularity="month", today=None):
    today = today or timezone.localdate()
    start = kpis.buckets(granularity, today)[0]
    period = kpis.period_of(granularity)
    per = kpis.department_figures(start, today, departments, period)
    places = kpis.places(start, today, departments, period)
    hot = kpis.hot_issues(today, departments)
    streets = _names({s for s, _c in places} | {row["street"] for row in hot})
    categories = {pk: localise(name) for pk, name in Category.objects.values_list("pk", "name")}
    material_rates = kpis.material_rates(departments)
    names = _names(set(per) | {row[0] for row in material_rates})
    street_ids = sorted({s for s, _c in places}, key=lambda s: (s == 0, streets.get(s, "")))
    category_ids = sorted({c for _s, c in places}, key=lambda c: (c == 0, categories.get(c, "")))
    no_street, no_category = _("Street not known"), _("Not categorised yet")
    return {
        "granularity": granularity,
        "start": start.isoformat(),
        "end": today.isoformat(),
        "labels": {key: str(text) for key, text, _unit in (*FLOW_KPIS, *CATALOGUE_KPIS)},
        "units": {key: unit for key, _text, unit in (*FLOW_KPIS, *CATALOGUE_KPIS)},
        "figures": kpis.scope_figures(start, today, departments, period),
        "catalogue": kpis.catalogue_figures(departments),
        "trend": kpis.trend(granularity, departments, today),
        "channels": [
            {"channel": _channel(code), **values}
            for code, values in sorted(kpis.channel_volume(start, today, departments, period).items())
        ],
        "departments": sorted(
            ({"department": names.get(d, _("No department yet")), **figures} for d, figures in per.items()),
            key=lambda row: row["department"],
        ),
        "department_columns": [[key, str(text), unit] for key, text, unit in DEPARTMENT_COLUMNS],
        "heat": {
            "streets": [streets.get(s, no_street) for s in street_ids],
            "categories": [categories.get(c, no_category) for c in category_ids],
            "cells": [
                [i, j, places.get((s, c), 0)]
                for i, s in enumerate(street_ids)
                for j, c in enumerate(category_ids)
            ],
        },
        "categories": sorted(
            (
                {
                    "category": categories.get(c, no_category),
                    "tickets": sum(n for (_s, cc), n in places.items() if cc == c),
                }
                for c in category_ids
            ),
            key=lambda row: -row["tickets"],
        ),
        "hot": [
            {
                "street": streets.get(row["street"], no_street),
                "category": categories.get(row["category"], no_category),
                "tickets": row["tickets"],
                "before": row["before"],
            }
            for row in hot
        ],
        "sharing": kpis.sharing(start, today, departments, period),
        "materials": [
            {"department": names.get(d, ""), "materials": total, "fetched": fetched, "rate": rate}
            for d, total, fetched, rate in material_rates
        ],
    }


CARD_GROUPS = (
    (_lazy("Services"), "figures", ("cases_submitted", "cases_finished", "on_time_rate")),
    (
        _lazy("12345 hotline"),
        "figures",
        (
            "tickets_received",
            "tickets_closed",
            "response_rate",
            "solved_rate",
            "ticket_satisfied_rate",
            "ticket_on_time_rate",
            "repeat_rate",
            "handling_hours",
        ),
    ),
    (_lazy("Evaluations (好差评)"), "figures", ("evaluations", "good_rate", "satisfied_rate", "fix_rate")),
    (
        _lazy("Service catalogue"),
        "catalogue",
        (
            "items",
            "online_rate",
            "immediate_rate",
            "zero_visit_rate",
            "one_visit_rate",
            "compression_rate",
            "material_rate",
        ),
    ),
)


def cards(data):
    """[(group title, [(label, value, unit)])] for the KPI cards of the page."""
    return [
        (title, [(data["labels"][key], data[source][key], data["units"][key]) for key in keys])
        for title, source, keys in CARD_GROUPS
    ]


def tables(data):
    """The department table and the street heat table as rows for the page."""
    columns = data["department_columns"]
    departments = [
        (row["department"], [(row[key], unit) for key, _text, unit in columns]) for row in data["departments"]
    ]
    heat = data["heat"]
    grid = [[0] * len(heat["categories"]) for _ in heat["streets"]]
    for i, j, n in heat["cells"]:
        grid[i][j] = n
    peak = max([n for _i, _j, n in heat["cells"]] or [0]) or 1
    streets = [
        (street, [(n, round(n / peak, 2)) for n in grid[i]]) for i, street in enumerate(heat["streets"])
    ]
    return {"departments": departments, "streets": streets}
