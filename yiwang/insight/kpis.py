"""The reform KPIs of DOMAIN.md §9, read from the pre-computed counts (and the small catalogue).

Every figure of a dashboard comes from a handful of grouped sums over `Count` rows of a date
window: the cost depends on the window and the number of departments, not on how many cases or
tickets the district has ever had. A rate is None when there is nothing to divide by (shown "—").
"""

import datetime
from collections import defaultdict

from django.core.cache import cache
from django.db.models import Count as Rows
from django.db.models import Q, Sum
from django.utils import timezone

from yiwang.insight.models import Count
from yiwang.insight.sources import BAD_LEVELS, GOOD_LEVELS, SATISFIED_LEVELS
from yiwang.services.models import Material, OnlineDepth, ServiceItemVersion

GRANULARITIES = ("day", "week", "month")
WINDOW = {"day": 30, "week": 12, "month": 12}  # buckets shown in a trend
CATALOGUE_CACHE_SECONDS = 300


def rate(part, whole):
    """part ÷ whole in per cent, one decimal; None when whole is 0."""
    return round(100 * part / whole, 1) if whole else None


def bucket_of(day, granularity):
    if granularity == "day":
        return day
    if granularity == "week":
        return day - datetime.timedelta(days=day.weekday())
    return day.replace(day=1)


def buckets(granularity, today=None):
    """The first days of the trend's buckets, oldest first, ending with the one holding today."""
    today = today or timezone.localdate()
    last = bucket_of(today, granularity)
    out = [last]
    for _ in range(WINDOW[granularity] - 1):
        previous = out[-1] - datetime.timedelta(days=1)
        out.append(bucket_of(previous, granularity))
    return out[::-1]


def label(first_day, granularity):
    if granularity == "month":
        return first_day.strftime("%Y-%m")
    if granularity == "week":
        year, week, _ = first_day.isocalendar()
        return f"{year}-W{week:02d}"
    return first_day.isoformat()


DAY, MONTH = Count.DAY, Count.MONTH


def period_of(granularity):
    """Whole months are read from the month rows (12 a year), anything else from the day rows."""
    return MONTH if granularity == "month" else DAY


def _counts(metrics, start, end, departments, period=DAY):
    if period == MONTH:
        start = start.replace(day=1)
    rows = Count.objects.filter(metric__in=metrics, period=period, day__gte=start, day__lte=end)
    if departments is not None:
        rows = rows.filter(department_id__in=departments)
    return rows


def grouped(metrics, start, end, departments=None, by=(), period=DAY):
    """{(metric, *by values): (n, total)} summed over the window (whole months with period MONTH)."""
    out = {}
    for row in (
        _counts(metrics, start, end, departments, period)
        .values("metric", *by)
        .annotate(sn=Sum("n"), st=Sum("total"))
        .order_by()
    ):
        out[(row["metric"], *[row[field] for field in by])] = (row["sn"] or 0, row["st"] or 0)
    return out


def _n(table, *key):
    return table.get(key, (0, 0))[0]


def _total(table, *key):
    return table.get(key, (0, 0))[1]


CASE_METRICS = ("case.submitted", "case.accepted", "case.finished", "case.not_accepted", "case.withdrawn")
TICKET_METRICS = (
    "ticket.received",
    "ticket.merged",
    "ticket.closed",
    "ticket.responded",
    "ticket.on_time",
    "ticket.visited",
    "ticket.solved",
    "ticket.satisfied",
)
FLOW_METRICS = CASE_METRICS + TICKET_METRICS + ("eval.fixed",)


