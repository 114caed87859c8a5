"""The supervision list (电子监察): every time limit near (yellow) or past (red) its end, whatever
object it belongs to, and the monthly statistics per department.

The list reads running and paused clocks only, through the (state, due_at) index; the monthly
statistics read the pre-computed counts.
"""

import datetime
from collections import defaultdict

from django.db.models import Count as Rows
from django.db.models import F, Q

from yiwang.accounts.models import Department
from yiwang.core.models import Clock
from yiwang.insight import kpis

LIST_LIMIT = 300
SIGNALS = ("yellow", "red")


def _red(now):
    return Q(state=Clock.RUNNING, due_at__lt=now) | Q(state=Clock.PAUSED, paused_at__gt=F("due_at"))


def flagged(now, departments=None):
    """Clocks at yellow or red: running past their warning point, or paused after it."""
    clocks = Clock.objects.filter(
        Q(state=Clock.RUNNING, warn_at__lte=now) | Q(state=Clock.PAUSED, paused_at__gte=F("warn_at"))
    )
    if departments is not None:
        clocks = clocks.filter(department_id__in=departments)
    return clocks


def listing(now, departments=None, signal="", kind=""):
    clocks = flagged(now, departments)
    if signal == "red":
        clocks = clocks.filter(_red(now))
    elif signal == "yellow":
        clocks = clocks.exclude(_red(now))
    if kind:
        clocks = clocks.filter(kind=kind)
    return clocks.select_related("department").order_by("due_at", "pk")[:LIST_LIMIT]


def summary(now, departments=None):
    """[{department, yellow, red}] for every department with a flagged clock, most red first."""
    rows = (
        flagged(now, departments)
        .values("department_id")
        .annotate(all=Rows("id"), red=Rows("id", filter=_red(now)))
        .order_by()
    )
    names = dict(
        Department.objects.filter(
            pk__in=[r["department_id"] for r in rows if r["department_id"]]
        ).values_list("pk", "name")
    )
    out = [
        {
            "department_id": r["department_id"],
            "department": names.get(r["department_id"], ""),
            "yellow": r["all"] - r["red"],
            "red": r["red"],
        }
        for r in rows
    ]
    return sorted(out, key=lambda row: (-row["red"], -row["yellow"], row["department"]))


def month_bounds(month):
    """First and last day of a "YYYY-MM" month; ValueError for anything else."""
    if not isinstance(month, str) or len(month) != 7 or month[4] != "-":
        raise ValueError(month)
    first = datetime.date(int(month[:4]), int(month[5:]), 1)
    if first.year < 2000 or first.year > 2100:
        raise ValueError(month)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return first, following - datetime.timedelta(days=1)


def monthly(first, last, now, departments=None):
    """Per department for the month: limits started, stopped in time and late, urging notices and
    escalations sent, cases finished and on time, tickets closed and on time, and red right now."""
    per = defaultdict(lambda: defaultdict(int))
    table = kpis.grouped(
        ("clock.started", "clock.stopped", "case.finished", "ticket.closed", "ticket.on_time"),
        first,
        last,
        departments,
        by=("department_id",),
        period=kpis.MONTH,
    )
    for (metric, department), (n, total) in table.items():
        row = per[department]
        if metric == "clock.started":
            row["started"] += n
        elif metric == "clock.stopped":
            row["met"] += total
            row["late"] += n - total
        elif metric == "case.finished":
            row["cases"] += n
            row["cases_on_time"] += total
        elif metric == "ticket.closed":
            row["tickets"] += n
        else:
            row["tickets_on_time"] += n
    for (_metric, department, kind), (n, _total) in kpis.grouped(
        ("notice.sent",), first, last, departments, by=("department_id", "dim"), period=kpis.MONTH
    ).items():
        per[department]["urged" if kind == "urge" else "escalated"] += n
    for row in (
        flagged(now, departments)
        .filter(_red(now))
        .values("department_id")
        .annotate(red=Rows("id"))
        .order_by()
    ):
        per[row["department_id"] or 0]["red_now"] += row["red"]
    names = dict(Department.objects.filter(pk__in=[d for d in per if d]).values_list("pk", "name"))
    out = []
    for department, row in per.items():
        stopped = row["met"] + row["late"]
        out.append(
            {
                "department_id": department,
                "department": names.get(department, ""),
                "started": row["started"],
                "met": row["met"],
                "late": row["late"],
                "met_rate": kpis.rate(row["met"], stopped),
                "urged": row["urged"],
                "escalated": row["escalated"],
                "cases": row["cases"],
                "case_on_time_rate": kpis.rate(row["cases_on_time"], row["cases"]),
                "tickets": row["tickets"],
                "ticket_on_time_rate": kpis.rate(row["tickets_on_time"], row["tickets"]),
                "red_now": row["red_now"],
            }
        )
    return sorted(out, key=lambda row: (row["department"] == "", row["department"]))
