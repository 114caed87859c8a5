#!/usr/bin/env python3
"""Gateway key lookup p95 with 1,000,000 records in one resource (goal p95 ≤ 20 ms).

    .venv/bin/python bench/gateway_lookup.py [--records N] [--lookups N] [--rounds N]
                                             [--database-url URL] [--var-dir DIR]

Target: `POST /gateway/v1/resources/RK-BENCH/lookup` through Django's test client and the whole
middleware stack, each request signed anew (HMAC-SM3, fresh nonce), with the purpose checked against
an active grant, the record's personal values decrypted and filtered to the granted items, the call
logged and the person's use recorded (three inserts per call). Baseline, in the same process and the
same rounds: the bare ORM lookup of the same keys (blind index computed, one SELECT by key_index).
Printed: p50 / p95 of both, the ratio of the p95s, and the goal's result. See bench/README.md.

The first `--real` records (default 100,000) are generated in bulk through the models, as ingest
writes them (key and subject blind indexes, clear values, SM4-sealed personal values), in batches
of 5,000; the lookups pick their keys among these. The rest, up to `--records`, are filled in with
one SQL statement per 100,000: random 64-hex key and subject indexes (what HMAC-SM3 output looks
like to a B-tree) and a copy of a real row's sealed value, so the table and its unique index have
their full size without a million HMACs and SM4 encryptions in Python (minutes on a quiet machine,
hours on a busy one). Everything is kept in `--var-dir` (SQLite) or the database of
`--database-url` for the next run.
"""

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CODE = "RK-BENCH"
PURPOSE = "基准测试核验"


