"""Open data never hands out a phone number or a name typed into a free-text value: preview, rows
API, CKAN datastore_search and the three downloads all pass the redactor."""

import pytest

from yiwang.datahub.models import Record
from yiwang.opendata.tests.test_pages import air, body  # noqa: F401  (the fixture)

NOTE = "解放碑（联系人：张伟，电话13800000001，邮箱zw@example.com）"


@pytest.fixture
def air_with_a_note(air):  # noqa: F811
    record = Record.objects.filter(resource=air.resource).order_by("id").first()
    Record.objects.filter(pk=record.pk).update(values={**record.values, "station": NOTE})
    return air


def test_every_way_out_of_a_dataset_is_redacted(client, air_with_a_note):
    urls = [
        "/opendata/dataset/air-quality/",
        "/opendata/dataset/air-quality/rows?limit=100",
        "/opendata/dataset/air-quality/download.csv",
        "/opendata/dataset/air-quality/download.json",
    ]
    package = client.get("/api/3/action/package_show?id=air-quality").json()["result"]
    csv_id = next(r["id"] for r in package["resources"] if r["format"] == "CSV")
    urls.append(f"/api/3/action/datastore_search?resource_id={csv_id}&limit=100")
    for url in urls:
        response = client.get(url)
        text = body(response).decode("utf-8-sig")
        assert response.status_code == 200, url
        assert "13800000001" not in text and "张伟" not in text and "zw@example.com" not in text, url


def test_ordinary_values_are_not_touched(client, air):  # noqa: F811
    rows = client.get("/opendata/dataset/air-quality/rows?limit=3").json()["rows"]
    assert rows[0] == {"station": "解放碑", "day": "2026-10-01", "aqi": 40, "level": "优"}
