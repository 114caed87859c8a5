"""12345 journey: an operator takes a call and sees the caller's earlier ticket, dispatches to the
suggested department, the department's officer takes it up and answers, and the operator records a
satisfied return visit, which closes the ticket."""

import time

import pytest
from playwright.sync_api import expect

from yiwang.hotline.models import Ticket

pytestmark = pytest.mark.browser


@pytest.fixture
def log_in(context, live_server):
    """Open a session for a member of staff, second factor passed (the login pages have their own journeys)."""

    def log_in_as(user):
        from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
        from django.contrib.sessions.backends.db import SessionStore

        from yiwang.accounts.middleware import LAST_SEEN, SECOND_FACTOR_AT

        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "yiwang.accounts.backends.IdentifierBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session[SECOND_FACTOR_AT] = session[LAST_SEEN] = time.time()
        session.create()
        context.clear_cookies()
        context.add_cookies([{"name": "sessionid", "value": session.session_key, "url": live_server.url}])

    return log_in_as


@pytest.fixture
def staff(calendar, district):
    from yiwang.hotline.demo import seed_categories
    from yiwang.hotline.tests.conftest import _staff, department, make_ticket

    seed_categories()
    people = {
        "operator": _staff("operator", "周婷", department("01"), "hotline_operator"),
        "officer": _staff("officer", "陈刚", department("04"), "officer"),
    }
    make_ticket(
        people["operator"],
        title="民族路商铺噪音扰民",
        text="晚上十点以后商铺音响声音很大。",
        caller_phone="13900000009",
    )
    return people


def test_operator_takes_a_call_department_answers_operator_records_a_satisfied_visit(
    page, staff, log_in, screenshot
):
    log_in(staff["operator"])
    page.goto("/staff/hotline/call/")
    page.fill("#id_caller_phone", "13900000009")
    expect(page.locator("#caller-history")).to_contain_text("民族路商铺噪音扰民")
    page.fill("#id_caller_name", "孙丽")
    page.select_option("#id_kind", "complaint")
    page.fill("#id_title", "解放碑餐馆卖过期食品")
    page.fill(
        "#id_text", "我在解放碑民族路一家餐馆吃饭，发现菜品使用过期食材，商家拒绝退款，请市场监管部门查处。"
    )
    page.fill("#id_address", "渝中区解放碑街道民族路88号")
    screenshot("call")
    page.locator("#call-form button[type=submit]").click()

    expect(page.locator("#suggestions")).to_contain_text("商贸旅游")
    expect(page.locator("#id_department option:checked")).to_have_text("渝中区市场监督管理局")
    screenshot("dispatch")
    page.locator("#dispatch-button").click()
    expect(page.locator("#ticket-status")).to_have_text("已派单")
    ticket = Ticket.objects.get(title="解放碑餐馆卖过期食品")

    log_in(staff["officer"])
    page.goto("/staff/hotline/worklist/")
    page.get_by_role("link", name=ticket.number).click()
    page.locator("#take-up-button").click()
    expect(page.locator("#ticket-status")).to_have_text("办理中")
    page.fill("#id_answer", "已现场检查，责令商家整改并全额退款。")
    screenshot("answer")
    page.locator("#answer-button").click()
    expect(page.locator("#ticket-status")).to_have_text("已答复")

    log_in(staff["operator"])
    page.goto("/staff/hotline/?tab=visit")
    page.get_by_role("link", name=ticket.number).click()
    page.locator("#sat-satisfied").check()
    page.locator("#resolved-yes").check()
    page.locator("#visit-button").click()
    expect(page.locator("#ticket-status")).to_have_text("已办结")
    screenshot("closed")
    ticket.refresh_from_db()
    assert ticket.status == Ticket.CLOSED and ticket.satisfaction == Ticket.SATISFIED
