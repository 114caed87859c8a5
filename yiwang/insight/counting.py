"""Keeping the counts: the event readers, the atomic upserts, the rebuild and the check.

Readers run inside the action's transaction (core.events.read_events): what they add stands or
falls with the action. Each upsert is one `INSERT ... ON CONFLICT DO UPDATE SET n = n + excluded.n`,
which PostgreSQL and SQLite both run atomically, so concurrent actions add up without lost updates
and without reading the row first.
"""

import datetime
from collections import defaultdict

from django.db import connection, transaction

from yiwang.accounts.models import Department
from yiwang.core.events import EventCode, read_events
from yiwang.core.models import Event
from yiwang.insight import sources
from yiwang.insight.models import Contribution, Count

UPSERT = (
    "INSERT INTO insight_count (metric, period, department_id, dim, day, n, total) "
    "VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (metric, period, department_id, dim, day) "
    "DO UPDATE SET n = insight_count.n + excluded.n, total = insight_count.total + excluded.total"
)

# Filled by register_readers() from EventCode names (sources.*_EVENT_NAMES): the event-fed metrics.
EVALUATION_CODES = {}  # code -> +1 (an evaluation) / -1 (one struck out)
FIX_CODES = set()  # a 差评 fixed
SHARE_CODES = {}  # code -> metric


def _key(row):
    metric, department, dim, day, n, total = row
    return (metric, int(department or 0), dim, day if isinstance(day, str) else day.isoformat()), (n, total)


def periods(rows, sign=1):
    """{(metric, period, department_id, dim, day): [n, total]}: each row counted on its day and in
    its month."""
    merged = defaultdict(lambda: [0, 0])
    for row in rows:
        (metric, department, dim, day), (n, total) = _key(row)
        for key in (
            (metric, Count.DAY, department, dim, day),
            (metric, Count.MONTH, department, dim, day[:8] + "01"),
        ):
            merged[key][0] += sign * n
            merged[key][1] += sign * total
    return merged


def add(rows, sign=1):
    """Add rows (metric, department_id, dim, day, n, total) to the counts, in one statement per row
    and period, in a fixed order so that two transactions never wait on each other's rows crosswise."""
    params = [
        (m, p, d, dim, datetime.date.fromisoformat(day), n, t)
        for (m, p, d, dim, day), (n, t) in sorted(periods(rows, sign).items())
        if n or t
    ]
    if params:
        with connection.cursor() as cursor:
            cursor.executemany(UPSERT, params)


def _stored(rows):
    return sorted([list(_key(row)[0]) + list(_key(row)[1]) for row in rows])


def refresh(source, obj):
    """Bring the counts in line with the object as it is now: subtract what it added before, add
    what it adds now (only the difference is written)."""
    new = _stored(source.keys(obj))
    mine = Contribution.objects.filter(object_type=source.object_type, object_id=str(obj.pk))
    previous = mine.values_list("keys", flat=True).first()
    old = previous or []
    if old == new:
        return
    add([(*row[:4], -row[4], -row[5]) for row in old] + new)
    if previous is None:
        Contribution.objects.create(object_type=source.object_type, object_id=str(obj.pk), keys=new)
    else:
        mine.update(keys=new)


def _department_id(value):
    """The department of an event payload: its id (as the feedback app writes it) or its code."""
    if isinstance(value, int) and not isinstance(value, bool):
        return Department.objects.filter(pk=value).values_list("pk", flat=True).first() or 0
    if not isinstance(value, str) or not value or "\x00" in value:
        return 0
    return Department.objects.filter(code=value[:32]).values_list("pk", flat=True).first() or 0


def event_rows(event):
    """The rows an evaluation, fix or sharing event adds (docs/insight.md gives the payloads)."""
    payload = event.payload if isinstance(event.payload, dict) else {}
    department = _department_id(payload.get("department"))
    if event.code in FIX_CODES:
        return sources.fix_keys(event, department)
    if event.code in SHARE_CODES:
        return sources.share_keys(event, department, SHARE_CODES[event.code])
    return sources.evaluation_keys(event, department, EVALUATION_CODES.get(event.code, 1))


