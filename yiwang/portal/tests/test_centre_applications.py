"""/me/: my applications (drafts to continue, in progress, finished) in the personal centre."""

from yiwang.cases.actions import do_accept_case, do_start_case, do_withdraw_case
from yiwang.cases.tests.portal_world import submitted_for


def test_drafts_open_and_finished_cases_each_have_their_section(
    client, calendar, li_wei, login_as, sole_trader_item, officer
):
    draft = do_start_case(sole_trader_item, applicant=li_wei.person, owner=li_wei, actor=li_wei)
    running = submitted_for(li_wei, li_wei.person, sole_trader_item)
    do_accept_case(running, actor=officer)
    withdrawn = do_withdraw_case(submitted_for(li_wei, li_wei.person, sole_trader_item), actor=li_wei)
    login_as(li_wei)

    response = client.get("/me/")

    applications = response.context["applications"]
    assert applications["drafts"] == [draft]
    assert [row["case"] for row in applications["open"]] == [running] and applications["open"][0]["due"]
    assert applications["closed"] == [withdrawn]
    page = response.content.decode()
    assert f"/cases/{draft.code}/form/" in page and f"/cases/{running.code}/" in page


def test_another_citizens_applications_are_not_in_my_centre(
    client, li_wei, wang_fang, login_as, submitted_case
):
    login_as(wang_fang)

    applications = client.get("/me/").context["applications"]

    assert applications == {"drafts": [], "open": [], "closed": []}


def test_the_centre_uses_a_bounded_number_of_queries(
    client, li_wei, login_as, sole_trader_item, django_assert_max_num_queries
):
    for _ in range(2):
        submitted_for(li_wei, li_wei.person, sole_trader_item)
    login_as(li_wei)
    client.get("/me/")

    with django_assert_max_num_queries(16) as few:
        client.get("/me/")
    for _ in range(8):
        submitted_for(li_wei, li_wei.person, sole_trader_item)
        do_start_case(sole_trader_item, applicant=li_wei.person, owner=li_wei, actor=li_wei)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/me/")
