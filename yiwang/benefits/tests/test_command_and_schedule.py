"""`yiwang benefits run [RULE]` with its progress, and the worker's daily job."""

import io

import pytest
from django.core.management import CommandError, call_command

from yiwang.benefits.models import BenefitGrant, BenefitRun
from yiwang.benefits.tests.world import allowance_rule, resident, years_ago


@pytest.fixture
def rule(allowance_item):
    for years in (79, 80, 95):
        resident(years_ago(years))
    return allowance_rule(allowance_item)


def test_the_command_runs_one_rule_with_progress(rule):
    out = io.StringIO()
    call_command("benefits", "run", "elderly-allowance", "--chunk", "2", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("elderly-allowance: 2/3 checked")
    assert lines[1].startswith("elderly-allowance: 3/3 checked, 2 eligible, 2 granted")
    assert lines[-1].startswith("elderly-allowance: 3 checked, 2 eligible, 2 granted, 0 already granted")
    assert BenefitRun.objects.get().trigger == BenefitRun.COMMAND


def test_the_command_runs_every_active_rule_and_lists_them(rule):
    call_command("benefits", "run", stdout=io.StringIO())
    assert BenefitGrant.objects.count() == 2
    out = io.StringIO()
    call_command("benefits", "list", stdout=out)
    assert out.getvalue().startswith("elderly-allowance\tactive\t")


@pytest.mark.parametrize(
    "args, message",
    [
        (["run", "nope"], "No benefit rule has the code 'nope'."),
        (["run", "elderly-allowance", "--chunk", "0"], "--chunk must be between 1 and 100000"),
    ],
)
def test_the_command_refuses_bad_arguments(rule, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("benefits", *args, stdout=io.StringIO())
    assert not BenefitRun.objects.exists()


def test_the_daily_job_runs_active_rules_only(rule, allowance_item):
    from yiwang.benefits.actions import do_save_benefit_rule
    from yiwang.benefits.tasks import run_benefit_rules
    from yiwang.core.schedule import jobs

    do_save_benefit_rule(
        code="off",
        name="停用",
        audience="person",
        item=allowance_item,
        condition=[],
        grant_description="停用",
        is_active=False,
        actor=None,
    )
    assert "benefit-runs" in jobs()
    assert run_benefit_rules.call() == 2
    assert list(BenefitRun.objects.values_list("rule__code", "trigger")) == [
        ("elderly-allowance", "schedule")
    ]
