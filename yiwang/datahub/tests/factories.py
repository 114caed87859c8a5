"""Test helpers of the data hub: the demo registry's resources and rows for them."""

import csv
import io

from yiwang.core.identifiers import make_citizen_id


def registry():
    """The demo data element registry and its 27 resources (no records), by name."""
    from yiwang.datahub.demo import seed_registry

    return seed_registry()


def person(id17="50010319880314231", **overrides):
    """A row of 人口基础信息 (李伟's by default)."""
    row = {
        "id_number": make_citizen_id(id17),
        "name": "李伟",
        "sex": "1",
        "birth_date": "1988-03-14",
        "ethnicity": "01",
        "education": "20",
        "household_type": "1",
        "region": "500103",
        "address": "重庆市渝中区民族路88号",
        "phone": "13800000001",
    }
    row.update(overrides)
    return row


def people(count, start=0):
    """`count` distinct valid rows of 人口基础信息."""
    return [
        person(
            f"5001031990{(index % 12) + 1:02d}{(index % 28) + 1:02d}{index // 336:03d}", name=f"测试{index}"
        )
        for index in range(start, start + count)
    ]


def csv_bytes(rows, encoding="utf-8", columns=None):
    columns = columns or list(rows[0])
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(column, "") for column in columns])
    return buffer.getvalue().encode(encoding)
