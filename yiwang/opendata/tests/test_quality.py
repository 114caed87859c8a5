"""The quality score's three parts on hand-made data."""

import datetime

import pytest
from django.utils import timezone

from conftest import department
from yiwang.datahub.models import Record
from yiwang.opendata import actions, quality
from yiwang.opendata.tests.factories import air_quality
from yiwang.opendata.tests.test_publishing import AIR


@pytest.fixture
def dataset(steward):
    return actions.do_publish_dataset(air_quality(department("02"), rows=10), AIR, actor=steward)


def test_filled_share_counts_empty_and_missing_cells(dataset):
    assert quality.filled_share(dataset) == 1.0
    records = list(Record.objects.filter(resource=dataset.resource).order_by("id")[:2])
    records[0].values["level"] = ""
    records[1].values.pop("aqi")
    Record.objects.bulk_update(records, ["values"])
    assert quality.filled_share(dataset) == pytest.approx(38 / 40)


def test_timeliness_falls_from_one_to_zero_between_one_and_two_cycles(dataset):
    now = timezone.now()
    resource = dataset.resource
    for age_days, expected in [(0.5, 1.0), (1, 1.0), (1.5, 0.5), (2, 0.0), (30, 0.0)]:
        resource.data_updated_at = now - datetime.timedelta(days=age_days)
        assert quality.timeliness(dataset, now) == pytest.approx(expected)
    resource.data_updated_at = None
    assert quality.timeliness(dataset, now) == 0.0


def test_metadata_share_and_the_weighted_score(dataset):
    dataset.resource.provider.phone = "023-63000000"
    assert quality.metadata_share(dataset) == 1.0
    dataset.tags = []
    assert quality.metadata_share(dataset) == pytest.approx(6 / 7)
    score, parts = quality.score(dataset)
    assert score == round(100 * (0.4 * 6 / 7 + 0.3 * 1.0 + 0.3 * 1.0))
    assert parts == {"metadata": round(6 / 7, 3), "filled": 1.0, "timeliness": 1.0}


def test_refresh_recomputes_stored_scores(dataset):
    type(dataset).objects.filter(pk=dataset.pk).update(quality=0)
    assert actions.refresh_all_quality() == 1
    dataset.refresh_from_db()
    assert dataset.quality == quality.score(dataset)[0] > 0
