"""GET /api/v1/cases and /api/v1/cases/{code}: the applicant follows their cases; nobody else sees them."""

import pytest

from conftest import sole_trader_answers
from yiwang.cases.actions import do_accept_case, do_start_case
from yiwang.cases.tests.api_client import assert_error

URL = "/api/v1/cases"


def test_list_shows_my_cases_newest_first(as_user, li_wei, submitted_case, sole_trader_item):
    draft = do_start_case(sole_trader_item, applicant=li_wei.person, owner=li_wei, actor=li_wei)

    data = as_user(li_wei).get(URL).json()

    assert data["count"] == 2 and data["page"] == 1
    assert [row["code"] for row in data["results"]] == [str(draft.code), str(submitted_case.code)]
    assert data["results"][1]["status"] == "submitted" and data["results"][1]["status_label"] == "Submitted"


def test_list_pages_and_filters(as_user, li_wei, submitted_case, sole_trader_item):
    for _ in range(3):
        do_start_case(sole_trader_item, applicant=li_wei.person, owner=li_wei, actor=li_wei)
    api = as_user(li_wei)

    second = api.get(URL, {"page": 2, "page_size": 3}).json()
    drafts = api.get(URL, {"status": "draft"}).json()

    assert second["count"] == 4 and len(second["results"]) == 1
    assert second["results"][0]["code"] == str(submitted_case.code)
    assert drafts["count"] == 3


@pytest.mark.parametrize("params", [{"page": 0}, {"page_size": 101}, {"page": "two"}, {"status": "lost"}])
def test_bad_paging_or_status_is_refused(as_user, li_wei, district, params):
    assert_error(as_user(li_wei).get(URL, params), 422, "invalid_input")


def test_list_makes_a_bounded_number_of_queries(
    as_user, li_wei, calendar, officer, sole_trader_item, django_assert_max_num_queries
):
    from yiwang.cases.actions import do_apply
    from yiwang.cases.tests.api_client import fetched_only_item

    item = fetched_only_item()
    for _ in range(12):
        case = do_apply(
            item, applicant=li_wei.person, owner=li_wei, actor=li_wei, answers=sole_trader_answers()
        )
        do_accept_case(case, actor=officer)
    api = as_user(li_wei)
    api.get(URL)  # the token is resolved and cached

    with django_assert_max_num_queries(6):
        small = api.get(URL, {"page_size": 2})
    with django_assert_max_num_queries(6):
        large = api.get(URL, {"page_size": 12})

    assert len(small.json()["results"]) == 2 and len(large.json()["results"]) == 12
    assert all(row["due_date"] and row["remaining_workdays"] is not None for row in large.json()["results"])


def test_detail_tells_status_due_date_and_timeline(as_user, li_wei, calendar, officer, submitted_case):
    do_accept_case(submitted_case, actor=officer, opinion="材料齐全")

    data = as_user(li_wei).get(f"{URL}/{submitted_case.code}").json()

    assert data["status"] == "in_review" and data["current_step"] == "审查"
    assert data["due_date"] == submitted_case.clock.due_date.isoformat()
    assert data["remaining_workdays"] == submitted_case.clock.remaining_workdays()
    assert [(s["name"], s["action"]) for s in data["timeline"]] == [
        ("申请", "submitted"),
        ("受理", "accepted"),
        ("审查", ""),
    ]
    assert data["timeline"][1]["opinion"] == "材料齐全"
    assert data["applicant"] == "李*" and data["applicant_kind"] == "person"
    assert {m["status"] for m in data["materials"]} == {"uploaded", "awaiting"}
    assert data["supplement"] is None


def test_other_citizen_sees_nothing(as_user, wang_fang, submitted_case):
    api = as_user(wang_fang)

    assert api.get(URL).json()["count"] == 0
    assert_error(api.get(f"{URL}/{submitted_case.code}"), 404, "not_found")


def test_officer_does_not_see_it_as_their_own(as_user, officer, submitted_case):
    assert as_user(officer).get(URL).json()["count"] == 0
    assert_error(as_user(officer).get(f"{URL}/{submitted_case.code}"), 404, "not_found")


def test_without_a_token_is_401(as_user, submitted_case):
    assert_error(as_user(None).get(URL), 401, "not_authenticated")
    assert_error(as_user(None).get(f"{URL}/{submitted_case.code}"), 401, "not_authenticated")
