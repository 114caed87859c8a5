"""Evaluation (好差评) and data-sharing counts are fed by the other apps' events (docs/insight.md).

Those apps are not installed yet, so the tests stand in for them with codes of their own, read
exactly as InsightConfig.ready() will read the real ones."""

import pytest
from django.utils import timezone

from conftest import department
from yiwang.core import events
from yiwang.core.events import record_event
from yiwang.insight import counting, kpis

EVALUATED, STRUCK_OUT, FIXED, SHARED = 99901, 99902, 99903, 99904


@pytest.fixture
def feedback_events(monkeypatch):
    for code in (EVALUATED, STRUCK_OUT, FIXED, SHARED):
        monkeypatch.setitem(events._readers, code, [counting.count_event])
    monkeypatch.setitem(counting.EVALUATION_CODES, EVALUATED, 1)
    monkeypatch.setitem(counting.EVALUATION_CODES, STRUCK_OUT, -1)
    monkeypatch.setattr(counting, "FIX_CODES", {FIXED})
    monkeypatch.setitem(counting.SHARE_CODES, SHARED, "share.exchanged")


def evaluate(level, code=EVALUATED, channel="3"):
    """As the feedback app records it: the department by id, the 好差评 channel code."""
    record_event(code, payload={"department": department("04").pk, "item": "11500103MB0000004X017001",
                                "level": level, "channel_code": channel, "stage": "result"})


def test_evaluation_events_feed_the_rates_and_the_rebuild_replays_them(district, feedback_events):
    for level in (5, 5, 4, 3, 2, 1):
        evaluate(level)
    evaluate(1, code=STRUCK_OUT)  # an appeal upheld: the malicious review no longer counts
    record_event(FIXED, payload={"department": department("04").code})
    record_event(SHARED, payload={"department": department("04").code, "dataset": "population"})
    today = timezone.localdate()

    figures = kpis.scope_figures(today, today, [department("04").pk])
    assert figures["evaluations"] == 5
    assert figures["good_rate"] == 60.0  # 5, 5, 4 of five
    assert figures["satisfied_rate"] == 80.0
    assert figures["fix_rate"] == 100.0  # the one 差评 left was fixed
    assert kpis.channel_volume(today, today)["3"]["evaluations"] == 5
    assert kpis.sharing(today, today) == {"share.exchanged": 1}
    assert counting.check() == []
    before = counting.stored()
    counting.rebuild()
    assert counting.stored() == before


def test_an_evaluation_outside_the_contract_counts_nothing(district, feedback_events):
    for level in (0, 6, "5", True, None):
        evaluate(level)
    assert kpis.scope_figures(timezone.localdate(), timezone.localdate())["evaluations"] == 0
