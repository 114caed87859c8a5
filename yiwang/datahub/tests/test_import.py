"""Ingest: all-or-nothing and good-rows-only, upserts by key, history, unchanged rows."""

import datetime
import io
import json

import pytest
from django.utils import timezone

from yiwang.core.events import EventCode
from yiwang.core.models import Event
from yiwang.datahub.actions import do_import_file, do_import_rows
from yiwang.datahub.models import ImportBatch, Record, RecordChange
from yiwang.datahub.tests.factories import csv_bytes, people, person, registry

pytestmark = pytest.mark.usefixtures("district")


@pytest.fixture
def population():
    return registry()["人口基础信息"]


def load(resource, rows, mode=ImportBatch.ALL_OR_NOTHING, actor=None):
    return do_import_rows(resource, enumerate(rows, start=2), mode=mode, source=ImportBatch.API, actor=actor)


def test_all_or_nothing_refuses_the_batch_for_one_bad_row(population, steward):
    rows = people(5)
    rows[3]["sex"] = "7"
    batch = load(population, rows, actor=steward)
    assert batch.status == ImportBatch.REFUSED
    assert Record.objects.count() == 0 and RecordChange.objects.count() == 0
    assert ImportBatch.objects.get() == batch
    assert batch.rows_total == 5 and batch.rows_bad == 1 and batch.rows_created == 0
    assert batch.errors == [{"row": 5, "column": "sex", "message": batch.errors[0]["message"], "value": "7"}]
    assert Event.objects.filter(code=EventCode.DATA_IMPORT_REFUSED, object_id=str(batch.pk)).exists()
    population.refresh_from_db()
    assert population.data_updated_at is None


def test_good_rows_only_loads_the_good_ones_and_reports_the_bad(population):
    rows = people(5)
    rows[1]["id_number"] = "500103199001011239"
    batch = load(population, rows, mode=ImportBatch.GOOD_ROWS)
    assert batch.status == ImportBatch.APPLIED
    assert (batch.rows_created, batch.rows_bad) == (4, 1)
    assert Record.objects.filter(resource=population).count() == 4
    assert batch.errors[0]["row"] == 3 and batch.errors[0]["value"] == "5001**********1239"


def test_upsert_keeps_history_and_skips_unchanged_rows(population):
    rows = people(3)
    first = load(population, rows)
    assert (first.rows_created, first.rows_updated, first.rows_unchanged) == (3, 0, 0)
    population.refresh_from_db()
    loaded_at = population.data_updated_at
    assert loaded_at is not None

    rows[0]["address"] = "重庆市渝中区解放西路1号"
    second = load(population, rows)
    assert (second.rows_created, second.rows_updated, second.rows_unchanged) == (0, 1, 2)
    assert Record.objects.filter(resource=population).count() == 3
    changed = Record.objects.get(resource=population, version=2)
    assert json.loads(changed.sealed)["address"] == "重庆市渝中区解放西路1号"
    assert changed.batch == second
    history = list(changed.changes.order_by("version"))
    assert [(c.version, c.kind, c.batch) for c in history] == [(1, "created", first)]
    assert json.loads(history[0].sealed)["address"] == people(3)[0]["address"]

    third = load(population, rows)
    assert (third.rows_updated, third.rows_unchanged) == (0, 3)
    assert RecordChange.objects.count() == 1
    rows[0]["sex"] = "2"
    load(population, rows)
    assert [(c.version, c.kind) for c in changed.changes.order_by("version")] == [
        (1, "created"),
        (2, "updated"),
    ]


def test_personal_values_are_sealed_not_in_clear(population):
    load(population, [person()])
    record = Record.objects.get()
    assert "id_number" not in record.values and "name" not in record.values
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute('SELECT sealed, "values" FROM datahub_record')
        sealed, values = cursor.fetchone()
    assert "李伟" not in sealed and "500103" not in sealed and "13800000001" not in sealed
    assert "李伟" not in str(values)


def test_same_key_twice_in_one_file_makes_two_versions(population):
    rows = [person(), person(address="重庆市渝中区中山四路1号")]
    batch = load(population, rows)
    assert (batch.rows_created, batch.rows_updated) == (1, 1)
    assert Record.objects.get().version == 2


def test_import_clears_staleness(population):
    population.stale_since = timezone.now() - datetime.timedelta(days=3)
    population.save()
    load(population, people(1))
    population.refresh_from_db()
    assert population.stale_since is None


def test_more_rows_than_a_chunk(population, monkeypatch):
    from yiwang.datahub import actions

    monkeypatch.setattr(actions, "CHUNK_ROWS", 7)
    rows = people(30)
    rows[25]["sex"] = "x"
    batch = load(population, rows)
    assert batch.status == ImportBatch.REFUSED and Record.objects.count() == 0
    batch = load(population, rows, mode=ImportBatch.GOOD_ROWS)
    assert batch.rows_created == 29 and Record.objects.count() == 29


def test_file_import_by_item_names(population):
    rows = people(2)
    data = csv_bytes([{population.items.get(key=k).name: v for k, v in row.items()} for row in rows])
    batch = do_import_file(
        population,
        io.BytesIO(data),
        filename="人口.csv",
        mode=ImportBatch.ALL_OR_NOTHING,
        source=ImportBatch.UPLOAD,
        actor=None,
    )
    assert batch.status == ImportBatch.APPLIED and batch.rows_created == 2
    assert len(batch.digest) == 64
