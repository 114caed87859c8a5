"""Resources that missed their update cycle are flagged, once, and their stewards told."""

import datetime

import pytest
from django.utils import timezone

from yiwang.core.events import EventCode
from yiwang.core.models import Event
from yiwang.datahub.actions import do_check_staleness, do_import_rows
from yiwang.datahub.models import ImportBatch, Resource
from yiwang.datahub.staleness import stale_resources_by_department
from yiwang.datahub.tests.factories import people, registry
from yiwang.notify.models import Notification

pytestmark = pytest.mark.usefixtures("district")


def test_missed_cycle_is_flagged_and_notified_once(steward, other_officer):
    resources = registry()
    now = timezone.now()
    population = resources["人口基础信息"]  # daily, provided by 大数据局 where the steward works
    Resource.objects.filter(pk=population.pk).update(data_updated_at=now - datetime.timedelta(days=2))
    Resource.objects.exclude(pk=population.pk).update(data_updated_at=now)

    flagged = do_check_staleness(now)
    assert [r.name for r in flagged] == ["人口基础信息"]
    population.refresh_from_db()
    assert population.stale_since == now
    notes = Notification.objects.filter(recipient=steward, object_id=str(population.pk))
    assert notes.count() == 1 and "人口基础信息" in notes.get().subject
    assert not Notification.objects.filter(recipient=other_officer).exists()
    assert Event.objects.filter(code=EventCode.RESOURCE_STALE, object_id=str(population.pk)).count() == 1

    assert do_check_staleness(now + datetime.timedelta(hours=6)) == []
    assert notes.count() == 1
    assert stale_resources_by_department() == {population.provider: [population]}


def test_new_data_clears_the_flag_and_a_later_miss_notifies_again(steward):
    population = registry()["人口基础信息"]
    now = timezone.now()
    Resource.objects.update(data_updated_at=now - datetime.timedelta(days=10))
    assert population in do_check_staleness(now)
    do_import_rows(
        population,
        enumerate(people(1)),
        mode=ImportBatch.ALL_OR_NOTHING,
        source=ImportBatch.API,
        actor=steward,
    )
    population.refresh_from_db()
    assert population.stale_since is None
    assert population not in do_check_staleness(timezone.now())
    assert population in do_check_staleness(timezone.now() + datetime.timedelta(days=2))
    assert Notification.objects.filter(recipient=steward, object_id=str(population.pk)).count() == 2


def test_irregular_and_inactive_resources_are_never_stale():
    resources = registry()
    Resource.objects.filter(name="人口基础信息").update(update_cycle=Resource.IRREGULAR)
    Resource.objects.filter(name="法人基础信息").update(is_active=False)
    flagged = {r.name for r in do_check_staleness(timezone.now() + datetime.timedelta(days=3650))}
    assert "人口基础信息" not in flagged and "法人基础信息" not in flagged
    assert len(flagged) == len(resources) - 2


def test_the_scheduled_task_runs_the_check():
    from yiwang.datahub.tasks import check_staleness

    registry()
    Resource.objects.update(data_updated_at=timezone.now() - datetime.timedelta(days=400))
    assert check_staleness.call() == Resource.objects.count()