def citizen_id(n):
    """The n-th of a million distinct valid citizen IDs (birth dates from 1950, 60 a day)."""
    import datetime

    from yiwang.core.identifiers import make_citizen_id

    day = datetime.date(1950, 1, 1) + datetime.timedelta(days=n // 60)
    return make_citizen_id(f"500103{day:%Y%m%d}{n % 60 + 100:03d}")


FILLER_CHUNK = 100_000


def fill(resource, records):
    """Bring the resource to `records` rows with SQL-made filler rows (see the module's docstring)."""
    from django.db import connection

    from yiwang.datahub.models import Record

    have = Record.objects.filter(resource=resource).count()
    sample = Record.objects.filter(resource=resource).values_list("sealed", flat=True).first()
    table = Record._meta.db_table
    started = time.perf_counter()
    while have < records:
        count = min(FILLER_CHUNK, records - have)
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                random_hex = "lower(hex(randomblob(32)))"
                series = f"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {count}) "
                source = "FROM n"
                now = "strftime('%Y-%m-%d %H:%M:%f', 'now')"
            else:
                random_hex = "md5(random()::text) || md5(random()::text)"
                series = ""
                source = f"FROM generate_series(1, {count})"
                now = "now()"
            cursor.execute(
                f'{series}INSERT INTO {table} (resource_id, key_index, subject_index, "values", sealed, version, '
                f"is_deleted, created_at, updated_at) SELECT %s, {random_hex}, {random_hex}, %s, %s, 1, %s, {now}, {now} "
                f"{source}",
                [resource.pk, json.dumps({"sex": "1", "district": "渝中区", "filler": 1}), sample, False],
            )
        have += count
        print(f"\r  filler rows: {have:,} / {records:,}", end="", file=sys.stderr, flush=True)
    print(f"\n  table filled in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def setup(records, real):
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from yiwang.accounts.actions import do_create_staff, do_grant_role
    from yiwang.accounts.demo import seed_departments
    from yiwang.accounts.models import Department, User
    from yiwang.core.actions import do_seed_calendar
    from yiwang.datahub import keys, sharing
    from yiwang.datahub.models import DataElement, DataItem, Record, Resource

    if not Department.objects.exists():
        seed_departments()
        do_seed_calendar(years=[2024, 2025, 2026])
    provider = Department.objects.get(code="500103-03")
    consumer_department = Department.objects.get(code="500103-04")
    resource = Resource.objects.filter(code=CODE).first()
    if resource is None:
        resource = Resource.objects.create(
            code=CODE,
            name="基准人口信息",
            provider=provider,
            abstract="基准测试。",
            sharing_type=Resource.SHARE_UNCONDITIONAL,
            subject_kind=Resource.PERSON,
        )
        element = DataElement.objects.get_or_create(
            identifier="BENCH-ID",
            defaults={"name": "公民身份号码", "is_personal": True, "check_kind": DataElement.CITIZEN_ID},
        )[0]
        name = DataElement.objects.get_or_create(
            identifier="BENCH-NAME", defaults={"name": "姓名", "is_personal": True}
        )[0]
        plain = DataElement.objects.get_or_create(identifier="BENCH-SEX", defaults={"name": "性别"})[0]
        DataItem.objects.create(
            resource=resource,
            key="id_number",
            name="公民身份号码",
            element=element,
            is_key=True,
            is_subject=True,
            sort_order=1,
        )
        DataItem.objects.create(resource=resource, key="name", name="姓名", element=name, sort_order=2)
        DataItem.objects.create(resource=resource, key="sex", name="性别", element=plain, sort_order=3)
        DataItem.objects.create(resource=resource, key="district", name="户籍地", element=plain, sort_order=4)
    have = Record.objects.filter(resource=resource).exclude(values__has_key="filler").count()
    started = time.perf_counter()
    batch = []
    for n in range(have, real):
        number = citizen_id(n)
        batch.append(
            Record(
                resource=resource,
                key_index=keys.key_index_of(CODE, [number]),
                subject_index=keys.person_index(number),
                values={"sex": "1" if n % 2 else "2", "district": "渝中区"},
                sealed=json.dumps({"id_number": number, "name": f"基准{n}"}, ensure_ascii=False),
            )
        )
        if len(batch) == 5000:
            Record.objects.bulk_create(batch)
            batch = []
            done = n + 1 - have
            rate = done / (time.perf_counter() - started)
            print(f"\r  records {n + 1:,} / {real:,} ({rate:,.0f}/s)", end="", file=sys.stderr, flush=True)
    if batch:
        Record.objects.bulk_create(batch)
    if real > have:
        print(
            f"\n  generated {real - have:,} records in {time.perf_counter() - started:.0f} s", file=sys.stderr
        )
    fill(resource, records)
    steward = User.objects.filter(username="bench-steward").first()
    if steward is None:
        steward = do_create_staff(username="bench-steward", name="基准", password="Bench-pass-1", actor=None)
        do_grant_role(steward, consumer_department, "data_steward", actor=None)
    consumer = consumer_department.consumers.filter(subsystem_code="bench").first()
    if consumer is None:
        consumer = sharing.do_register_consumer(
            consumer_department,
            name="基准系统",
            instance="CN-CQ",
            member_class="GOV",
            member_code="BENCH",
            subsystem_code="bench",
            rate_limit=sharing.MAX_RATE_LIMIT,
            actor=steward,
        )
        sharing.do_request_share(
            consumer, resource, purpose=PURPOSE, fields=["id_number", "sex"], duration_days=365, actor=steward
        )
    key, secret = sharing.do_issue_consumer_key(consumer, actor=steward)
    return resource, key.key_id, secret


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--records", type=int, default=1_000_000, help="rows in the resource")
    parser.add_argument(
        "--real", type=int, default=100_000, help="rows made through the models (lookup keys)"
    )
    parser.add_argument("--lookups", type=int, default=500, help="lookups per side per round")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--var-dir", default="", help="keep the SQLite database here for the next run")
    args = parser.parse_args()

    var_dir = args.var_dir or tempfile.mkdtemp(prefix="yiwang-bench-gateway-")
    Path(var_dir).mkdir(parents=True, exist_ok=True)
    os.environ["YIWANG_VAR_DIR"] = var_dir
    os.environ.setdefault("YIWANG_PII_KEY", "6b" * 32)
    os.environ.setdefault(
        "YIWANG_SM2_KEY", "3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8"
    )
    os.environ.setdefault("YIWANG_SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnop")
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "yiwang.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()  # lets the test client's host in; nothing else of the product changes
    settings.DEBUG = False
    from urllib.parse import quote

    from yiwang.datahub import keys, signing
    from yiwang.datahub.models import Record

    print(f"database {connection.vendor}, var dir {var_dir}", file=sys.stderr)
    real = min(args.real, args.records)
    resource, key_id, secret = setup(args.records, real)
    client = Client()
    path = f"/gateway/v1/resources/{CODE}/lookup"
    purpose = quote(PURPOSE)
    rng = random.Random(7)

    def target(number):
        body = json.dumps({"key": {"id_number": number}}).encode()
        headers = signing.signed_headers(key_id, secret, "POST", path, body)
        headers["X-Yiwang-Purpose"] = purpose
        started = time.perf_counter()
        response = client.generic("POST", path, body, content_type="application/json", headers=headers)
        elapsed = time.perf_counter() - started
        if response.status_code != 200:
            raise SystemExit(f"lookup answered {response.status_code}: {response.content[:300]!r}")
        return elapsed

    def baseline(number):
        started = time.perf_counter()
        record = Record.objects.filter(resource=resource, key_index=keys.key_index_of(CODE, [number])).first()
        elapsed = time.perf_counter() - started
        assert record is not None
        return elapsed

    for number in (citizen_id(rng.randrange(real)) for _ in range(50)):  # warm-up
        target(number), baseline(number)
    times = {"target": [], "baseline": []}
    for round_number in range(args.rounds):
        numbers = [citizen_id(rng.randrange(real)) for _ in range(args.lookups)]
        order = ("baseline", "target") if round_number % 2 == 0 else ("target", "baseline")
        for side in order:
            run = target if side == "target" else baseline
            times[side] += [run(number) for number in numbers]
    t50, t95 = (percentile(times["target"], p) * 1000 for p in (0.5, 0.95))
    b50, b95 = (percentile(times["baseline"], p) * 1000 for p in (0.5, 0.95))
    print(
        f"\ngateway_lookup ({Record.objects.filter(resource=resource).count():,} records, keys among the first "
        f"{real:,}, {connection.vendor}, "
        f"{args.rounds} rounds × {args.lookups} lookups a side)"
    )
    print(f"  target   signed POST {path:40s} p50 {t50:7.2f} ms  p95 {t95:7.2f} ms")
    print(f"  baseline ORM lookup by key_index{'':25s} p50 {b50:7.2f} ms  p95 {b95:7.2f} ms")
    print(
        f"  ratio of p95s (target / baseline): {t95 / b95:.1f}   goal p95 ≤ 20 ms: "
        f"{'met' if t95 <= 20 else 'not met'}"
    )
    print(
        f"  mean {statistics.mean(times['target']) * 1000:.2f} ms vs {statistics.mean(times['baseline']) * 1000:.2f} ms"
    )


if __name__ == "__main__":
    main()
