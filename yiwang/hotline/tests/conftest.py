"""Hotline personas and tickets, built by actions."""

import pytest

from conftest import _staff, department


@pytest.fixture
def categories(district):
    from yiwang.hotline.demo import seed_categories

    return {c.name: c for c in seed_categories()}


@pytest.fixture
def operator(district):
    return _staff("operator", "周婷", department("01"), "hotline_operator")


@pytest.fixture
def dispatcher(district):
    return _staff("dispatcher", "吴强", department("01"), "dispatcher")


def make_ticket(operator, **fields):
    from yiwang.hotline.actions import do_create_ticket

    values = dict(
        kind="complaint",
        title="解放碑某餐馆卖过期食品",
        text="我在解放碑民族路一家餐馆吃饭，发现菜品使用过期食材，商家拒绝退款，请市场监管部门查处。",
        caller_name="孙丽",
        caller_phone="13900000009",
        address="渝中区解放碑街道民族路88号",
        actor=operator,
    )
    values.update(fields)
    return do_create_ticket(**values)


@pytest.fixture
def ticket(calendar, categories, operator):
    """A complaint taken on the phone, waiting for dispatch."""
    return make_ticket(operator)


@pytest.fixture
def dispatched(ticket, dispatcher, categories):
    """The complaint dispatched to 市场监管局 (the officer's department)."""
    from yiwang.hotline.actions import do_dispatch_ticket

    return do_dispatch_ticket(
        ticket, category=categories["商贸旅游"], department=department("04"), actor=dispatcher
    )


@pytest.fixture
def answered(dispatched, officer):
    from yiwang.hotline.actions import do_answer_ticket, do_take_up_ticket

    do_take_up_ticket(dispatched, actor=officer)
    return do_answer_ticket(dispatched, answer="已现场检查，责令商家整改并退款。", actor=officer)
