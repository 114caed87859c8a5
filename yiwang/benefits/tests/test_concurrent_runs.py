"""Two runs of one rule at the same moment (two workers, or the schedule and a steward's click)
grant each person once: the unique (rule, subject) constraint decides, not a check beforehand.

The runs meet at a barrier inside the evaluation (a data source registered for the test, as any
app registers one), so both look for existing grants before either has inserted any."""

import threading

import pytest
from django.db import connection, connections

from yiwang.benefits import sources
from yiwang.benefits.actions import do_run_benefit_rule, do_save_benefit_rule
from yiwang.benefits.models import BenefitGrant
from yiwang.benefits.tests.world import publish, resident, years_ago
from yiwang.cases.models import Case

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite runs one writer at a time: no two runs overlap there"
)


class MeetingSource(sources.Source):
    """Holds nothing; its `load` waits until both runs are evaluating."""

    code = "meeting"
    audiences = ("person",)
    fields = {"here": sources.Field(sources.INT, "here")}
    barrier = None

    def load(self, subject_ids, clauses, today):
        self.barrier.wait(timeout=30)
        return {pk: 1 for pk in subject_ids}

    def value(self, record, clause, today):
        return record


@pytest.fixture
def meeting():
    source = sources.register(MeetingSource())
    source.barrier = threading.Barrier(2)
    yield source
    sources._sources.pop("meeting", None)


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_grant_each_person_once(meeting, district, calendar):
    item = publish("11500103MB0000006X050006", "06", "高龄津贴")
    for _ in range(4):
        resident(years_ago(85))
    rule = do_save_benefit_rule(
        code="elderly-allowance",
        name="高龄津贴",
        audience="person",
        item=item,
        actor=None,
        condition=[
            {"source": "person", "field": "age", "op": "gte", "value": 80},
            {"source": "meeting", "field": "here", "op": "eq", "value": 1},
        ],
        grant_description="高龄津贴",
    )
    runs, errors = [], []

    def run():
        try:
            runs.append(do_run_benefit_rule(rule))
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors
    assert sorted(r.granted for r in runs) in ([0, 4], [1, 3], [2, 2])
    assert sum(r.granted for r in runs) == 4 and all(r.found == 4 for r in runs)
    assert BenefitGrant.objects.count() == Case.objects.filter(channel="proactive").count() == 4
    assert not BenefitGrant.objects.filter(case__isnull=True).exists()
