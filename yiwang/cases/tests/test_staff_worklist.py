"""The workbench's worklists: each tab holds the right cases, filters and search narrow them, a page
costs a bounded number of queries, and nobody sees another department's cases."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from conftest import login
from yiwang.cases.models import Case
from yiwang.cases.tests.staff_cases import (
    accepted,
    decided,
    due_soon,
    finished,
    in_supplement,
    submit,
    ten_day_item,
)

URL = reverse("staff_cases:worklist")


def numbers(response):
    return {row["case"].number for row in response.context["page"].rows}


@pytest.fixture
def cases(calendar, sole_trader_item, li_wei, officer, head):
    item10 = ten_day_item()
    return {
        "accept": submit(sole_trader_item, li_wei),
        "mine": accepted(sole_trader_item, li_wei, officer),
        "due_soon": due_soon(item10, li_wei, officer),
        "overdue": accepted(sole_trader_item, li_wei, officer, days_ago=30),
        "supplement": in_supplement(sole_trader_item, li_wei, officer),
        "decided": decided(sole_trader_item, li_wei, officer, head),
        "finished": finished(sole_trader_item, li_wei, officer, head),
    }


def test_each_tab_holds_its_cases(client, cases, officer):
    login(client, officer)
    expected = {
        "accept": {cases["accept"].number},
        # In review at the officer's step (审查): the fresh one, the yellow one and the late one.
        "mine": {cases["mine"].number, cases["due_soon"].number, cases["overdue"].number},
        "due_soon": {cases["due_soon"].number},
        "overdue": {cases["overdue"].number},
        "supplement": {cases["supplement"].number},
        "decided": {cases["decided"].number},
        "finished": {cases["finished"].number},
    }
    for tab, wanted in expected.items():
        response = client.get(URL, {"tab": tab})
        assert response.status_code == 200
        assert numbers(response) == wanted, tab
    counts = {key: count for key, _label, count in response.context["tabs"]}
    assert counts["accept"] == 1 and counts["overdue"] == 1 and counts["finished"] is None


def test_my_steps_follow_the_role_of_the_current_step(client, cases, officer, head):
    from yiwang.cases.actions import do_complete_step

    do_complete_step(cases["mine"], actor=officer, opinion="材料齐全")  # now at 决定, the head's step
    login(client, officer)
    assert cases["mine"].number not in numbers(client.get(URL, {"tab": "mine"}))
    login(client, head)
    assert cases["mine"].number in numbers(client.get(URL, {"tab": "mine"}))  # a head sees every step


def test_rows_show_signal_remaining_days_and_a_masked_applicant(client, cases, officer):
    login(client, officer)
    response = client.get(URL, {"tab": "overdue"})
    row = response.context["page"].rows[0]
    assert row["signal"] == "red" and row["remaining"] < 0 and row["late"] == -row["remaining"]
    assert row["applicant"] == "李*"
    body = response.content.decode()
    assert "李*" in body and "李伟" not in body
    assert row["case"].step.name in body
    yellow = client.get(URL, {"tab": "due_soon"}).context["page"].rows[0]
    assert yellow["signal"] == "yellow" and yellow["due_date"] is not None


def test_search_by_number_name_and_citizen_id_number(
    client, cases, officer, li_wei, wang_fang, sole_trader_item
):
    theirs = submit(sole_trader_item, wang_fang)
    login(client, officer)
    by_number = client.get(URL, {"tab": "accept", "q": theirs.number})
    assert numbers(by_number) == {theirs.number}
    by_name = client.get(URL, {"tab": "accept", "q": "王芳"})
    assert numbers(by_name) == {theirs.number}
    by_id = client.get(URL, {"tab": "accept", "q": li_wei.person.id_number.lower()})  # x or X alike
    assert numbers(by_id) == {cases["accept"].number}
    rows = by_id.content.decode().split("<tbody>", 1)[1]
    assert li_wei.person.id_number not in rows  # never shown in clear on the list


def test_the_filter_form_never_puts_an_id_number_in_the_address(client, cases, officer, li_wei):
    login(client, officer)
    number = li_wei.person.id_number
    response = client.post(URL, {"tab": "accept", "q": f" {number} ", "channel": "web", "junk": "x"})
    assert (
        response.status_code == 302
        and number not in response["Location"]
        and "junk" not in response["Location"]
    )
    listed = client.get(response["Location"])
    assert numbers(listed) == {cases["accept"].number}
    assert number not in listed.content.decode()
    by_name = client.post(URL, {"tab": "accept", "q": "李伟"})
    assert numbers(client.get(by_name["Location"])) == {cases["accept"].number}


def test_filters_narrow_and_wrong_filters_are_ignored(client, cases, officer, sole_trader_item):
    login(client, officer)
    response = client.get(URL, {"tab": "mine", "item": str(sole_trader_item.code)})
    assert numbers(response) == {cases["mine"].number, cases["overdue"].number}
    assert numbers(client.get(URL, {"tab": "accept", "channel": "counter"})) == set()
    assert numbers(client.get(URL, {"tab": "accept", "channel": "web", "status": "submitted"})) == {
        cases["accept"].number
    }
    for odd in (
        {"tab": "nope"},
        {"submitted_from": "2026-13-45"},
        {"page": "-1"},
        {"page": "x" * 300},
        {"size": "100000"},
        {"item": "not-a-code"},
        {"q": "\x00" * 5},
        {"q": "5" * 200},
    ):
        assert client.get(URL, odd).status_code == 200, odd
    today = timezone.localdate(cases["accept"].submitted_at).isoformat()
    assert numbers(client.get(URL, {"tab": "accept", "submitted_from": today, "submitted_to": today})) == {
        cases["accept"].number
    }
    assert numbers(client.get(URL, {"tab": "accept", "submitted_to": "2020-01-01"})) == set()


def test_counts_are_kept_briefly_and_forgotten_after_ones_own_act(client, cases, officer):
    from yiwang.cases.actions import do_accept_case

    login(client, officer)
    assert client.get(URL).context["tabs"][0][2] == 1
    do_accept_case(cases["accept"], actor=officer)  # elsewhere (the API): the badge lags behind
    response = client.get(URL)
    assert response.context["tabs"][0][2] == 1 and response.context["page"].rows == []
    supplement = cases["mine"]
    client.post(reverse("staff_cases:supplement", args=[supplement.code]), {"supplement-items": "照片"})
    assert client.get(URL).context["tabs"][0][2] == 0


def test_htmx_filter_gets_only_the_rows(client, cases, officer):
    login(client, officer)
    response = client.get(URL, {"tab": "accept"}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and b"<html" not in response.content
    assert cases["accept"].number.encode() in response.content


@pytest.mark.parametrize("rows", [10, 50])
def test_a_page_costs_a_bounded_number_of_queries(
    client, sole_trader_item, li_wei, officer, calendar, rows, django_assert_max_num_queries
):
    for _ in range(rows):
        accepted(sole_trader_item, li_wei, officer)
    login(client, officer)
    client.get(URL, {"tab": "mine", "size": 50})  # the calendar snapshot is loaded once per process
    cache.delete(f"worklist-counts:{officer.pk}")  # counted afresh: the dearest page
    # session, user, roles, departments, items for the filter, the officer's steps, count, rows,
    # three tab counts, the navbar's unread messages
    with django_assert_max_num_queries(12):
        response = client.get(URL, {"tab": "mine", "size": 50})
    assert len(response.context["page"].rows) == rows


def test_other_departments_see_none_of_these_cases(client, cases, other_officer):
    login(client, other_officer)
    for tab in ("accept", "mine", "overdue", "finished"):
        assert numbers(client.get(URL, {"tab": tab})) == set()
    assert numbers(client.get(URL, {"tab": "accept", "q": cases["accept"].number})) == set()


def test_citizens_and_visitors_have_no_workbench(client, li_wei):
    assert client.get(URL).status_code == 302  # to the login page
    login(client, li_wei)
    assert client.get(URL).status_code == 404


def test_supervisor_sees_the_lists(client, cases, supervisor):
    # The supervisor's role is in 政务办 (01); the cases belong to 市场监管局: nothing there, but a page.
    login(client, supervisor)
    assert client.get(URL).status_code == 200


def test_navbar_links_the_workbench_for_handling_staff_only(client, officer, li_wei, steward):
    login(client, officer)
    assert URL.encode() in client.get("/me/").content
    client.logout()
    login(client, steward)
    assert URL.encode() not in client.get("/me/").content
    client.logout()
    login(client, li_wei)
    assert URL.encode() not in client.get("/me/").content
    assert Case.objects.count() == 0
