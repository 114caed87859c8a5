"""GovStack statistics: decisions and supplement requests counted from the event record."""

import datetime

import pytest
from django.utils import timezone

from conftest import sole_trader_answers, upload
from yiwang.cases.actions import do_accept_case, do_complete_step, do_refuse_case, do_request_supplement
from yiwang.cases.models import Case
from yiwang.cases.tests.govstack_spec import STATISTICS, assert_conforms

URL = "/govstack/registration/data/statistics"
MEDIATOR = {"Information-Mediator-Client": "eGovStack/GOV/90000009/yiwang-test"}


@pytest.fixture
def history(calendar, officer, head, submitted_case, li_wei, sole_trader_item):
    """One case sent back then approved; another refused."""
    from yiwang.cases.actions import (
        do_add_material,
        do_save_answers,
        do_start_case,
        do_submit_case,
        do_supplement_case,
    )

    do_request_supplement(submitted_case, actor=officer, items=["盖章页"])
    do_supplement_case(submitted_case, actor=li_wei)
    do_accept_case(submitted_case, actor=officer)
    do_complete_step(submitted_case, actor=officer, opinion="符合")
    do_complete_step(submitted_case, actor=head, opinion="准予", decision=Case.APPROVE)
    second = do_start_case(sole_trader_item, applicant=li_wei.person, owner=li_wei, actor=li_wei)
    do_add_material(
        second,
        upload=upload(),
        material=sole_trader_item.current.materials.get(source="applicant"),
        actor=li_wei,
    )
    do_save_answers(second, answers=sole_trader_answers(), actor=li_wei)
    do_refuse_case(do_submit_case(second, actor=li_wei), actor=officer, reason="重复申请")


def test_totals_without_a_timeframe(client, history):
    response = client.get(URL, headers=MEDIATOR)

    assert response.status_code == 200
    assert_conforms(STATISTICS, "/data/statistics", "get", response)
    row = response.json()[0]
    assert (row["processed"], row["approved"], row["sentBack"], row["rejected"]) == (3, 1, 1, 1)


def test_by_day_and_month(client, history):
    today = timezone.localdate()

    days = client.get(URL, {"timeframe": "day"}, headers=MEDIATOR).json()
    months = client.get(URL, {"timeframe": "month"}, headers=MEDIATOR).json()

    assert len(days) == 1 and days[0]["references"]["startDate"] == today.isoformat()
    assert days[0]["references"]["timeframeDay"] is True and days[0]["processed"] == 3
    assert months[0]["references"]["startDate"] == today.replace(day=1).isoformat()


def test_filters_by_dates_operator_role_and_registration(client, history, head):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()

    later = client.get(URL, {"startDate": tomorrow}, headers=MEDIATOR).json()[0]
    by_head = client.get(URL, {"operator": "周强"}, headers=MEDIATOR).json()[0]
    by_role = client.get(URL, {"role": "officer"}, headers=MEDIATOR).json()[0]
    by_name = client.get(URL, {"registrationName": "个体工商户"}, headers=MEDIATOR).json()[0]

    assert later["processed"] == 0
    assert (by_head["processed"], by_head["approved"]) == (1, 1)
    assert (by_role["sentBack"], by_role["rejected"], by_role["approved"]) == (1, 1, 0)
    assert by_name["processed"] == 3 and by_name["references"]["registrationName"] == "个体工商户"


def test_unknown_registration_is_404(client, history):
    response = client.get(URL, {"registrationName": "护照"}, headers=MEDIATOR)

    assert response.status_code == 404
    assert_conforms(STATISTICS, "/data/statistics", "get", response)


@pytest.mark.parametrize(
    "params",
    [
        {"startDate": "yesterday"},
        {"endDate": "2026-13-01"},
        {"timeframe": "hour"},
        {"startDate": "2026-02-01", "endDate": "2026-01-01"},
    ],
)
def test_bad_parameters_are_400(client, district, params):
    response = client.get(URL, params, headers=MEDIATOR)

    assert response.status_code == 400
    assert_conforms(STATISTICS, "/data/statistics", "get", response)


def test_the_mediator_header_is_required(client, district):
    response = client.get(URL)

    assert response.status_code == 400 and response.json()["code"] == "information_mediator_client_missing"