def figures(table):
    """The KPIs of one scope from its summed counts: {(metric,): (n, total), ("eval.level", level): ...}."""
    finished = _n(table, "case.finished")
    closed = _n(table, "ticket.closed")
    visited = _n(table, "ticket.visited")
    levels = {level: _n(table, "eval.level", str(level)) for level in range(1, 6)}
    evaluations = sum(levels.values())
    bad = sum(levels[level] for level in BAD_LEVELS)
    return {
        "cases_submitted": _n(table, "case.submitted"),
        "cases_accepted": _n(table, "case.accepted"),
        "cases_finished": finished,
        "cases_on_time": _total(table, "case.finished"),
        "on_time_rate": rate(_total(table, "case.finished"), finished),  # 按时办结率
        "tickets_received": _n(table, "ticket.received"),
        "tickets_closed": closed,
        "response_rate": rate(_n(table, "ticket.responded"), closed),  # 响应率
        "solved_rate": rate(_n(table, "ticket.solved"), visited),  # 解决率
        "ticket_satisfied_rate": rate(_n(table, "ticket.satisfied"), visited),  # 满意率
        "ticket_on_time_rate": rate(_n(table, "ticket.on_time"), closed),  # 按时办结率 (12345)
        "repeat_rate": rate(_n(table, "ticket.merged"), _n(table, "ticket.received")),  # 重复来电率
        "handling_hours": round(_total(table, "ticket.closed") / closed / 3600, 1) if closed else None,
        "evaluations": evaluations,
        "bad_reviews": bad,
        "good_rate": rate(sum(levels[level] for level in GOOD_LEVELS), evaluations),  # 好评率
        "satisfied_rate": rate(sum(levels[level] for level in SATISFIED_LEVELS), evaluations),  # 满意率
        "fix_rate": rate(_n(table, "eval.fixed"), bad),  # 差评整改率
    }


def scope_figures(start, end, departments=None, period=DAY):
    """The KPIs of the district (departments None) or of some departments over [start, end]."""
    table = grouped(FLOW_METRICS, start, end, departments, period=period)
    table.update(grouped(("eval.level",), start, end, departments, by=("dim",), period=period))
    return figures(table)


def department_figures(start, end, departments=None, period=DAY):
    """{department_id: KPIs} for every department with counts in the window."""
    per = defaultdict(dict)
    for (metric, department), value in grouped(
        FLOW_METRICS, start, end, departments, by=("department_id",), period=period
    ).items():
        per[department][(metric,)] = value
    for (metric, department, dim), value in grouped(
        ("eval.level",), start, end, departments, by=("department_id", "dim"), period=period
    ).items():
        per[department][(metric, dim)] = value
    return {department: figures(table) for department, table in per.items()}


def trend(granularity, departments=None, today=None):
    """Per bucket: cases submitted and finished, 按时办结率, tickets received and closed, 好评率."""
    firsts = buckets(granularity, today)
    end = today or timezone.localdate()
    period = period_of(granularity)
    per = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    metrics = ("case.submitted", "case.finished", "ticket.received", "ticket.closed", "ticket.on_time")
    for row in (
        _counts(metrics, firsts[0], end, departments, period)
        .values("metric", "day")
        .annotate(sn=Sum("n"), st=Sum("total"))
        .order_by()
    ):
        cell = per[bucket_of(row["day"], granularity)][row["metric"]]
        cell[0] += row["sn"] or 0
        cell[1] += row["st"] or 0
    for row in (
        _counts(("eval.level",), firsts[0], end, departments, period)
        .values("dim", "day")
        .annotate(sn=Sum("n"))
        .order_by()
    ):
        bucket = per[bucket_of(row["day"], granularity)]
        bucket["eval.all"][0] += row["sn"] or 0
        if row["dim"] in {str(level) for level in GOOD_LEVELS}:
            bucket["eval.good"][0] += row["sn"] or 0
    out = []
    for first in firsts:
        cell = per.get(first, {})

        def get(metric, cell=cell):
            return cell.get(metric, (0, 0))

        out.append(
            {
                "label": label(first, granularity),
                "cases_submitted": get("case.submitted")[0],
                "cases_finished": get("case.finished")[0],
                "on_time_rate": rate(get("case.finished")[1], get("case.finished")[0]),
                "tickets_received": get("ticket.received")[0],
                "tickets_closed": get("ticket.closed")[0],
                "ticket_on_time_rate": rate(get("ticket.on_time")[0], get("ticket.closed")[0]),
                "evaluations": get("eval.all")[0],
                "good_rate": rate(get("eval.good")[0], get("eval.all")[0]),
            }
        )
    return out


def channel_volume(start, end, departments=None, period=DAY):
    """{channel: {"cases": n, "tickets": n, "evaluations": n}} over the window."""
    out = defaultdict(lambda: {"cases": 0, "tickets": 0, "evaluations": 0})
    names = {"case.submitted": "cases", "ticket.received": "tickets", "eval.channel": "evaluations"}
    for (metric, dim), (n, _total) in grouped(
        tuple(names), start, end, departments, by=("dim",), period=period
    ).items():
        out[dim or "other"][names[metric]] += n
    return dict(out)


