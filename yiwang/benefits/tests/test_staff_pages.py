"""The staff pages of benefit rules: the data steward and the system administrator see the rules and
their runs and run one on demand; everybody else gets 404 (or the login page), and nothing runs."""

import pytest

from conftest import login
from yiwang.benefits.models import BenefitGrant, BenefitRun
from yiwang.benefits.tests.world import allowance_rule, resident, years_ago


@pytest.fixture
def rule(allowance_item):
    resident(years_ago(81))
    return allowance_rule(allowance_item)


@pytest.mark.parametrize("persona", ["steward", "sysadmin"])
def test_run_on_demand_and_see_the_counts(client, rule, persona, request, django_capture_on_commit_callbacks):
    login(client, request.getfixturevalue(persona))
    listing = client.get("/staff/benefits/").content.decode()
    assert "高龄津贴" in listing and "/staff/benefits/elderly-allowance/" in listing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/staff/benefits/elderly-allowance/run/")
    assert response.status_code == 302 and response.url == "/staff/benefits/elderly-allowance/"
    run = BenefitRun.objects.get()
    assert (run.trigger, run.status, run.found, run.granted) == (BenefitRun.MANUAL, BenefitRun.FINISHED, 1, 1)
    assert run.started_by == request.getfixturevalue(persona)
    page = client.get("/staff/benefits/elderly-allowance/")
    assert page.status_code == 200
    assert (
        '<td class="text-end">1</td><td class="text-end">1</td><td class="text-end">1</td>'
        in page.content.decode()
    )


def test_the_rule_list_costs_the_same_few_queries_however_many_runs(
    client, steward, rule, django_assert_max_num_queries
):
    from yiwang.benefits.actions import do_run_benefit_rule

    for _ in range(3):
        do_run_benefit_rule(rule)
    login(client, steward)
    with django_assert_max_num_queries(12):
        assert client.get("/staff/benefits/").status_code == 200


def test_outsiders_get_nothing_and_run_nothing(client, rule, li_wei, officer, supervisor, secadmin):
    paths = ["/staff/benefits/", "/staff/benefits/elderly-allowance/"]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    assert client.post("/staff/benefits/elderly-allowance/run/").status_code == 302
    for user in (li_wei, officer, supervisor, secadmin):
        login(client, user)
        for path in paths:
            assert client.get(path).status_code == 404
        assert client.post("/staff/benefits/elderly-allowance/run/").status_code == 404
    assert not BenefitRun.objects.exists() and not BenefitGrant.objects.exists()


@pytest.mark.parametrize("code", ["nope", "%00", "a" * 300, "elderly-allowance%0A"])
def test_unknown_rules_are_not_found(client, steward, rule, code):
    login(client, steward)
    assert client.get(f"/staff/benefits/{code}/").status_code == 404
    assert client.post(f"/staff/benefits/{code}/run/").status_code == 404


def test_a_run_is_started_by_post_only(client, steward, rule):
    login(client, steward)
    assert client.get("/staff/benefits/elderly-allowance/run/").status_code == 405
    assert not BenefitRun.objects.exists()
