"""Evaluation (好差评) and data-sharing counts are fed by the other apps' events (docs/insight.md).

The evaluation contract is tested with codes of its own, read exactly as InsightConfig.ready()
reads the feedback app's; data sharing with the data hub's real actions."""

import pytest
from django.utils import timezone

from conftest import department
from yiwang.core import events
from yiwang.core.events import record_event
from yiwang.insight import counting, kpis

EVALUATED, STRUCK_OUT, FIXED = 99901, 99902, 99903


@pytest.fixture
def feedback_events(monkeypatch):
    for code in (EVALUATED, STRUCK_OUT, FIXED):
        monkeypatch.setitem(events._readers, code, [counting.count_event])
    monkeypatch.setitem(counting.EVALUATION_CODES, EVALUATED, 1)
    monkeypatch.setitem(counting.EVALUATION_CODES, STRUCK_OUT, -1)
    monkeypatch.setattr(counting, "FIX_CODES", {FIXED})


def evaluate(level, code=EVALUATED, channel="3"):
    """As the feedback app records it: the department by id, the 好差评 channel code."""
    record_event(
        code,
        payload={
            "department": department("04").pk,
            "item": "11500103MB0000004X017001",
            "level": level,
            "channel_code": channel,
            "stage": "result",
        },
    )


def test_evaluation_events_feed_the_rates_and_the_rebuild_replays_them(district, feedback_events):
    for level in (5, 5, 4, 3, 2, 1):
        evaluate(level)
    evaluate(1, code=STRUCK_OUT)  # an appeal upheld: the malicious review no longer counts
    record_event(FIXED, payload={"department": department("04").code})
    today = timezone.localdate()

    figures = kpis.scope_figures(today, today, [department("04").pk])
    assert figures["evaluations"] == 5
    assert figures["good_rate"] == 60.0  # 5, 5, 4 of five
    assert figures["satisfied_rate"] == 80.0
    assert figures["fix_rate"] == 100.0  # the one 差评 left was fixed
    assert kpis.channel_volume(today, today)["3"]["evaluations"] == 5
    assert counting.check() == []
    before = counting.stored()
    counting.rebuild()
    assert counting.stored() == before


def test_an_evaluation_outside_the_contract_counts_nothing(district, feedback_events):
    for level in (0, 6, "5", True, None):
        evaluate(level)
    assert kpis.scope_figures(timezone.localdate(), timezone.localdate())["evaluations"] == 0


def test_share_requests_and_their_answers_count_for_the_provider(district, calendar):
    from yiwang.datahub.sharing import do_approve_share_request, do_request_share
    from yiwang.datahub.tests import share_factories

    provider, consumer_department = department("04"), department("05")
    steward = share_factories.steward_of(provider, "steward4")
    consumer = share_factories.consumer_of(
        consumer_department, share_factories.steward_of(consumer_department, "st5")
    )
    air = share_factories.air_quality(provider)
    people = share_factories.population(provider)
    do_request_share(consumer, air, purpose="环境监测", fields=["station"], duration_days=30, actor=steward)
    pending = do_request_share(
        consumer, people, purpose="社保核验", fields=["sex"], duration_days=30, actor=steward
    )
    today = timezone.localdate()
    assert kpis.sharing(today, today, [provider.pk]) == {"share.requested": 2, "share.decided": 1}
    do_approve_share_request(pending, fields=["sex"], duration_days=10, actor=steward)
    assert kpis.sharing(today, today, [provider.pk]) == {"share.requested": 2, "share.decided": 2}
    assert kpis.sharing(today, today, [consumer_department.pk]) == {}
    assert counting.check() == []
