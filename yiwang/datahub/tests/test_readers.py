"""Files: CSV (UTF-8, BOM, GB18030), XLSX, JSON arrays and JSON Lines, and broken files."""

import io
import json

import pytest
from openpyxl import Workbook

from yiwang.datahub.actions import do_import_file
from yiwang.datahub.models import ImportBatch, Record
from yiwang.datahub.readers import FileError, open_rows
from yiwang.datahub.tests.factories import csv_bytes, people, registry

pytestmark = pytest.mark.usefixtures("district", "english_messages")


@pytest.fixture
def population():
    return registry()["人口基础信息"]


def load(resource, data, filename, mode=ImportBatch.ALL_OR_NOTHING):
    return do_import_file(
        resource, io.BytesIO(data), filename=filename, mode=mode, source=ImportBatch.UPLOAD, actor=None
    )


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_in_each_encoding(population, encoding):
    rows = people(3)
    batch = load(population, csv_bytes(rows, encoding=encoding), "people.csv")
    assert batch.status == ImportBatch.APPLIED and batch.rows_created == 3
    record = Record.objects.filter(resource=population).order_by("id").first()
    assert json.loads(record.sealed)["name"] == "测试0"


def test_xlsx(population):
    rows = people(3)
    book = Workbook()
    sheet = book.active
    sheet.append(list(rows[0]))
    for row in rows:
        sheet.append(list(row.values()))
    buffer = io.BytesIO()
    book.save(buffer)
    batch = load(population, buffer.getvalue(), "people.xlsx")
    assert batch.status == ImportBatch.APPLIED and batch.rows_created == 3


def test_json_array_and_json_lines(population):
    rows = people(4)
    batch = load(population, json.dumps(rows, ensure_ascii=False, indent=1).encode(), "people.json")
    assert batch.rows_created == 4
    lines = "\n".join(json.dumps(row, ensure_ascii=False) for row in people(3, start=4)).encode()
    batch = load(population, lines, "people.jsonl")
    assert batch.rows_created == 3


def test_json_array_streams_across_reads(monkeypatch):
    from yiwang.datahub import readers

    monkeypatch.setattr(readers, "SAMPLE_BYTES", 16)
    data = json.dumps([{"a": "x" * 40, "b": i} for i in range(5)]).encode()
    source = open_rows(io.BytesIO(data), "x.json")
    assert [row["b"] for _n, row in source.rows] == [0, 1, 2, 3, 4]


@pytest.mark.parametrize(
    "data, filename, fragment",
    [
        (bytes(range(256)) * 20, "garbage.csv", "binary data"),
        (bytes(range(256)) * 20, "garbage.xlsx", "Excel workbook"),
        (b"\x89PNG\r\n" + bytes(200), "garbage.json", "binary data"),
        (b"", "empty.csv", "empty"),
        (b'[{"id_number": "1"}, {"id_number": ', "cut.json", "not valid JSON"),
        (b'{"id_number": "1"}\nnot json\n', "bad.jsonl", "Line 2 is not valid JSON"),
        (b"[1, 2]", "numbers.json", "not a JSON object"),
        (b"hello", "text.json", "array of objects"),
        (b"a,b", "x.pdf", "CSV, Excel"),
    ],
)
def test_broken_files_are_refused_with_a_clear_message(population, data, filename, fragment):
    batch = load(population, data, filename, mode=ImportBatch.GOOD_ROWS)
    assert batch.status == ImportBatch.REFUSED
    assert fragment in " ".join(e["message"] for e in batch.errors)
    assert Record.objects.count() == 0


def test_wrong_columns_are_refused_before_any_row(population):
    batch = load(population, b"id_number,colour\n1,red\n", "x.csv")
    assert batch.status == ImportBatch.REFUSED
    messages = " ".join(e["message"] for e in batch.errors)
    assert "Unknown columns: colour" in messages and "Required columns are missing" in messages


def test_a_huge_cell_is_refused(population):
    rows = people(2)
    data = csv_bytes(rows) + b'"' + b"x" * (200 * 1024) + b'",1\n'
    batch = load(population, data, "huge.csv", mode=ImportBatch.GOOD_ROWS)
    assert batch.status == ImportBatch.REFUSED
    assert "longer than 128 KB" in batch.errors[-1]["message"]
    assert Record.objects.count() == 0


def test_invalid_utf8_later_in_a_gb18030_guess_is_reported():
    with pytest.raises(FileError):
        list(open_rows(io.BytesIO(b"\x00\x01"), "x.csv").rows)