def places(start, end, departments=None, period=DAY):
    """{(street id, category id): tickets received} over the window."""
    out = {}
    for (_metric, dim), (n, _total) in grouped(
        ("ticket.place",), start, end, departments, by=("dim",), period=period
    ).items():
        street, _, category = dim.partition("/")
        if n:
            out[(int(street or 0), int(category or 0))] = n
    return out


def hot_issues(today=None, departments=None, days=30, top=10):
    """The (street, category) pairs with most tickets in the last `days`, with the previous
    `days` beside them: a rising pair is a hot issue (热点问题)."""
    today = today or timezone.localdate()
    start = today - datetime.timedelta(days=days - 1)
    now = places(start, today, departments)
    before = places(start - datetime.timedelta(days=days), start - datetime.timedelta(days=1), departments)
    ranked = sorted(now.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    return [
        {"street": street, "category": category, "tickets": n, "before": before.get((street, category), 0)}
        for (street, category), n in ranked
    ]


def sharing(start, end, departments=None, period=DAY):
    """{metric: n} of data-sharing activity: share requests made and answered (the data hub's events)."""
    out = {}
    for (metric,), (n, _total) in grouped(SHARE_METRICS, start, end, departments, period=period).items():
        out[metric] = n
    return out


SHARE_METRICS = ("share.requested", "share.decided")


# The catalogue (a few thousand published items at most) ------------------------------------------


def _catalogue(departments):
    versions = ServiceItemVersion.objects.filter(status=ServiceItemVersion.PUBLISHED)
    materials = Material.objects.filter(version__status=ServiceItemVersion.PUBLISHED)
    if departments is not None:
        versions = versions.filter(item__department_id__in=departments)
        materials = materials.filter(version__item__department_id__in=departments)
    items = versions.aggregate(
        items=Rows("id"),
        online=Rows("id", filter=Q(online_depth=OnlineDepth.FULLY_ONLINE)),
        immediate=Rows("id", filter=Q(promised_limit=0)),
        zero_visits=Rows("id", filter=Q(visits=0)),
        one_visit=Rows("id", filter=Q(visits__lte=1)),
        statutory=Sum("statutory_limit", filter=Q(statutory_limit__isnull=False, statutory_limit__gt=0)),
        promised=Sum("promised_limit", filter=Q(statutory_limit__isnull=False, statutory_limit__gt=0)),
    )
    mats = materials.aggregate(all=Rows("id"), fetched=Rows("id", filter=Q(source__in=Material.FETCHED)))
    statutory, promised = items["statutory"] or 0, items["promised"] or 0
    return {
        "items": items["items"],
        "online_rate": rate(items["online"], items["items"]),  # 全程网办率
        "immediate_rate": rate(items["immediate"], items["items"]),  # 即办率
        "zero_visit_rate": rate(items["zero_visits"], items["items"]),  # 零跑动率
        "one_visit_rate": rate(items["one_visit"], items["items"]),  # 一次办率
        "compression_rate": rate(statutory - promised, statutory),  # 承诺时限压缩比
        "materials": mats["all"],
        "material_rate": rate(mats["fetched"], mats["all"]),  # 材料精简率
    }


def catalogue_figures(departments=None):
    """The catalogue KPIs, computed at most every few minutes per scope (the catalogue changes by
    publication, not by the minute)."""
    key = "insight:catalogue:" + ("all" if departments is None else ",".join(map(str, sorted(departments))))
    return cache.get_or_set(key, lambda: _catalogue(departments), CATALOGUE_CACHE_SECONDS)


def material_rates(departments=None):
    """[(department id, all materials, fetched, rate)] of the published catalogue (材料精简率 per
    department), cached like the catalogue figures."""
    key = "insight:materials:" + ("all" if departments is None else ",".join(map(str, sorted(departments))))
    return cache.get_or_set(key, lambda: _material_rates(departments), CATALOGUE_CACHE_SECONDS)


def _material_rates(departments):
    materials = Material.objects.filter(version__status=ServiceItemVersion.PUBLISHED)
    if departments is not None:
        materials = materials.filter(version__item__department_id__in=departments)
    rows = (
        materials.values("version__item__department_id")
        .annotate(all=Rows("id"), fetched=Rows("id", filter=Q(source__in=Material.FETCHED)))
        .order_by()
    )
    return sorted(
        (
            (r["version__item__department_id"], r["all"], r["fetched"], rate(r["fetched"], r["all"]))
            for r in rows
        ),
        key=lambda row: (-(row[3] or 0), row[0]),
    )