def count_event(event, obj):
    add(event_rows(event))


def event_codes():
    return [*EVALUATION_CODES, *FIX_CODES, *SHARE_CODES]


def _reader(source):
    def read(event, obj):
        if obj is not None:
            refresh(source, obj)

    read.__name__ = f"count_{source.object_type.replace('.', '_')}"
    return read


_READERS = {}


def register_readers():
    """Called once from InsightConfig.ready(): one reader per source, and the evaluation readers
    for whichever of the feedback app's event codes exist."""
    for source in sources.SOURCES:
        reader = _READERS.setdefault(source.object_type, _reader(source))
        read_events(source.codes, reader)
    for name, sign in sources.EVALUATION_EVENT_NAMES.items():
        code = getattr(EventCode, name, None)
        if code is not None:
            EVALUATION_CODES[int(code)] = sign
    for name in sources.FIX_EVENT_NAMES:
        code = getattr(EventCode, name, None)
        if code is not None:
            FIX_CODES.add(int(code))
    for name, metric in sources.SHARE_EVENT_NAMES.items():
        code = getattr(EventCode, name, None)
        if code is not None:
            SHARE_CODES[int(code)] = metric
    read_events(event_codes(), count_event)


# Rebuild and check ---------------------------------------------------------------------------------

CHUNK = 2000


def expected(contributions=None):
    """The counts recomputed from scratch: every source object's keys plus every evaluation event.
    Fills `contributions` (a list) with the Contribution rows when given."""
    totals = defaultdict(lambda: [0, 0])

    def count(rows):
        for key, (n, total) in periods(rows).items():
            totals[key][0] += n
            totals[key][1] += total

    for source in sources.SOURCES:
        for obj in source.queryset().iterator(chunk_size=CHUNK):
            rows = _stored(source.keys(obj))
            count(rows)
            if contributions is not None and rows:
                contributions.append(
                    Contribution(object_type=source.object_type, object_id=str(obj.pk), keys=rows)
                )
    codes = event_codes()
    if codes:
        for event in Event.objects.filter(code__in=codes).order_by("pk").iterator(chunk_size=CHUNK):
            count(event_rows(event))
    return {key: tuple(value) for key, value in totals.items() if value[0] or value[1]}


def stored():
    return {
        (c.metric, c.period, c.department_id, c.dim, c.day.isoformat()): (c.n, c.total)
        for c in Count.objects.exclude(n=0, total=0).iterator(chunk_size=CHUNK)
    }


def rebuild():
    """Replace every count and contribution by the recomputed ones, in one transaction (on
    PostgreSQL the two tables are locked meanwhile, so actions wait instead of counting into a
    table that is being replaced). Returns the number of count rows."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("LOCK TABLE insight_count, insight_contribution IN EXCLUSIVE MODE")
        contributions = []
        totals = expected(contributions)
        Count.objects.all().delete()
        Contribution.objects.all().delete()
        Contribution.objects.bulk_create(contributions, batch_size=CHUNK)
        Count.objects.bulk_create(
            [
                Count(
                    metric=m,
                    period=p,
                    department_id=d,
                    dim=dim,
                    day=datetime.date.fromisoformat(day),
                    n=n,
                    total=t,
                )
                for (m, p, d, dim, day), (n, t) in totals.items()
            ],
            batch_size=CHUNK,
        )
    return len(totals)


def check():
    """Differences between the stored counts and the recomputed ones: [(key, stored, expected)]."""
    want, have = expected(), stored()
    return [
        (key, have.get(key, (0, 0)), want.get(key, (0, 0)))
        for key in sorted(set(want) | set(have))
        if have.get(key, (0, 0)) != want.get(key, (0, 0))
    ]
