"""The rules of opening data: what may be opened, by whom, and that nothing personal leaves."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import _staff, department
from yiwang.core.events import EventCode
from yiwang.core.models import Event
from yiwang.opendata import actions, rows
from yiwang.opendata.models import OpenDataset
from yiwang.opendata.tests.factories import air_quality, population, residents

AIR = {
    "name": "air-quality",
    "title": "空气质量监测日报",
    "notes": "各监测站点每日空气质量指数与等级，按日更新。",
    "theme": "environment",
    "tags": ["空气", "环境"],
    "licence": "cc-by-4.0",
    "fields": ["station", "day", "aqi", "level"],
}


@pytest.fixture
def air(steward):
    return air_quality(department("02"))


def test_a_steward_of_the_provider_opens_a_resource_and_the_event_is_recorded(steward, air):
    dataset = actions.do_publish_dataset(air, AIR, actor=steward)
    assert dataset.status == OpenDataset.PUBLISHED and dataset.fields == AIR["fields"]
    assert dataset.quality > 0
    assert Event.objects.filter(code=EventCode.OPEN_DATASET_PUBLISHED, object_id=str(dataset.pk)).exists()


def test_only_a_steward_of_the_provider_may_open_it(air, officer, district):
    other = _staff("steward5", "钱多", department("05"), "data_steward")
    for user in (officer, other):
        with pytest.raises(PermissionDenied):
            actions.do_publish_dataset(air, AIR, actor=user)
    assert not OpenDataset.objects.exists()


def test_a_resource_that_is_not_open_is_never_published(steward, district):
    resource = air_quality(department("02"), opening="none")
    with pytest.raises(ValidationError) as error:
        actions.do_publish_dataset(resource, AIR, actor=steward)
    assert "resource" in error.value.message_dict
    assert not OpenDataset.objects.exists()


def test_a_personal_field_can_never_be_opened(steward, district, english_messages):
    resource = population(department("02"), opening="unconditional")
    spec = {**AIR, "name": "people", "fields": ["name", "sex"], "aggregate_by": []}
    with pytest.raises(ValidationError) as error:
        actions.do_publish_dataset(resource, spec, actor=steward)
    assert "姓名 is personal information" in error.value.message_dict["fields"][0]
    assert not OpenDataset.objects.exists()


def test_records_about_persons_open_only_as_counts(steward, district):
    resource = population(department("02"), opening="unconditional")
    with pytest.raises(ValidationError) as error:
        actions.do_publish_dataset(
            resource, {**AIR, "name": "people", "fields": ["sex", "street"]}, actor=steward
        )
    assert "aggregate_by" in error.value.message_dict
    dataset = actions.do_publish_dataset(
        resource, {**AIR, "name": "people", "aggregate_by": ["street"]}, actor=steward
    )
    assert dataset.columns() == ["street", "count"]


def test_grouping_by_a_personal_field_is_refused(steward, district):
    resource = population(department("02"), opening="unconditional")
    with pytest.raises(ValidationError):
        actions.do_publish_dataset(
            resource, {**AIR, "name": "people", "aggregate_by": ["id_number"]}, actor=steward
        )


def test_small_groups_about_persons_are_left_out(steward, district, settings):
    settings.YIWANG_OPENDATA_MIN_GROUP = 5
    # 12 residents in 3 streets (4 each) plus 6 more in the first street: only that one shows.
    people = [
        (number, name, sex, "解放碑街道" if n >= 12 else street)
        for n, (number, name, sex, street) in enumerate(residents(18))
    ]
    resource = population(department("02"), people=people, opening="unconditional")
    dataset = actions.do_publish_dataset(
        resource, {**AIR, "name": "people", "aggregate_by": ["street"]}, actor=steward
    )
    found, columns = rows.query(dataset)
    assert list(found) == [{"street": "解放碑街道", "count": 10}]
    settings.YIWANG_OPENDATA_MIN_GROUP = 1
    assert sum(row["count"] for row in rows.query(dataset)[0]) == 18


def test_a_field_that_becomes_personal_stops_being_served(steward, air):
    dataset = actions.do_publish_dataset(air, AIR, actor=steward)
    air.items.get(key="level").element.__class__.objects.filter(identifier="DE9004").update(is_personal=True)
    found, columns = rows.query(dataset)
    assert "level" not in columns and all("level" not in row for row in found)


@pytest.mark.parametrize(
    "change, field",
    [
        ({"name": "Air Quality"}, "name"),
        ({"name": "a"}, "name"),
        ({"theme": "weather"}, "theme"),
        ({"fields": ["nope"]}, "fields"),
        ({"fields": []}, "fields"),
        ({"tags": ["x" * 31]}, "tags"),
        ({"fields": "station"}, "fields"),
        ({"aggregate_by": ["station", "day", "aqi", "level"]}, "aggregate_by"),
    ],
)
def test_bad_choices_are_refused_by_field_and_change_nothing(steward, air, change, field):
    with pytest.raises(ValidationError) as error:
        actions.do_publish_dataset(air, {**AIR, **change}, actor=steward)
    assert field in error.value.message_dict
    assert not OpenDataset.objects.exists()


def test_two_datasets_cannot_share_a_name(steward, air):
    actions.do_publish_dataset(air, AIR, actor=steward)
    other = population(department("02"), opening="unconditional")
    with pytest.raises(ValidationError) as error:
        actions.do_publish_dataset(other, {**AIR, "aggregate_by": ["street"]}, actor=steward)
    assert "name" in error.value.message_dict


def test_withdrawing_and_publishing_again(steward, air):
    dataset = actions.do_publish_dataset(air, AIR, actor=steward)
    with pytest.raises(ValidationError):
        actions.do_withdraw_dataset(dataset, actor=steward, reason="")
    dataset = actions.do_withdraw_dataset(dataset, actor=steward, reason="数据口径调整")
    assert dataset.status == OpenDataset.WITHDRAWN
    with pytest.raises(ValidationError):
        actions.do_withdraw_dataset(dataset, actor=steward, reason="again")
    dataset = actions.do_publish_dataset(air, AIR, actor=steward)
    assert dataset.status == OpenDataset.PUBLISHED and dataset.withdrawn_at is None


def test_the_demo_opens_every_openable_resource_safely(district, steward):
    import io

    from yiwang.opendata.demo import seed

    air_quality(department("02"))
    population(department("02"), opening="conditional")
    seed(io.StringIO())
    datasets = {d.resource.name: d for d in OpenDataset.objects.select_related("resource")}
    assert set(datasets) == {"空气质量监测", "人口基础信息"}
    assert datasets["空气质量监测"].fields == ["station", "day", "aqi", "level"]
    assert datasets["人口基础信息"].aggregate_by == ["sex"] and datasets["人口基础信息"].theme == "society"
    seed(io.StringIO())  # again: nothing twice
    assert OpenDataset.objects.count() == 2
