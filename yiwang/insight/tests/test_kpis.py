"""The KPI formulas of DOMAIN.md §9 on hand-made counts and a hand-made catalogue."""

import datetime

import pytest

from conftest import department
from yiwang.insight import counting, kpis
from yiwang.insight.tests.conftest import publish

DAY = datetime.date(2026, 11, 10)


def count(metric, n, total=0, dim="", day=DAY, department_id=0):
    """Hand-made counts, written as the readers write them (on the day and in the month)."""
    counting.add([(metric, department_id, dim, day, n, total)])


@pytest.mark.django_db
def test_case_hotline_and_evaluation_rates():
    count("case.submitted", 10, dim="web")
    count("case.finished", 4, total=3)  # 3 of 4 within the promised limit
    count("ticket.received", 20, dim="phone")
    count("ticket.merged", 2)
    count("ticket.closed", 8, total=8 * 7200)  # two hours each
    count("ticket.responded", 6)
    count("ticket.on_time", 4)
    count("ticket.visited", 5)
    count("ticket.solved", 4)
    count("ticket.satisfied", 3)
    for level, n in {5: 6, 4: 2, 3: 1, 2: 0, 1: 1}.items():
        count("eval.level", n, dim=str(level))
    count("eval.fixed", 1)
    count("case.finished", 100, total=0, day=DAY - datetime.timedelta(days=40))  # outside the window

    figures = kpis.scope_figures(DAY - datetime.timedelta(days=6), DAY)

    assert figures["cases_submitted"] == 10
    assert figures["on_time_rate"] == 75.0  # 按时办结率 3 / 4
    assert figures["response_rate"] == 75.0  # 6 / 8 closed
    assert figures["ticket_on_time_rate"] == 50.0  # 4 / 8
    assert figures["solved_rate"] == 80.0  # 4 / 5 visited
    assert figures["ticket_satisfied_rate"] == 60.0  # 3 / 5 visited
    assert figures["repeat_rate"] == 10.0  # 2 merged / 20 received
    assert figures["handling_hours"] == 2.0
    assert figures["evaluations"] == 10
    assert figures["good_rate"] == 80.0  # (6 + 2) / 10
    assert figures["satisfied_rate"] == 90.0  # (6 + 2 + 1) / 10
    assert figures["fix_rate"] == 100.0  # 1 fixed / 1 差评


@pytest.mark.django_db
def test_nothing_to_divide_by_gives_no_rate():
    figures = kpis.scope_figures(DAY, DAY)
    assert (
        figures["on_time_rate"] is None and figures["good_rate"] is None and figures["handling_hours"] is None
    )
    assert figures["cases_finished"] == 0


@pytest.mark.django_db
def test_department_scope_and_per_department_figures(district):
    market, labour = department("04").pk, department("05").pk
    count("case.finished", 2, total=2, department_id=market)
    count("case.finished", 2, total=0, department_id=labour)
    assert kpis.scope_figures(DAY, DAY, [market])["on_time_rate"] == 100.0
    assert kpis.scope_figures(DAY, DAY)["on_time_rate"] == 50.0
    per = kpis.department_figures(DAY, DAY)
    assert per[market]["on_time_rate"] == 100.0 and per[labour]["on_time_rate"] == 0.0


@pytest.mark.django_db
def test_a_month_reads_the_same_from_month_rows_as_from_day_rows():
    count("case.finished", 3, total=2, day=datetime.date(2026, 10, 31))
    count("case.finished", 4, total=4, day=datetime.date(2026, 11, 1))
    count("case.finished", 5, total=5, day=datetime.date(2026, 11, 30))
    first, last = datetime.date(2026, 11, 1), datetime.date(2026, 11, 30)
    by_days = kpis.scope_figures(first, last)
    by_month = kpis.scope_figures(first, last, period=kpis.MONTH)
    assert by_days == by_month and by_month["cases_finished"] == 9 and by_month["on_time_rate"] == 100.0


@pytest.mark.django_db
def test_trend_buckets_by_week_and_month():
    count("case.submitted", 3, dim="web", day=datetime.date(2026, 11, 2))  # a Monday
    count("case.submitted", 4, dim="web", day=datetime.date(2026, 11, 8))  # the Sunday of that week
    count("case.submitted", 5, dim="web", day=datetime.date(2026, 10, 31))
    weeks = kpis.trend("week", today=datetime.date(2026, 11, 26))
    assert len(weeks) == 12
    assert {row["label"]: row["cases_submitted"] for row in weeks}["2026-W45"] == 7
    months = {
        row["label"]: row["cases_submitted"] for row in kpis.trend("month", today=datetime.date(2026, 11, 26))
    }
    assert months["2026-11"] == 7 and months["2026-10"] == 5 and len(months) == 12
    days = kpis.trend("day", today=datetime.date(2026, 11, 26))
    assert len(days) == 30 and days[-1]["label"] == "2026-11-26"


@pytest.mark.django_db
def test_hot_issues_rank_places_and_compare_with_the_days_before():
    today = datetime.date(2026, 11, 26)
    count("ticket.place", 5, dim="7/2", day=today)
    count("ticket.place", 2, dim="7/2", day=today - datetime.timedelta(days=40))
    count("ticket.place", 9, dim="8/3", day=today - datetime.timedelta(days=3))
    hot = kpis.hot_issues(today)
    assert [(row["street"], row["category"], row["tickets"], row["before"]) for row in hot] == [
        (8, 3, 9, 0),
        (7, 2, 5, 2),
    ]


@pytest.mark.django_db
def test_catalogue_figures(promised_item, immediate_item, sole_trader_item):
    figures = kpis._catalogue(None)
    assert figures["items"] == 3
    assert figures["online_rate"] == 100.0  # all three are level IV
    assert figures["immediate_rate"] == 33.3  # promised limit 0: one of three
    assert figures["zero_visit_rate"] == 100.0
    # (15 + 1 + 15 − 3 − 0 − 3) ÷ (15 + 1 + 15)
    assert figures["compression_rate"] == round(100 * 25 / 31, 1)
    # four materials, three of them certificates
    assert figures["materials"] == 4 and figures["material_rate"] == 75.0


@pytest.mark.django_db
def test_material_rates_per_department(district):
    publish("11500103MB0000004X017199")
    [(department_id, materials, fetched, rate)] = kpis.material_rates()
    assert (department_id, materials, fetched, rate) == (department("04").pk, 1, 1, 100.0)
