"""好差评 fixtures: cases at each stage an applicant rates, a hotline ticket answered, a 差评, all by actions."""

import pytest

from conftest import _staff, department
from yiwang.cases.actions import do_accept_case, do_complete_step, do_finish_case


def finish(case, officer, head):
    """Take an accepted sole-trader case through its two steps to an approved, finished case."""
    do_complete_step(case, actor=officer, opinion="材料齐全，符合条件。")
    do_complete_step(case, actor=head, opinion="同意。", decision="approved")
    return do_finish_case(case, actor=head)


@pytest.fixture
def accepted_case(submitted_case, officer, calendar):
    """Li Wei's case, accepted by 市场监管局 (the acceptance stage has happened)."""
    return do_accept_case(submitted_case, actor=officer)


@pytest.fixture
def finished_case(accepted_case, officer, head):
    """Li Wei's case, approved and finished (the result stage has happened)."""
    return finish(accepted_case, officer, head)


@pytest.fixture
def bad_review(finished_case, li_wei):
    """Li Wei rates the result 非常不满意 from the portal: the 差评 loop starts."""
    from yiwang.feedback.actions import do_rate
    from yiwang.feedback.stages import CASE, Target

    return do_rate(
        Target(CASE, finished_case, "result"),
        level=1,
        indicators=["efficiency"],
        comment="等了很久，窗口说法前后不一。",
        channel_code="1",
        actor=li_wei,
    )


@pytest.fixture
def loop(bad_review):
    return bad_review.rectification


@pytest.fixture
def answered_ticket(li_wei, officer, calendar, district):
    """Li Wei's complaint written on the portal, dispatched to 市场监管局 and answered."""
    from yiwang.hotline.actions import (
        do_answer_ticket,
        do_create_ticket,
        do_dispatch_ticket,
        do_take_up_ticket,
    )
    from yiwang.hotline.demo import seed_categories

    categories = {c.name: c for c in seed_categories()}
    dispatcher = _staff("dispatcher", "吴强", department("01"), "dispatcher")
    ticket = do_create_ticket(
        kind="complaint",
        title="餐馆卖过期食品",
        text="解放碑一家餐馆使用过期食材，请查处。",
        caller_user=li_wei,
        channel="web",
    )
    do_dispatch_ticket(ticket, category=categories["商贸旅游"], department=department("04"), actor=dispatcher)
    do_take_up_ticket(ticket, actor=officer)
    return do_answer_ticket(ticket, answer="已现场检查，责令商家整改。", actor=officer)
